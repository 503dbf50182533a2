package org.commune.governance.counting;

import java.util.Locale;

/** A yes/no/abstain ballot, for majority and supermajority decisions. */
public record YesNoBallot(Answer answer, long weight) implements WeightedBallot {

  public YesNoBallot {
    if (weight < 1) {
      throw new IllegalArgumentException("a ballot's weight must be at least 1");
    }
  }

  /** The three answers, by the codes ballots store. */
  public enum Answer {
    YES, NO, ABSTAIN;

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  @Override
  public BallotKind kind() {
    return BallotKind.CHOICE;
  }
}
