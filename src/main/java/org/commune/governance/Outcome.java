package org.commune.governance;

import java.util.Optional;

/** How a vote ended. {@link #code()} is what the database stores and the pages' message keys name. */
public enum Outcome implements Coded {
  /** A yes/no (or consent) decision passed. */
  ACCEPTED("accepted"),
  /** A yes/no (or consent) decision did not pass. */
  REJECTED("rejected"),
  /** A vote among options chose one (or elected several). */
  CHOSEN("chosen"),
  /** Too few voted: nothing was decided. */
  FAILED_QUORUM("failed_quorum");

  private final String code;

  Outcome(String code) {
    this.code = code;
  }

  @Override
  public String code() {
    return code;
  }

  /** A decision was taken that can be carried out (and reported on): passed, or an option chosen. */
  public boolean taken() {
    return this == ACCEPTED || this == CHOSEN;
  }

  public static Optional<Outcome> fromCode(String code) {
    return Coded.byCode(values(), code);
  }

  /** An outcome read from the database, which only ever holds these codes (a check constraint says so). */
  public static Outcome ofCode(String code) {
    return fromCode(code).orElseThrow(() -> new IllegalStateException("Unknown outcome: " + code));
  }
}
