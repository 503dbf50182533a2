package org.commune.assembly;

/** A meeting's life: called (scheduled), in session (attendance and quick votes), closed (minutes). */
public enum MeetingStatus {
  SCHEDULED("scheduled"),
  IN_SESSION("in-session"),
  CLOSED("closed");

  private final String code;

  MeetingStatus(String code) {
    this.code = code;
  }

  /** The code stored in the database; {@code assembly.status.<code>} names it on pages. */
  public String code() {
    return code;
  }

  static MeetingStatus of(String code) {
    for (MeetingStatus s : values()) {
      if (s.code.equals(code)) {
        return s;
      }
    }
    throw new IllegalArgumentException("no meeting status " + code);
  }
}
