package org.commune.members;

import java.util.UUID;

/** A member's permanent, public identifier. It stays in the public record after the member leaves. */
public record MemberId(UUID value) {

  public static MemberId random() {
    return new MemberId(UUID.randomUUID());
  }

  public static MemberId parse(String text) {
    return new MemberId(UUID.fromString(text));
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
