package org.commune.governance.counting;

import java.util.Arrays;
import java.util.List;

/**
 * One ranked ballot (or {@code weight} identical ones). {@code ranks[i]} is the rank the ballot gives
 * option i: 1 is first; equal numbers are equal preferences; 0 means left unranked.
 */
public record RankedBallot(int[] ranks, long weight) implements WeightedBallot {

  public RankedBallot {
    if (weight < 1) {
      throw new IllegalArgumentException("a ballot's weight must be at least 1");
    }
    for (int rank : ranks) {
      if (rank < 0) {
        throw new IllegalArgumentException("ranks are 1, 2, … or 0 for unranked");
      }
    }
    ranks = ranks.clone();
  }

  /** A strict order, best first, given as option indexes; options not listed are unranked. */
  public static RankedBallot ofOrder(int optionCount, List<Integer> bestFirst, long weight) {
    int[] ranks = new int[optionCount];
    int rank = 1;
    for (int option : bestFirst) {
      if (ranks[option] != 0) {
        throw new IllegalArgumentException("option " + option + " is ranked twice");
      }
      ranks[option] = rank++;
    }
    return new RankedBallot(ranks, weight);
  }

  @Override
  public BallotKind kind() {
    return BallotKind.RANKS;
  }

  /** True when the ballot ranks at least one option. */
  public boolean ranksAny() {
    for (int rank : ranks) {
      if (rank > 0) {
        return true;
      }
    }
    return false;
  }

  /** The options in rank order, best first; options sharing a rank (or unranked) end the usable order. */
  public int[] strictOrder() {
    int[] order = new int[ranks.length];
    int length = 0;
    for (int rank = 1; length < ranks.length; rank++) {
      int found = -1;
      int count = 0;
      for (int o = 0; o < ranks.length; o++) {
        if (ranks[o] == rank) {
          found = o;
          count++;
        }
      }
      if (count != 1) {
        break;
      }
      order[length++] = found;
    }
    return Arrays.copyOf(order, length);
  }

  /**
   * The first rank missing below the ballot's last one (2 for {@code [1, 3, 0]}, 1 for {@code [2, 3, 0]}),
   * or 0 when the ranks used are 1, 2, ... without a gap (equal ranks share one number: {@code [1, 1, 2]}).
   */
  public int firstMissingRank() {
    int max = 0;
    for (int rank : ranks) {
      max = Math.max(max, rank);
    }
    boolean[] used = new boolean[Math.min(max, ranks.length) + 1];
    for (int rank : ranks) {
      if (rank < used.length) {
        used[rank] = true;
      }
    }
    for (int rank = 1; rank <= max; rank++) {
      if (rank >= used.length || !used[rank]) {
        return rank;
      }
    }
    return 0;
  }

  /** The ranks as written in a ballot export, {@code [1, 0, 2]}. */
  public String ranksText() {
    return Arrays.toString(ranks);
  }

  public int optionCount() {
    return ranks.length;
  }

  /** True when the ballot prefers option a to option b (unranked options come after all ranked ones). */
  public boolean prefers(int a, int b) {
    int ra = ranks[a];
    int rb = ranks[b];
    if (ra == 0) {
      return false;
    }
    return rb == 0 || ra < rb;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RankedBallot that && that.weight == weight && Arrays.equals(that.ranks, ranks);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(ranks) + Long.hashCode(weight);
  }

  @Override
  public String toString() {
    return Arrays.toString(ranks) + "×" + weight;
  }
}
