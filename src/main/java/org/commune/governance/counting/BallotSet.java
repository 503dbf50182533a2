package org.commune.governance.counting;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.commune.governance.counting.WeightedBallot.BallotKind;

/**
 * Everything a count reads, typed: the method, the options (candidates), seats, the tie-break seed,
 * the supermajority threshold, the score and approval limits, the counting settings, and the
 * weighted ballots. The vote's close, its result page, its export and {@code ./commune tally} all
 * build one and hand it to {@link CountingMethod#count}; a ballot set that cannot be counted exactly
 * is refused here, with the ballot's number.
 *
 * @param withdrawn candidates withdrawn before the count (BLT {@code -n} lines): not among the options
 * @param parties each option's party (BLT), or empty when the file names none
 */
public record BallotSet(CountingMethod method, List<String> options, int seats, long seed, Fraction threshold,
    int maxScore, int maxApprovals, Schulze.Strength strength, IrvRules irvRules, List<WeightedBallot> ballots,
    List<String> withdrawn, List<String> parties) {

  public BallotSet {
    options = List.copyOf(options);
    ballots = List.copyOf(ballots);
    withdrawn = List.copyOf(withdrawn);
    parties = List.copyOf(parties);
    if (irvRules == null) {
      irvRules = IrvRules.DEFAULT;
    }
    if (options.isEmpty()) {
      throw new IllegalArgumentException("the ballots name no options");
    }
    requireFewOptions(options.size(), "the ballots");
    Map<String, Integer> seen = new HashMap<>();
    for (int o = 0; o < options.size(); o++) {
      String name = options.get(o);
      if (name.isBlank()) {
        throw new IllegalArgumentException("option " + (o + 1) + " has no name");
      }
      Integer before = seen.putIfAbsent(name.strip(), o);
      if (before != null) {
        throw new IllegalArgumentException("options " + (before + 1) + " and " + (o + 1) + " are both named \"" + name
            + "\": a count must tell its options apart");
      }
    }
    if (!parties.isEmpty() && parties.size() != options.size()) {
      throw new IllegalArgumentException("there are " + parties.size() + " parties for " + options.size() + " options");
    }
    if (maxScore < 1) {
      throw new IllegalArgumentException("the highest score must be at least 1, not " + maxScore);
    }
    if (maxApprovals < 0) {
      throw new IllegalArgumentException("the most approvals a ballot may give cannot be negative");
    }
    if (method.stv() && (seats < 1 || seats > options.size())) {
      throw new IllegalArgumentException("seats must be between 1 and the number of candidates (" + options.size()
          + "), not " + seats);
    }
    long total = 0;
    for (int b = 0; b < ballots.size(); b++) {
      WeightedBallot ballot = ballots.get(b);
      if (ballot.kind() != ballots.getFirst().kind()) {
        throw new IllegalArgumentException("ballot " + (b + 1) + " is a " + ballot.kind().words() + " ballot, but ballot 1 is a "
            + ballots.getFirst().kind().words() + " ballot: one count reads one kind");
      }
      check(ballot, b + 1, options.size(), maxScore, maxApprovals);
      try {
        total = Math.addExact(total, ballot.weight());
      } catch (ArithmeticException e) {
        throw new IllegalArgumentException("the ballots' weights add up to more than " + Long.MAX_VALUE
            + " (at ballot " + (b + 1) + "): they cannot be counted exactly");
      }
    }
  }

  /**
   * The most options (candidates) a count takes, for every method: every ranked ballot holds a rank
   * for each option and Schulze's strongest paths take time growing with the cube of their number, so
   * a file with more is refused before it is read further rather than exhausting memory or time.
   */
  public static final int MAX_OPTIONS = 1000;

  /** Refuses more than {@link #MAX_OPTIONS} options; {@code where} says whose (a file's line, a field). */
  public static void requireFewOptions(long count, String where) {
    if (count > MAX_OPTIONS) {
      throw new IllegalArgumentException(where + ": " + count + " options (candidates); a count takes at most "
          + MAX_OPTIONS);
    }
  }

  /** Plain settings: one vote for each ballot's weight, no withdrawn candidates, no parties. */
  public static BallotSet of(CountingMethod method, List<String> options, int seats, long seed, Fraction threshold,
      int maxScore, int maxApprovals, List<WeightedBallot> ballots) {
    return new BallotSet(method, options, seats, seed, threshold, maxScore, maxApprovals,
        Schulze.Strength.WINNING_VOTES, IrvRules.DEFAULT, ballots, List.of(), List.of());
  }

  private static void check(WeightedBallot ballot, int number, int options, int maxScore, int maxApprovals) {
    String where = "ballot " + number + ": ";
    switch (ballot) {
      case YesNoBallot yesNo -> { }
      case RankedBallot ranked -> {
        if (ranked.optionCount() != options) {
          throw new IllegalArgumentException(where + "ranks " + ranked.optionCount() + " options, not " + options);
        }
      }
      case Approval.Ballot approval -> {
        for (int option : approval.approved()) {
          if (option < 0 || option >= options) {
            throw new IllegalArgumentException(where + "approves option " + option + ", which does not exist (0 to "
                + (options - 1) + ")");
          }
        }
        if (maxApprovals > 0 && approval.approved().size() > maxApprovals) {
          throw new IllegalArgumentException(where + "approves " + approval.approved().size() + " options, more than "
              + maxApprovals);
        }
      }
      case Score.Ballot score -> {
        if (score.scores().length != options) {
          throw new IllegalArgumentException(where + "scores " + score.scores().length + " options, not " + options);
        }
        for (int o = 0; o < options; o++) {
          if (score.scores()[o] < 0 || score.scores()[o] > maxScore) {
            throw new IllegalArgumentException(where + "scores[" + o + "] is " + score.scores()[o]
                + ": scores go from 0 to " + maxScore);
          }
        }
      }
    }
  }

  /** The sum of the ballots' weights (fits in a long: the constructor checked). */
  public long totalWeight() {
    long total = 0;
    for (WeightedBallot ballot : ballots) {
      total += ballot.weight();
    }
    return total;
  }

  /** The kind of ballot this set holds; empty when it holds none. */
  public Optional<BallotKind> kind() {
    return ballots.isEmpty() ? Optional.empty() : Optional.of(ballots.getFirst().kind());
  }

  /** The same ballots counted by another method (its fit is checked when counting). */
  public BallotSet withMethod(CountingMethod other) {
    return new BallotSet(other, options, seats, seed, threshold, maxScore, maxApprovals, strength, irvRules,
        ballots, withdrawn, parties);
  }

  public BallotSet withSeats(int other) {
    return new BallotSet(method, options, other, seed, threshold, maxScore, maxApprovals, strength, irvRules,
        ballots, withdrawn, parties);
  }

  public BallotSet withSeed(long other) {
    return new BallotSet(method, options, seats, other, threshold, maxScore, maxApprovals, strength, irvRules,
        ballots, withdrawn, parties);
  }

  public BallotSet withStrength(Schulze.Strength other) {
    return new BallotSet(method, options, seats, seed, threshold, maxScore, maxApprovals, other, irvRules,
        ballots, withdrawn, parties);
  }

  public BallotSet withSkipOvervotes(boolean other) {
    return withIrvRules(irvRules.overvotes(other ? IrvRules.OvervoteRule.SKIP_TO_NEXT
        : IrvRules.OvervoteRule.EXHAUST_IF_MULTIPLE_CONTINUING));
  }

  /** The same ballots counted by IRV under other rules (batch elimination, overvotes, skipped rankings ...). */
  public BallotSet withIrvRules(IrvRules other) {
    return new BallotSet(method, options, seats, seed, threshold, maxScore, maxApprovals, strength, other,
        ballots, withdrawn, parties);
  }

  /** Whether an overvote's ranking is passed over (the export's {@code skipOvervotes}). */
  public boolean skipOvervotes() {
    return irvRules.overvoteRule() == IrvRules.OvervoteRule.SKIP_TO_NEXT;
  }

  /** The ballots of one kind, typed (the method's fit was checked before a counter asks). */
  <T extends WeightedBallot> List<T> ballotsOf(Class<T> type) {
    List<T> typed = new ArrayList<>(ballots.size());
    for (WeightedBallot ballot : ballots) {
      typed.add(type.cast(ballot));
    }
    return typed;
  }

  /** The count: the same report on the result page, in the export's recount and on the command line. */
  public CountReport count() {
    return method.count(this);
  }
}
