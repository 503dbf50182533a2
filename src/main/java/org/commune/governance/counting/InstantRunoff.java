package org.commune.governance.counting;

import java.util.ArrayList;
import java.util.List;

/**
 * Instant runoff (IRV). Each round counts every ballot for its highest-ranked continuing option; an
 * option with more than half of the continuing ballots wins; otherwise the option with the fewest
 * votes is eliminated (ties: earlier rounds, then the seeded draw). Exhausted ballots leave the count.
 * An overvote (two options at the ballot's next rank) exhausts the ballot there, or is skipped when
 * {@code skipOvervotes} is set; skipped ranks are skipped.
 */
public final class InstantRunoff {

  private InstantRunoff() {}

  /** One round: votes per option (-1 for eliminated ones), exhausted ballots, and who was eliminated. */
  public record Round(long[] votes, long exhausted, int eliminated, String tieRule) {}

  public record Result(List<String> options, List<Round> rounds, int winner) {
    public String winnerName() {
      return options.get(winner);
    }
  }

  public static Result count(List<String> options, List<RankedBallot> ballots, boolean skipOvervotes, TieBreak ties) {
    int n = options.size();
    boolean[] out = new boolean[n];
    List<Round> rounds = new ArrayList<>();
    List<long[]> history = new ArrayList<>();
    while (true) {
      long[] votes = new long[n];
      long exhausted = 0;
      long continuing = 0;
      for (RankedBallot ballot : ballots) {
        int choice = topChoice(ballot.ranks(), out, skipOvervotes);
        if (choice < 0) {
          exhausted += ballot.weight();
        } else {
          votes[choice] += ballot.weight();
          continuing += ballot.weight();
        }
      }
      int leader = -1;
      int remaining = 0;
      for (int o = 0; o < n; o++) {
        if (out[o]) {
          votes[o] = -1;
          continue;
        }
        remaining++;
        if (leader < 0 || votes[o] > votes[leader]) {
          leader = o;
        }
      }
      if (leader < 0) {
        throw new IllegalArgumentException("there are no options to count");
      }
      if (votes[leader] > continuing - votes[leader] || remaining == 1) { // no doubling: cannot overflow
        rounds.add(new Round(votes, exhausted, -1, ""));
        return new Result(options, rounds, leader);
      }
      long min = Long.MAX_VALUE;
      for (int o = 0; o < n; o++) {
        if (!out[o]) {
          min = Math.min(min, votes[o]);
        }
      }
      List<Integer> lowest = new ArrayList<>();
      for (int o = 0; o < n; o++) {
        if (!out[o] && votes[o] == min) {
          lowest.add(o);
        }
      }
      TieBreak.Decision loser =
          lowest.size() == 1 ? new TieBreak.Decision(lowest.get(0), "") : ties.lowest(lowest, history, rounds.size());
      out[loser.option()] = true;
      rounds.add(new Round(votes, exhausted, loser.option(), loser.rule()));
      history.add(votes);
    }
  }

  /** The ballot's highest-ranked continuing option, or -1 when it is exhausted. */
  static int topChoice(int[] ranks, boolean[] out, boolean skipOvervotes) {
    int best = Integer.MAX_VALUE;
    for (int o = 0; o < ranks.length; o++) {
      if (!out[o] && ranks[o] > 0 && ranks[o] < best) {
        best = ranks[o];
      }
    }
    while (best != Integer.MAX_VALUE) {
      int found = -1;
      int count = 0;
      for (int o = 0; o < ranks.length; o++) {
        if (!out[o] && ranks[o] == best) {
          found = o;
          count++;
        }
      }
      if (count == 1) {
        return found;
      }
      if (!skipOvervotes) {
        return -1; // an overvote exhausts the ballot at this rank
      }
      int next = Integer.MAX_VALUE;
      for (int o = 0; o < ranks.length; o++) {
        if (!out[o] && ranks[o] > best && ranks[o] < next) {
          next = ranks[o];
        }
      }
      best = next;
    }
    return -1;
  }
}
