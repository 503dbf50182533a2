package org.commune.governance.counting;

/**
 * One ballot of a {@link BallotSet}, standing for {@code weight} identical ballots (a voter and the
 * votes delegated to them, or a BLT line's count). The kinds a method may read are closed: a counter
 * knows every shape it can be given.
 */
public sealed interface WeightedBallot permits YesNoBallot, RankedBallot, Approval.Ballot, Score.Ballot {

  /** How many identical ballots this one stands for; at least 1. */
  long weight();

  /** What the voter filled in. */
  BallotKind kind();

  /** What a ballot holds; each counting method reads exactly one kind. */
  enum BallotKind {
    CHOICE("yes/no"), RANKS("ranked"), APPROVAL("approval"), SCORES("score");

    private final String words;

    BallotKind(String words) {
      this.words = words;
    }

    /** The kind in words, for messages. */
    public String words() {
      return words;
    }
  }
}
