package org.commune.governance;

import java.util.Optional;

/** The methods a proposal can be decided by; the constitution says which each decision type may use. */
public enum VotingMethod implements Coded {
  MAJORITY("majority", Ballot.CHOICE),
  SUPERMAJORITY("supermajority", Ballot.CHOICE),
  CONSENT("consent", Ballot.NONE),
  APPROVAL("approval", Ballot.APPROVAL),
  SCORE("score", Ballot.SCORES),
  STAR("star", Ballot.SCORES),
  IRV("irv", Ballot.RANKS),
  SCHULZE("schulze", Ballot.RANKS),
  SCOTTISH_STV("scottish-stv", Ballot.RANKS),
  MEEK_STV("meek-stv", Ballot.RANKS);

  /** What a member fills in: yes/no/abstain, nothing (consent: objections instead), approvals, scores or ranks. */
  public enum Ballot { CHOICE, NONE, APPROVAL, SCORES, RANKS }

  private final String code;
  private final Ballot ballot;

  VotingMethod(String code, Ballot ballot) {
    this.code = code;
    this.ballot = ballot;
  }

  @Override
  public String code() {
    return code;
  }

  public Ballot ballot() {
    return ballot;
  }

  /** True when members choose among options; false for a yes/no (or consent) decision. */
  public boolean hasOptions() {
    return ballot == Ballot.APPROVAL || ballot == Ballot.SCORES || ballot == Ballot.RANKS;
  }

  public boolean ranked() {
    return ballot == Ballot.RANKS;
  }

  /**
   * The count can break a tie by the draw seeded with the published tie-break seed: IRV and STV
   * eliminations, STAR's finalists. Other methods declare ties (Schulze, approval, score) or have none
   * to break (yes/no), so their pages do not show the seed.
   */
  public boolean usesTieSeed() {
    return this == IRV || this == SCOTTISH_STV || this == MEEK_STV || this == STAR;
  }

  /** STV fills several seats; every other method picks one option or decides yes/no. */
  public boolean multiSeat() {
    return this == SCOTTISH_STV || this == MEEK_STV;
  }

  public static Optional<VotingMethod> fromCode(String code) {
    return Coded.byCode(values(), code);
  }
}
