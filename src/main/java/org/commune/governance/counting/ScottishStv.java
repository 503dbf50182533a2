package org.commune.governance.counting;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Single transferable vote by the Scottish rules (The Scottish Local Government Elections Order
 * 2007, SSI 2007/42, Schedule 1): Droop quota floor(valid / (seats + 1)) + 1; an elected
 * candidate's surplus is transferred by passing on all their papers at value × surplus / total,
 * truncated to five decimal places, the truncation residue and exhausted papers recorded as
 * non-transferable; the largest surplus first; otherwise the lowest candidate is excluded and their
 * papers pass on at the value they hold; ties look back through earlier stages, then draw by lot.
 *
 * <p>All arithmetic is exact, in hundred-thousandths of a vote: every sum is checked (Math.addExact), and
 * {@link CountingMethod} refuses ballot sets whose total weight × 100,000 would not fit in a long.
 */
public final class ScottishStv {

  /** One vote in hundred-thousandths. */
  public static final long UNIT = 100_000L;

  private ScottishStv() {}

  /** Ballots for STV are strict orders of candidate indexes, best first. */
  public record Ballot(int[] preferences, long count) {}

  /** What happened at a stage. */
  public enum Action { FIRST_PREFERENCES, SURPLUS, EXCLUSION }

  /**
   * One stage: the action and whose votes moved, every candidate's votes afterwards (in units), the
   * non-transferable total, and who was elected at this stage.
   */
  public record Stage(Action action, int candidate, long[] votes, long nonTransferable, List<Integer> electedNow,
      String tieRule) {}

  public record Result(List<String> candidates, int seats, long quota, List<Stage> stages, List<Integer> elected) {

    public List<String> electedNames() {
      return elected.stream().map(candidates::get).toList();
    }

    /** A vote count in units as a decimal number of votes. */
    public static BigDecimal votes(long units) {
      return BigDecimal.valueOf(units, 5);
    }
  }

  /** A bundle of identical papers held by a candidate at one value. */
  private record Parcel(int ballot, int position, long count, long value) {}

  public static Result count(List<String> candidates, int seats, List<Ballot> ballots, TieBreak ties) {
    int n = candidates.size();
    if (seats < 1 || seats > n) {
      throw new IllegalArgumentException("seats must be between 1 and the number of candidates");
    }
    List<List<Parcel>> piles = new ArrayList<>();
    for (int c = 0; c < n; c++) {
      piles.add(new ArrayList<>());
    }
    long valid = 0;
    long nonTransferable = 0;
    for (int b = 0; b < ballots.size(); b++) {
      Ballot ballot = ballots.get(b);
      if (ballot.preferences().length == 0) {
        continue; // a blank paper is not valid
      }
      valid = Math.addExact(valid, ballot.count());
      piles.get(ballot.preferences()[0]).add(new Parcel(b, 0, ballot.count(), UNIT));
    }
    long quota = Math.multiplyExact(valid / (seats + 1) + 1, UNIT);
    boolean[] elected = new boolean[n];
    boolean[] excluded = new boolean[n];
    boolean[] surplusDone = new boolean[n];
    List<Integer> electedOrder = new ArrayList<>();
    List<Stage> stages = new ArrayList<>();
    List<long[]> history = new ArrayList<>();

    long[] votes = totals(piles);
    List<Integer> now = electReaching(votes, quota, elected, excluded, electedOrder, seats);
    stages.add(new Stage(Action.FIRST_PREFERENCES, -1, votes, nonTransferable, now, ""));
    history.add(votes);

    while (electedOrder.size() < seats) {
      List<Integer> continuing = new ArrayList<>();
      for (int c = 0; c < n; c++) {
        if (!elected[c] && !excluded[c]) {
          continuing.add(c);
        }
      }
      if (continuing.size() <= seats - electedOrder.size()) {
        // As many continuing candidates as vacancies: all are elected.
        continuing.sort(Comparator.comparingLong((Integer c) -> -votes(piles, c)));
        electedOrder.addAll(continuing);
        continuing.forEach(c -> elected[c] = true);
        break;
      }
      TieBreak.Decision largest = largestSurplus(piles, quota, elected, surplusDone, history, ties, stages.size());
      int surplusOf = largest.option();
      String tieRule = largest.rule();
      if (surplusOf >= 0) {
        surplusDone[surplusOf] = true;
        long total = votes(piles, surplusOf);
        long surplus = total - quota;
        List<Parcel> papers = piles.get(surplusOf);
        piles.set(surplusOf, new ArrayList<>());
        long passedOn = 0;
        for (Parcel parcel : papers) {
          // Truncated to five decimal places: the remainder is ignored (it becomes non-transferable).
          long value = Exact.mulDiv(parcel.value(), surplus, total);
          long moved = Math.multiplyExact(value, parcel.count());
          passedOn = Math.addExact(passedOn, moved);
          if (!moveOn(parcel, value, ballots, piles, elected, excluded)) {
            nonTransferable = Math.addExact(nonTransferable, moved);
          }
        }
        nonTransferable += surplus - passedOn;
        piles.get(surplusOf).add(new Parcel(-1, 0, 1, quota)); // the candidate keeps exactly the quota
        long[] after = totals(piles);
        List<Integer> newly = electReaching(after, quota, elected, excluded, electedOrder, seats);
        stages.add(new Stage(Action.SURPLUS, surplusOf, after, nonTransferable, newly, tieRule));
        history.add(after);
      } else {
        TieBreak.Decision lowest = lowestContinuing(piles, continuing, history, ties, stages.size());
        int out = lowest.option();
        excluded[out] = true;
        List<Parcel> papers = piles.get(out);
        piles.set(out, new ArrayList<>());
        for (Parcel parcel : papers) {
          if (!moveOn(parcel, parcel.value(), ballots, piles, elected, excluded)) {
            nonTransferable = Math.addExact(nonTransferable, Math.multiplyExact(parcel.value(), parcel.count()));
          }
        }
        long[] after = totals(piles);
        List<Integer> newly = electReaching(after, quota, elected, excluded, electedOrder, seats);
        stages.add(new Stage(Action.EXCLUSION, out, after, nonTransferable, newly, lowest.rule()));
        history.add(after);
      }
    }
    return new Result(candidates, seats, quota, stages, electedOrder);
  }

