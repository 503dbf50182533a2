package org.commune.governance.counting;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * Instant runoff (IRV) under {@link IrvRules}. Each round every active ballot counts for its
 * highest-ranked continuing option; an option reaching the threshold (more than half of the active
 * ballots: ⌊active / 2⌋ + 1) wins; otherwise the option with the fewest votes is eliminated (ties:
 * earlier rounds, then the seeded draw), or a batch of them. A ballot is read ranking by ranking as
 * RCTab reads it, so the rounds can be checked against RCTab's: once inactive, a ballot stays inactive,
 * in the category that made it so ({@link Inactive}).
 */
public final class InstantRunoff {

  private InstantRunoff() {}

  /** Why a ballot no longer counts. */
  public enum Inactive {
    /** It ranks nobody (an undervote); inactive from the first round. */
    NO_RANKINGS,
    /** Every option it ranks has been eliminated. */
    EXHAUSTED_CHOICES,
    /** It reached an overvote the rules do not pass over. */
    OVERVOTE,
    /** It skipped more consecutive rankings than the rules allow. */
    SKIPPED_RANKINGS,
    /** Its choices ran out at the last ranking the rules read. */
    MAX_RANKINGS
  }

  /**
   * One round: votes per option (-1 for eliminated ones), inactive ballots in all, who was eliminated
   * (the first of {@code eliminatedAll}; -1 when the round elects), the threshold, and the inactive
   * ballots by {@link Inactive} category (indexed by its ordinal).
   */
  public record Round(long[] votes, long exhausted, int eliminated, String tieRule, List<Integer> eliminatedAll,
      long threshold, long[] inactive) {

    public long inactive(Inactive category) {
      return inactive[category.ordinal()];
    }
  }

  /** The count: its rounds, the winner, and the rules it was counted under. */
  public record Result(List<String> options, List<Round> rounds, int winner, IrvRules rules) {
    public String winnerName() {
      return options.get(winner);
    }
  }

  /** Today's call: {@link IrvRules#DEFAULT}, or the overvote rule that skips to the next ranking. */
  public static Result count(List<String> options, List<RankedBallot> ballots, boolean skipOvervotes, TieBreak ties) {
    return count(options, ballots, IrvRules.withOvervotes(skipOvervotes), ties);
  }

  public static Result count(List<String> options, List<RankedBallot> ballots, IrvRules rules, TieBreak ties) {
    int n = options.size();
    if (n == 0) {
      throw new IllegalArgumentException("there are no options to count");
    }
    List<Ranking> read = ballots.stream().map(b -> Ranking.of(b, rules.maxRankings())).toList();
    int[] choice = new int[read.size()];
    Inactive[] status = new Inactive[read.size()];
    Arrays.fill(choice, -1);
    boolean[] out = new boolean[n];
    List<Round> rounds = new ArrayList<>();
    List<long[]> history = new ArrayList<>();
    int winner = -1;
    long frozenThreshold = -1;
    while (true) {
      long[] votes = new long[n];
      long[] inactive = new long[Inactive.values().length];
      long active = 0;
      for (int b = 0; b < read.size(); b++) {
        long weight = ballots.get(b).weight();
        if (status[b] == null && (choice[b] < 0 || out[choice[b]])) {
          choice[b] = -1;
          status[b] = read.get(b).walk(out, rules);
          if (status[b] == null) {
            choice[b] = read.get(b).chosen;
          }
        }
        if (status[b] != null) {
          inactive[status[b].ordinal()] = Math.addExact(inactive[status[b].ordinal()], weight);
        } else {
          votes[choice[b]] = Math.addExact(votes[choice[b]], weight);
          active = Math.addExact(active, weight);
        }
      }
      long exhausted = Arrays.stream(inactive).sum();
      long threshold = frozenThreshold >= 0 ? frozenThreshold : active / 2 + 1;
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
      if (winner < 0 && (votes[leader] >= threshold || remaining == 1)) {
        winner = leader;
        if (rules.continueUntilTwo()) {
          frozenThreshold = threshold;
        }
      }
      boolean done = winner >= 0 && (!rules.continueUntilTwo() || remaining <= 2);
      if (done || remaining == 1) {
        rounds.add(new Round(votes, exhausted, -1, "", List.of(), threshold, inactive));
        return new Result(options, rounds, winner >= 0 ? winner : leader, rules);
      }
      List<Integer> batch = rules.batchElimination() ? batch(votes, out, rules.continueUntilTwo()) : List.of();
      Round round;
      if (batch.size() > 1) {
        round = new Round(votes, exhausted, batch.get(0), "", batch, threshold, inactive);
      } else {
        TieBreak.Decision loser = lowest(votes, out, ties, history, rounds.size());
        round = new Round(votes, exhausted, loser.option(), loser.rule(), List.of(loser.option()), threshold, inactive);
      }
      round.eliminatedAll().forEach(o -> out[o] = true);
      rounds.add(round);
      history.add(votes);
    }
  }

