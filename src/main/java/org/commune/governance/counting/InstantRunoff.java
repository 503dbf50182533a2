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

  private static final int UNREAD = Integer.MIN_VALUE;

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
    // per ballot: the option it counts for (>= 0), -1 - an Inactive ordinal once inactive, or UNREAD
    int[] choice = new int[ballots.size()];
    Arrays.fill(choice, UNREAD);
    Inactive[] categories = Inactive.values();
    boolean[] out = new boolean[n];
    List<Round> rounds = new ArrayList<>();
    List<long[]> history = new ArrayList<>();
    int winner = -1;
    long frozenThreshold = -1;
    while (true) {
      long[] votes = new long[n];
      long[] inactive = new long[Inactive.values().length];
      long active = 0;
      for (int b = 0; b < choice.length; b++) {
        long weight = ballots.get(b).weight();
        if (choice[b] == UNREAD || (choice[b] >= 0 && out[choice[b]])) {
          choice[b] = walk(ballots.get(b).ranks(), out, rules);
        }
        if (choice[b] < 0) {
          int category = categories[-1 - choice[b]].ordinal();
          inactive[category] = Math.addExact(inactive[category], weight);
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

  /**
   * Reads one ballot as RCTab reads it, ranking by ranking from the first: the skipped-rankings check,
   * then the overvote rule, then the first continuing option. Returns that option, or -1 - the
   * ordinal of the {@link Inactive} category. Scans the ranks in place (no allocation): only ballots
   * whose option was just eliminated are read again, a million of them in the first round.
   */
  static int walk(int[] r, boolean[] out, IrvRules rules) {
    int max = rules.maxRankings();
    boolean cut = false;
    boolean any = false;
    int last = 0;
    while (true) {
      int next = Integer.MAX_VALUE;
      for (int v : r) {
        if (max != IrvRules.UNLIMITED && v > max) {
          cut = true;
        } else if (v > last && v < next) {
          next = v;
        }
      }
      if (next == Integer.MAX_VALUE) {
        break;
      }
      any = true;
      if (rules.maxSkippedRankings() != IrvRules.UNLIMITED && next - last > rules.maxSkippedRankings() + 1) {
        return -1 - Inactive.SKIPPED_RANKINGS.ordinal();
      }
      last = next;
      int here = 0;
      int continuing = 0;
      int first = -1;
      for (int o = 0; o < r.length; o++) {
        if (r[o] == next) {
          here++;
          if (!out[o]) {
            continuing++;
            if (first < 0) {
              first = o;
            }
          }
        }
      }
      if (here > 1) {
        switch (rules.overvoteRule()) {
          case EXHAUST_IMMEDIATELY -> {
            return -1 - Inactive.OVERVOTE.ordinal();
          }
          case SKIP_TO_NEXT -> {
            continue;
          }
          case EXHAUST_IF_MULTIPLE_CONTINUING -> {
            if (continuing > 1) {
              return -1 - Inactive.OVERVOTE.ordinal();
            }
          }
        }
      }
      if (first >= 0) {
        return first;
      }
    }
    if (!any) {
      return -1 - (cut ? Inactive.MAX_RANKINGS : Inactive.NO_RANKINGS).ordinal();
    }
    return -1 - (cut || (max != IrvRules.UNLIMITED && last == max) ? Inactive.MAX_RANKINGS
        : Inactive.EXHAUSTED_CHOICES).ordinal();
  }
}
