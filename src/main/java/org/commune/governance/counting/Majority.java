package org.commune.governance.counting;

/**
 * Yes/no decisions. Simple majority: more yes than no among non-abstaining ballots. Supermajority:
 * yes / (yes + no) ≥ the threshold (2/3, 3/4, or what the constitution sets). Abstentions count for
 * quorum only.
 */
public final class Majority {

  private Majority() {}

  public record Result(long yes, long no, long abstain, Fraction threshold, boolean passed) {}

  public static Result simple(long yes, long no, long abstain) {
    check(yes, no, abstain);
    return new Result(yes, no, abstain, Fraction.HALF, yes > no);
  }

  public static Result supermajority(long yes, long no, long abstain, Fraction threshold) {
    check(yes, no, abstain);
    boolean passed = yes + no > 0 && threshold.reachedBy(yes, yes + no);
    return new Result(yes, no, abstain, threshold, passed);
  }

  private static void check(long... counts) {
    for (long count : counts) {
      if (count < 0) {
        throw new IllegalArgumentException("counts cannot be negative");
      }
    }
  }
}