  private static TieBreak.Decision lowest(long[] votes, boolean[] out, TieBreak ties, List<long[]> history, int round) {
    long min = Long.MAX_VALUE;
    for (int o = 0; o < votes.length; o++) {
      if (!out[o]) {
        min = Math.min(min, votes[o]);
      }
    }
    List<Integer> lowest = new ArrayList<>();
    for (int o = 0; o < votes.length; o++) {
      if (!out[o] && votes[o] == min) {
        lowest.add(o);
      }
    }
    return lowest.size() == 1 ? new TieBreak.Decision(lowest.get(0), "") : ties.lowest(lowest, history, round);
  }

  /**
   * The options that cannot overtake the next-lowest one even with all their votes together: going up
   * from the lowest tally, everyone seen so far goes whenever their sum is below the next tally. With
   * {@code keepTwo}, the last such group is given back when it would leave only one option.
   */
  static List<Integer> batch(long[] votes, boolean[] out, boolean keepTwo) {
    TreeMap<Long, List<Integer>> byTally = new TreeMap<>();
    int continuing = 0;
    for (int o = 0; o < votes.length; o++) {
      if (!out[o]) {
        byTally.computeIfAbsent(votes[o], k -> new ArrayList<>()).add(o);
        continuing++;
      }
    }
    long running = 0;
    List<Integer> seen = new ArrayList<>();
    List<Integer> eliminated = new ArrayList<>();
    List<Integer> previous = new ArrayList<>();
    for (var entry : byTally.entrySet()) {
      if (running < entry.getKey() && seen.size() > eliminated.size()) {
        previous = List.copyOf(eliminated);
        eliminated = new ArrayList<>(seen);
      }
      running = Math.addExact(running, Math.multiplyExact(entry.getKey(), (long) entry.getValue().size()));
      seen.addAll(entry.getValue());
    }
    if (keepTwo && eliminated.size() == continuing - 1) {
      eliminated = new ArrayList<>(previous);
    }
    return eliminated;
  }

  /** A ballot as a list of rankings, each the options at that rank, best first; read as RCTab reads it. */
  static final class Ranking {
    final int[] ranks;
    final int[][] options;
    final boolean cut;
    final int maxRankings;
    int chosen = -1;

    private Ranking(int[] ranks, int[][] options, boolean cut, int maxRankings) {
      this.ranks = ranks;
      this.options = options;
      this.cut = cut;
      this.maxRankings = maxRankings;
    }

    static Ranking of(RankedBallot ballot, int maxRankings) {
      // (rank, option) pairs packed in longs and sorted: no boxing, as a million ballots pass here
      int[] r = ballot.ranks();
      long[] pairs = new long[r.length];
      int marked = 0;
      boolean cut = false;
      for (int o = 0; o < r.length; o++) {
        if (r[o] > 0) {
          if (maxRankings != IrvRules.UNLIMITED && r[o] > maxRankings) {
            cut = true;
          } else {
            pairs[marked++] = ((long) r[o] << 32) | o;
          }
        }
      }
      Arrays.sort(pairs, 0, marked);
      int distinct = 0;
      for (int i = 0; i < marked; i++) {
        if (i == 0 || (pairs[i] >>> 32) != (pairs[i - 1] >>> 32)) {
          distinct++;
        }
      }
      int[] ranks = new int[distinct];
      int[][] options = new int[distinct][];
      for (int i = 0, group = 0; i < marked; group++) {
        int j = i;
        while (j < marked && (pairs[j] >>> 32) == (pairs[i] >>> 32)) {
          j++;
        }
        ranks[group] = (int) (pairs[i] >>> 32);
        options[group] = new int[j - i];
        for (int k = i; k < j; k++) {
          options[group][k - i] = (int) pairs[k];
        }
        i = j;
      }
      return new Ranking(ranks, options, cut, maxRankings);
    }

    /** Null with {@link #chosen} set when the ballot counts for a continuing option; else why it does not. */
    Inactive walk(boolean[] out, IrvRules rules) {
      chosen = -1;
      if (ranks.length == 0) {
        return cut ? Inactive.MAX_RANKINGS : Inactive.NO_RANKINGS;
      }
      int last = 0;
      for (int i = 0; i < ranks.length; i++) {
        if (rules.maxSkippedRankings() != IrvRules.UNLIMITED && ranks[i] - last > rules.maxSkippedRankings() + 1) {
          return Inactive.SKIPPED_RANKINGS;
        }
        last = ranks[i];
        int[] here = options[i];
        if (here.length > 1) {
          switch (rules.overvoteRule()) {
            case EXHAUST_IMMEDIATELY -> {
              return Inactive.OVERVOTE;
            }
            case SKIP_TO_NEXT -> {
              continue;
            }
            case EXHAUST_IF_MULTIPLE_CONTINUING -> {
              if (Arrays.stream(here).filter(o -> !out[o]).count() > 1) {
                return Inactive.OVERVOTE;
              }
            }
          }
        }
        for (int o : here) {
          if (!out[o]) {
            chosen = o;
            return null;
          }
        }
      }
      return cut || (maxRankings != IrvRules.UNLIMITED && last == maxRankings)
          ? Inactive.MAX_RANKINGS : Inactive.EXHAUSTED_CHOICES;
    }
  }
}
