package org.commune.governance.counting;

/**
 * Quorum: turnout (ballots cast, abstentions and delegated weight included) must reach the quorum
 * fraction of the members eligible when voting opened. A vote that misses it fails and says so.
 */
public final class Quorum {

  private Quorum() {}

  public record Result(long turnout, long eligible, Fraction quorum, long required, boolean met) {}

  public static Result check(long turnout, long eligible, Fraction quorum) {
    if (turnout < 0 || eligible < 0 || turnout > eligible) {
      throw new IllegalArgumentException("turnout must be between 0 and the number of eligible voters");
    }
    long required = quorum.of(eligible);
    return new Result(turnout, eligible, quorum, required, turnout >= required);
  }
}
