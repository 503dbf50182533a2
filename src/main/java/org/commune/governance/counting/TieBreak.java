package org.commune.governance.counting;

import java.util.List;
import java.util.SplittableRandom;

/**
 * How a tie between options is broken when it must be: first by looking back through earlier rounds
 * or stages (the one that had fewer votes at the latest round where they differed), then by a draw
 * with a seed published before the vote closed, so anyone can repeat it.
 */
public final class TieBreak {

  private final long seed;

  public TieBreak(long seed) {
    this.seed = seed;
  }

  public long seed() {
    return seed;
  }

  /**
   * Picks the one to lose among tied options. {@code history.get(r)[o]} is option o's votes in round r
   * (oldest first, excluding the current round). Returns the loser and how it was decided.
   */
  public Decision lowest(List<Integer> tied, List<long[]> history, int round) {
    List<Integer> candidates = tied;
    for (int r = history.size() - 1; r >= 0 && candidates.size() > 1; r--) {
      long[] votes = history.get(r);
      long min = Long.MAX_VALUE;
      for (int o : candidates) {
        min = Math.min(min, votes[o]);
      }
      long lowest = min;
      List<Integer> atMin = candidates.stream().filter(o -> votes[o] == lowest).toList();
      if (atMin.size() < candidates.size()) {
        candidates = atMin;
        if (candidates.size() == 1) {
          return new Decision(candidates.get(0), "earlier round " + (r + 1));
        }
      }
    }
    if (candidates.size() == 1) {
      return new Decision(candidates.get(0), "earlier rounds");
    }
    // A draw: the seed and the round fix it, so a recount draws the same.
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + round);
    int pick = candidates.get(random.nextInt(candidates.size()));
    return new Decision(pick, "draw with seed " + seed);
  }

  /** The option chosen and the rule that chose it, recorded with the result. */
  public record Decision(int option, String rule) {}
}
