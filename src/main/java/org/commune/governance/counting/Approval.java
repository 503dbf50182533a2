package org.commune.governance.counting;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Approval voting (Brams & Fishburn 1978): each ballot approves any set of options, within the
 * vote's minimum and maximum; the most approved option wins (several when tied).
 */
public final class Approval {

  private Approval() {}

  /** The indexes of the options a ballot approves. */
  public record Ballot(Set<Integer> approved, long weight) implements WeightedBallot {
    public Ballot {
      if (weight < 1) {
        throw new IllegalArgumentException("a ballot's weight must be at least 1");
      }
      approved = Set.copyOf(approved);
    }

    @Override
    public BallotKind kind() {
      return BallotKind.APPROVAL;
    }
  }

  public record Result(List<String> options, long[] approvals, List<Integer> winners) {}

  public static Result count(List<String> options, List<Ballot> ballots, int minApprovals, int maxApprovals) {
    long[] approvals = new long[options.size()];
    for (Ballot ballot : ballots) {
      int size = ballot.approved().size();
      if (size < minApprovals || size > maxApprovals) {
        throw new IllegalArgumentException("a ballot approves " + size + " options, outside " + minApprovals + "–" + maxApprovals);
      }
      for (int option : ballot.approved()) {
        if (option < 0 || option >= options.size()) {
          throw new IllegalArgumentException("a ballot approves an unknown option");
        }
        approvals[option] += ballot.weight(); // bounded: the set's total weight fits in a long
      }
    }
    return new Result(options, approvals, top(approvals));
  }

  /** The indexes holding the largest value. */
  static List<Integer> top(long[] values) {
    long best = Long.MIN_VALUE;
    List<Integer> winners = new ArrayList<>();
    for (int o = 0; o < values.length; o++) {
      if (values[o] > best) {
        best = values[o];
        winners.clear();
      }
      if (values[o] == best) {
        winners.add(o);
      }
    }
    return winners;
  }
}