  /** Passes a parcel to its next continuing preference; false when it has none (exhausted). */
  private static boolean moveOn(Parcel parcel, long value, List<Ballot> ballots, List<List<Parcel>> piles,
      boolean[] elected, boolean[] excluded) {
    if (parcel.ballot() < 0) {
      return false;
    }
    int[] preferences = ballots.get(parcel.ballot()).preferences();
    for (int p = parcel.position() + 1; p < preferences.length; p++) {
      int c = preferences[p];
      if (!elected[c] && !excluded[c]) {
        if (value > 0) {
          piles.get(c).add(new Parcel(parcel.ballot(), p, parcel.count(), value));
        }
        return true;
      }
    }
    return false;
  }

  /** The elected candidate whose surplus goes next (option -1 when no surplus is left). */
  private static TieBreak.Decision largestSurplus(List<List<Parcel>> piles, long quota, boolean[] elected,
      boolean[] done, List<long[]> history, TieBreak ties, int stage) {
    long best = 0;
    List<Integer> tied = new ArrayList<>();
    for (int c = 0; c < piles.size(); c++) {
      if (elected[c] && !done[c]) {
        long surplus = votes(piles, c) - quota;
        if (surplus > best) {
          best = surplus;
          tied.clear();
          tied.add(c);
        } else if (surplus == best && surplus > 0) {
          tied.add(c);
        }
      }
    }
    if (tied.isEmpty()) {
      return new TieBreak.Decision(-1, "");
    }
    if (tied.size() == 1) {
      return new TieBreak.Decision(tied.get(0), "");
    }
    // The largest at the latest earlier stage where they differ goes first: the "lowest" of the negated counts.
    List<long[]> negated = history.stream().map(v -> Arrays.stream(v).map(x -> -x).toArray()).toList();
    return ties.lowest(tied, negated, stage);
  }

  private static TieBreak.Decision lowestContinuing(List<List<Parcel>> piles, List<Integer> continuing,
      List<long[]> history, TieBreak ties, int stage) {
    long min = Long.MAX_VALUE;
    for (int c : continuing) {
      min = Math.min(min, votes(piles, c));
    }
    long lowest = min;
    List<Integer> tied = continuing.stream().filter(c -> votes(piles, c) == lowest).toList();
    return tied.size() == 1 ? new TieBreak.Decision(tied.get(0), "") : ties.lowest(tied, history, stage);
  }

  private static List<Integer> electReaching(long[] votes, long quota, boolean[] elected, boolean[] excluded,
      List<Integer> order, int seats) {
    List<Integer> reaching = new ArrayList<>();
    for (int c = 0; c < votes.length; c++) {
      if (!elected[c] && !excluded[c] && votes[c] >= quota) {
        reaching.add(c);
      }
    }
    reaching.sort(Comparator.comparingLong((Integer c) -> -votes[c]));
    List<Integer> now = new ArrayList<>();
    for (int c : reaching) {
      if (order.size() < seats) {
        elected[c] = true;
        order.add(c);
        now.add(c);
      }
    }
    return now;
  }

  private static long votes(List<List<Parcel>> piles, int c) {
    long sum = 0;
    for (Parcel parcel : piles.get(c)) {
      sum = Math.addExact(sum, Math.multiplyExact(parcel.value(), parcel.count()));
    }
    return sum;
  }

  private static long[] totals(List<List<Parcel>> piles) {
    long[] votes = new long[piles.size()];
    for (int c = 0; c < votes.length; c++) {
      votes[c] = votes(piles, c);
    }
    return votes;
  }
}
