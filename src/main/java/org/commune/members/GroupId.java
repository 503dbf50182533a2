package org.commune.members;

import java.util.UUID;

/** A group's identifier (a branch, committee or working group). */
public record GroupId(UUID value) {

  public static GroupId random() {
    return new GroupId(UUID.randomUUID());
  }

  @Override
  public String toString() {
    return value.toString();
  }
}
