package org.commune.members;

import java.util.Locale;
import java.util.Optional;

/** What a member may do. Stewards hold the few technical powers; every change of role is public. */
public enum Role {
  MEMBER,
  MODERATOR,
  STEWARD;

  /** The name stored in the database and shown in the public log. */
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<Role> fromCode(String code) {
    for (Role role : values()) {
      if (role.code().equals(code)) {
        return Optional.of(role);
      }
    }
    return Optional.empty();
  }
}
