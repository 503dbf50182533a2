package org.commune.members;

import java.util.Optional;

/** The kinds of group an organisation has. */
public enum GroupKind {
  BRANCH("branch"),
  COMMITTEE("committee"),
  WORKING_GROUP("working_group");

  private final String code;

  GroupKind(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  public static Optional<GroupKind> fromCode(String code) {
    for (GroupKind kind : values()) {
      if (kind.code.equals(code)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }
}
