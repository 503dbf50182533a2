package org.commune.governance.counting;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Meek STV (Hill, Wichmann &amp; Woodall, "Algorithm 123", The Computer Journal 30(3), 1987). Every
 * candidate has a keep value: 1 while hopeful, 0 once excluded, and for the elected the share of
 * each vote reaching them that they keep so that they hold exactly a quota. Each ballot passes down
 * its preferences, leaving at each candidate their keep value of what is left; what passes beyond
 * the last preference is excess. The quota is (votes − excess) / (seats + 1) plus 10^-9. Keep
 * values are recomputed (k × quota / votes, rounded up) until the elected candidates' total surplus
 * is below 10^-5; then any hopeful at or above the quota is elected, or else the lowest is excluded.
 *
 * <p>Arithmetic is fixed-point with nine decimal places, as Algorithm 123 prescribes; every sum is
 * checked, and {@link CountingMethod} refuses ballot sets whose total weight × 10^9 would not fit in a long.
 */
public final class MeekStv {

  /** One vote in units of 10^-9. */
  public static final long UNIT = 1_000_000_000L;

  static final long SURPLUS_LIMIT = 10_000L; // 0.00001 of a vote
  static final int MAX_ITERATIONS = 100_000;

  private MeekStv() {}

  public enum Status { HOPEFUL, ELECTED, EXCLUDED }

  /** One stage: votes per candidate, excess, quota (all in units), statuses, and what the stage did. */
  public record Stage(String action, long[] votes, long excess, long quota, Status[] status, int iterations) {}

  public record Result(List<String> candidates, int seats, List<Stage> stages, List<Integer> elected) {

    public List<String> electedNames() {
      return elected.stream().map(candidates::get).toList();
    }

    public static BigDecimal votes(long units) {
      return BigDecimal.valueOf(units, 9);
    }
  }

  public static Result count(List<String> candidates, int seats, List<ScottishStv.Ballot> ballots, TieBreak ties) {
    int n = candidates.size();
    long[] keep = new long[n];
    Arrays.fill(keep, UNIT);
    Status[] status = new Status[n];
    Arrays.fill(status, Status.HOPEFUL);
    List<Integer> elected = new ArrayList<>();
    List<Stage> stages = new ArrayList<>();
    List<long[]> history = new ArrayList<>();

    Distribution first = distribute(ballots, keep, seats);
    stages.add(new Stage("first preferences", first.votes(), first.excess(), first.quota(), status.clone(), 0));
    history.add(first.votes());
    Distribution current = first;
    String action = electReaching(current, status, elected, seats);
    while (elected.size() < seats) {
      long hopeful = Arrays.stream(status).filter(s -> s == Status.HOPEFUL).count();
      if (hopeful + elected.size() <= seats) {
        List<Integer> rest = new ArrayList<>();
        for (int c = 0; c < n; c++) {
          if (status[c] == Status.HOPEFUL) {
            rest.add(c);
          }
        }
        long[] v = current.votes();
        rest.sort(Comparator.comparingLong((Integer c) -> -v[c]));
        for (int c : rest) {
          status[c] = Status.ELECTED;
          elected.add(c);
        }
        stages.add(new Stage("remaining candidates elected", current.votes(), current.excess(), current.quota(),
            status.clone(), 0));
        break;
      }
      if (action.isEmpty()) {
        // Nobody reached the quota: exclude the lowest hopeful candidate.
        long min = Long.MAX_VALUE;
        for (int c = 0; c < n; c++) {
          if (status[c] == Status.HOPEFUL) {
            min = Math.min(min, current.votes()[c]);
          }
        }
        long lowest = min;
        List<Integer> tied = new ArrayList<>();
        for (int c = 0; c < n; c++) {
          if (status[c] == Status.HOPEFUL && current.votes()[c] == lowest) {
            tied.add(c);
          }
        }
        int out = tied.size() == 1 ? tied.get(0) : ties.lowest(tied, history, stages.size()).option();
        status[out] = Status.EXCLUDED;
        keep[out] = 0;
        action = "exclusion of " + candidates.get(out);
      }
      int iterations = 0;
      // Converge: adjust elected keep values until their surpluses are (nearly) gone.
      while (true) {
        current = distribute(ballots, keep, seats);
        iterations++;
        long surplus = 0;
        for (int c : elected) {
          surplus = Math.addExact(surplus, Math.max(0, current.votes()[c] - current.quota()));
        }
        if (surplus < SURPLUS_LIMIT || iterations >= MAX_ITERATIONS) {
          break;
        }
        boolean changed = false;
        for (int c : elected) {
          long votes = current.votes()[c];
          if (votes > 0) {
            // k × quota / votes, rounded up; the product can exceed a long, so it is computed exactly.
            long next = Exact.mulDivCeil(keep[c], current.quota(), votes);
            next = Math.min(next, UNIT);
            changed |= next != keep[c];
            keep[c] = next;
          }
        }
        if (!changed) {
          break;
        }
      }
      String electedNow = electReaching(current, status, elected, seats);
      stages.add(new Stage(action.isEmpty() ? "surpluses distributed" : action, current.votes(), current.excess(),
          current.quota(), status.clone(), iterations));
      history.add(current.votes());
      action = electedNow;
    }
    return new Result(candidates, seats, stages, elected);
  }

  private record Distribution(long[] votes, long excess, long quota) {}

  private static Distribution distribute(List<ScottishStv.Ballot> ballots, long[] keep, int seats) {
    long[] votes = new long[keep.length];
    long excess = 0;
    long total = 0;
    for (ScottishStv.Ballot ballot : ballots) {
      if (ballot.preferences().length == 0) {
        continue;
      }
      long weight = UNIT;
      for (int c : ballot.preferences()) {
        if (keep[c] == 0 || weight == 0) {
          continue;
        }
        long kept = keep[c] == UNIT ? weight : weight * keep[c] / UNIT; // both ≤ 10^9: fits in a long
        votes[c] = Math.addExact(votes[c], Math.multiplyExact(kept, ballot.count()));
        weight -= kept;
      }
      excess = Math.addExact(excess, Math.multiplyExact(weight, ballot.count()));
      total = Math.addExact(total, Math.multiplyExact(UNIT, ballot.count()));
    }
    long quota = (total - excess) / (seats + 1) + 1;
    return new Distribution(votes, excess, quota);
  }

  /** Elects every hopeful at or above the quota; returns a description, empty when nobody was. */
  private static String electReaching(Distribution current, Status[] status, List<Integer> elected, int seats) {
    List<Integer> reaching = new ArrayList<>();
    for (int c = 0; c < status.length; c++) {
      if (status[c] == Status.HOPEFUL && current.votes()[c] >= current.quota()) {
        reaching.add(c);
      }
    }
    long[] v = current.votes();
    reaching.sort(Comparator.comparingLong((Integer c) -> -v[c]));
    List<Integer> now = new ArrayList<>();
    for (int c : reaching) {
      if (elected.size() < seats) {
        status[c] = Status.ELECTED;
        elected.add(c);
        now.add(c);
      }
    }
    return now.isEmpty() ? "" : "surpluses distributed";
  }

}
