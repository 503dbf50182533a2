package org.commune.governance.counting;

/**
 * The instant-runoff options real jurisdictions use, recorded with the result so a recount under other
 * rules is never mistaken for the official one. {@link #DEFAULT} is Commune's own rule.
 *
 * @param batchElimination eliminate at once every option that could not overtake the next-lowest one
 *     even with all their votes together (as San Francisco and Minneapolis do); only when it removes two
 *     or more, otherwise the single lowest goes
 * @param maxSkippedRankings how many consecutive empty rankings a ballot may skip before it becomes
 *     inactive ({@link #UNLIMITED}: any number; 0: none, as in Maine)
 * @param overvoteRule what two or more options at one ranking do to the ballot
 * @param maxRankings only the first this-many rankings are read ({@link #UNLIMITED}: all); a ballot
 *     whose choices run out at that ranking is counted as "max rankings reached"
 * @param continueUntilTwo keep eliminating after a majority until two options remain (the winner is
 *     still the first to reach the threshold, which stays fixed from that round on)
 */
public record IrvRules(boolean batchElimination, int maxSkippedRankings, OvervoteRule overvoteRule, int maxRankings,
    boolean continueUntilTwo) {

  public static final int UNLIMITED = -1;

  /** Today's rule: single eliminations, skipped rankings skipped, an overvote of two continuing options exhausts. */
  public static final IrvRules DEFAULT =
      new IrvRules(false, UNLIMITED, OvervoteRule.EXHAUST_IF_MULTIPLE_CONTINUING, UNLIMITED, false);

  /** What an overvote (several options at one ranking) does. */
  public enum OvervoteRule {
    /** The ballot becomes inactive at the overvote, whoever is still continuing. */
    EXHAUST_IMMEDIATELY,
    /** Inactive only when two or more of the options at that ranking are still continuing. */
    EXHAUST_IF_MULTIPLE_CONTINUING,
    /** The ranking is passed over and the next one read. */
    SKIP_TO_NEXT
  }

  public IrvRules {
    if (overvoteRule == null) {
      throw new IllegalArgumentException("an overvote rule is required");
    }
    if (maxSkippedRankings < UNLIMITED) {
      throw new IllegalArgumentException("the limit on skipped rankings must be 0 or more");
    }
    if (maxRankings != UNLIMITED && maxRankings < 1) {
      throw new IllegalArgumentException("the maximum number of rankings must be 1 or more");
    }
  }

  /** Today's rule with the overvote rule of the old {@code --skip-overvotes} switch. */
  public static IrvRules withOvervotes(boolean skip) {
    return DEFAULT.overvotes(skip ? OvervoteRule.SKIP_TO_NEXT : OvervoteRule.EXHAUST_IF_MULTIPLE_CONTINUING);
  }

  public IrvRules overvotes(OvervoteRule rule) {
    return new IrvRules(batchElimination, maxSkippedRankings, rule, maxRankings, continueUntilTwo);
  }

  public IrvRules batch(boolean on) {
    return new IrvRules(on, maxSkippedRankings, overvoteRule, maxRankings, continueUntilTwo);
  }

  public IrvRules skippedRankings(int max) {
    return new IrvRules(batchElimination, max, overvoteRule, maxRankings, continueUntilTwo);
  }

  public IrvRules rankings(int max) {
    return new IrvRules(batchElimination, maxSkippedRankings, overvoteRule, max, continueUntilTwo);
  }

  public IrvRules untilTwo(boolean on) {
    return new IrvRules(batchElimination, maxSkippedRankings, overvoteRule, maxRankings, on);
  }
}
