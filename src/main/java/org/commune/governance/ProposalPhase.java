package org.commune.governance;

import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The proposal's life as one state machine: every phase, and the only moves between them. A proposal
 * starts as a draft, in discussion, or (no discussion days) with voting open; a draft goes to
 * discussion or straight to voting; discussion to voting; voting to decided; a decision taken to
 * implementation. {@link #code()} is what the database stores and the pages' message keys name.
 */
public enum ProposalPhase implements Coded {
  DRAFT("draft"),
  DISCUSSION("discussion"),
  VOTING("voting"),
  DECIDED("decided"),
  IMPLEMENTATION("implementation");

  /** The allowed transitions, all of them: nothing else moves a proposal. */
  private static final Map<ProposalPhase, Set<ProposalPhase>> NEXT = Map.of(
      DRAFT, EnumSet.of(DISCUSSION, VOTING),
      DISCUSSION, EnumSet.of(VOTING),
      VOTING, EnumSet.of(DECIDED),
      DECIDED, EnumSet.of(IMPLEMENTATION),
      IMPLEMENTATION, EnumSet.noneOf(ProposalPhase.class));

  /** The phases a new proposal may start in. */
  private static final Set<ProposalPhase> INITIAL = EnumSet.of(DRAFT, DISCUSSION, VOTING);

  private final String code;

  ProposalPhase(String code) {
    this.code = code;
  }

  @Override
  public String code() {
    return code;
  }

  public boolean canMoveTo(ProposalPhase next) {
    return NEXT.get(this).contains(next);
  }

  /** The phases this one may move to (empty for a final one). */
  public Set<ProposalPhase> next() {
    return Set.copyOf(NEXT.get(this));
  }

  public boolean initial() {
    return INITIAL.contains(this);
  }

  /** The phase a new proposal starts in: a draft, discussion, or (no discussion) voting at once. */
  public static ProposalPhase starting(boolean draft, int discussionDays) {
    return draft ? DRAFT : discussionDays == 0 ? VOTING : DISCUSSION;
  }

  /** Its text may still change (by its author, or by an accepted amendment). */
  public boolean amendable() {
    return this == DRAFT || this == DISCUSSION;
  }

  /** Members may comment: during discussion and while voting. */
  public boolean openForComments() {
    return this == DISCUSSION || this == VOTING;
  }

  public static Optional<ProposalPhase> fromCode(String code) {
    return Coded.byCode(values(), code);
  }

  /** A phase read from the database, which only ever holds these codes (a check constraint says so). */
  public static ProposalPhase ofCode(String code) {
    return fromCode(code).orElseThrow(() -> new IllegalStateException("Unknown proposal phase: " + code));
  }
}
