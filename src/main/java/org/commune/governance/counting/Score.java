package org.commune.governance.counting;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Score voting: each ballot gives every option a score from 0 to the maximum (5 or 10); the highest
 * total wins (the result also shows each mean). STAR adds an automatic runoff between the two
 * highest totals: the one more ballots scored higher wins (Score Then Automatic Runoff).
 */
public final class Score {

  private Score() {}

  public record Ballot(int[] scores, long weight) implements WeightedBallot {
    public Ballot {
      if (weight < 1) {
        throw new IllegalArgumentException("a ballot's weight must be at least 1");
      }
      scores = scores.clone();
    }

    @Override
    public BallotKind kind() {
      return BallotKind.SCORES;
    }
  }

  /** Totals and means per option, the score winners, and for STAR the finalists and runoff counts. */
  /**
   * @param finalistTie the options tied for a finalist's place, all of them, when the seeded draw had to
   *     choose among them; empty when the totals chose the finalists
   */
  public record Result(List<String> options, long[] totals, BigDecimal[] means, List<Integer> scoreWinners,
      int finalistA, int finalistB, long preferA, long preferB, List<Integer> starWinners, List<Integer> finalistTie) {}

  /** The count, with a tie for a STAR finalist's place decided by the draw of seed 1. */
  public static Result count(List<String> options, List<Ballot> ballots, int maxScore) {
    return count(options, ballots, maxScore, new TieBreak(1));
  }

  /** The count; a tie for a STAR finalist's place is decided by {@code ties}' seeded draw, never by option order. */
  public static Result count(List<String> options, List<Ballot> ballots, int maxScore, TieBreak ties) {
    int n = options.size();
    long[] totals = new long[n];
    long voters = 0;
    for (Ballot ballot : ballots) {
      if (ballot.scores().length != n) {
        throw new IllegalArgumentException("a ballot scores " + ballot.scores().length + " options, not " + n);
      }
      for (int s : ballot.scores()) {
        if (s < 0 || s > maxScore) {
          throw new IllegalArgumentException("scores go from 0 to " + maxScore);
        }
      }
      voters = Math.addExact(voters, ballot.weight());
      for (int o = 0; o < n; o++) {
        totals[o] = Math.addExact(totals[o], Math.multiplyExact((long) ballot.scores()[o], ballot.weight()));
      }
    }
    BigDecimal[] means = new BigDecimal[n];
    for (int o = 0; o < n; o++) {
      means[o] = voters == 0 ? BigDecimal.ZERO : BigDecimal.valueOf(totals[o]).divide(BigDecimal.valueOf(voters), 3, RoundingMode.HALF_EVEN);
    }
    List<Integer> scoreWinners = Approval.top(totals);
    // STAR finalists: the two highest totals; options tied for a place are narrowed by the seeded draw.
    List<Integer> byTotal = new ArrayList<>();
    for (int o = 0; o < n; o++) {
      byTotal.add(o);
    }
    byTotal.sort(Comparator.comparingLong((Integer o) -> totals[o]).reversed());
    List<Integer> finalists = new ArrayList<>();
    List<Integer> finalistTie = List.of();
    if (n >= 2) {
      long second = totals[byTotal.get(1)];
      byTotal.stream().filter(o -> totals[o] > second).forEach(finalists::add);
      List<Integer> tied = new ArrayList<>(byTotal.stream().filter(o -> totals[o] == second).sorted().toList());
      if (finalists.size() + tied.size() > 2) {
        finalistTie = List.copyOf(tied);
        for (int draw = 0; finalists.size() + tied.size() > 2; draw++) {
          tied.remove(Integer.valueOf(ties.lowest(tied, List.of(), draw).option()));
        }
      }
      finalists.addAll(tied);
    } else {
      finalists.add(0);
    }
    int a = finalists.get(0);
    int b = finalists.size() > 1 ? finalists.get(1) : -1;
    long preferA = 0;
    long preferB = 0;
    if (b >= 0) {
      for (Ballot ballot : ballots) {
        if (ballot.scores()[a] > ballot.scores()[b]) {
          preferA = Math.addExact(preferA, ballot.weight());
        } else if (ballot.scores()[b] > ballot.scores()[a]) {
          preferB = Math.addExact(preferB, ballot.weight());
        }
      }
    }
    List<Integer> starWinners =
        b < 0 || preferA > preferB ? List.of(a) : preferB > preferA ? List.of(b) : List.of(a, b);
    return new Result(options, totals, means, scoreWinners, a, b, preferA, preferB, starWinners, finalistTie);
  }
}
