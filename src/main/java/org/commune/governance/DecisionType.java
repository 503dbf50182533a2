package org.commune.governance;

import java.util.Optional;

/**
 * The types of decision the constitution has rules for. The types are fixed (the code knows what each
 * does); their rules are data. {@link #code()} is what the database and the constitution's JSON store.
 */
public enum DecisionType implements Coded {
  /** A general decision. */
  GENERAL("general"),
  /** An election of one or several people. */
  ELECTION("election"),
  /** A vote on a declined amendment; its payload is the amendment's id. */
  AMENDMENT("amendment"),
  /** A change of the constitution itself; its payload is the change, adopted when it passes. */
  CONSTITUTION("constitution"),
  /** The AI charter; the ai module adopts a passed one (its payload). */
  AI_CHARTER("ai-charter"),
  /**
   * Adopting or ending an alliance with another Commune (federation mirrors and witnesses it); its payload
   * is {@code {"action":"adopt"|"end","ally":"https://…", …the ally's keys}}, acted on when it passes.
   */
  ALLIANCE("alliance"),
  /**
   * Moving the organisation's actor to a new address (federation hands over and sends the Move only to an
   * address a passed one names); its payload is {@code {"to":"https://new.example/actors/org"}}.
   */
  MOVE("move");

  private final String code;

  DecisionType(String code) {
    this.code = code;
  }

  @Override
  public String code() {
    return code;
  }

  /** A proposal of this type carries a document (payload) that is acted on when it passes. */
  public boolean needsPayload() {
    return this == AMENDMENT || this == CONSTITUTION || this == AI_CHARTER || this == ALLIANCE || this == MOVE;
  }

  public static Optional<DecisionType> fromCode(String code) {
    return Coded.byCode(values(), code);
  }

  /** A type read from the database, which only ever holds these codes. */
  public static DecisionType ofCode(String code) {
    return fromCode(code).orElseThrow(() -> new IllegalStateException("Unknown decision type: " + code));
  }
}
