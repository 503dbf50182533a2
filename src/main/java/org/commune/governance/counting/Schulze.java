package org.commune.governance.counting;

import java.util.ArrayList;
import java.util.List;

/**
 * The Schulze method (M. Schulze, Social Choice and Welfare 36 (2011) 267–303). Options a ballot
 * leaves unranked rank below all ranked options, equal to each other (Debian constitution A.6;
 * ignoring them instead changes the 2006 Debian result). Strongest paths by Floyd–Warshall.
 */
public final class Schulze {

  /** How the strength of a pairwise defeat is measured. */
  public enum Strength {
    /** By the votes for the winner of the pair, then by fewer votes for the loser (CIVS, Belenios). */
    WINNING_VOTES,
    /** By the winner's votes minus the loser's. */
    MARGINS
  }

  private Schulze() {}

  public static SchulzeResult count(List<String> options, List<RankedBallot> ballots, Strength strength) {
    int n = options.size();
    long[][] d = new long[n][n];
    for (RankedBallot ballot : ballots) {
      if (ballot.optionCount() != n) {
        throw new IllegalArgumentException("a ballot ranks " + ballot.optionCount() + " options, not " + n);
      }
      int[] ranks = ballot.ranks();
      long weight = ballot.weight();
      for (int a = 0; a < n; a++) {
        int ra = ranks[a];
        if (ra == 0) {
          continue;
        }
        for (int b = 0; b < n; b++) {
          int rb = ranks[b];
          if (a != b && (rb == 0 || ra < rb)) {
            d[a][b] += weight;
          }
        }
      }
    }
    return fromPairwise(options, d, strength);
  }

  /** Counts from a pairwise matrix d[a][b] = ballots preferring a to b. */
  public static SchulzeResult fromPairwise(List<String> options, long[][] d, Strength strength) {
    int n = options.size();
    // Path strength as (primary, secondary): winning votes compare by votes for, then against (fewer is stronger).
    long[][] primary = new long[n][n];
    long[][] secondary = new long[n][n];
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        if (a != b && d[a][b] > d[b][a]) {
          primary[a][b] = strength == Strength.MARGINS ? d[a][b] - d[b][a] : d[a][b];
          secondary[a][b] = strength == Strength.MARGINS ? 0 : -d[b][a];
        } else {
          primary[a][b] = 0;
          secondary[a][b] = Long.MIN_VALUE;
        }
      }
    }
    for (int k = 0; k < n; k++) {
      for (int i = 0; i < n; i++) {
        if (i == k) {
          continue;
        }
        for (int j = 0; j < n; j++) {
          if (j == i || j == k) {
            continue;
          }
          // Through k: the weaker of the two links; keep it if stronger than the path so far.
          long viaP;
          long viaS;
          if (weaker(primary[i][k], secondary[i][k], primary[k][j], secondary[k][j])) {
            viaP = primary[i][k];
            viaS = secondary[i][k];
          } else {
            viaP = primary[k][j];
            viaS = secondary[k][j];
          }
          if (weaker(primary[i][j], secondary[i][j], viaP, viaS) && !(primary[i][j] == viaP && secondary[i][j] == viaS)) {
            primary[i][j] = viaP;
            secondary[i][j] = viaS;
          }
        }
      }
    }
    boolean[][] beats = new boolean[n][n];
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        beats[a][b] = a != b && stronger(primary[a][b], secondary[a][b], primary[b][a], secondary[b][a]);
      }
    }
    return new SchulzeResult(options, d, primary, strength, ranking(n, beats), condorcetWinner(n, d));
  }

  /** True when (p1, s1) is weaker than or equal to (p2, s2). */
  private static boolean weaker(long p1, long s1, long p2, long s2) {
    return p1 < p2 || (p1 == p2 && s1 <= s2);
  }

  private static boolean stronger(long p1, long s1, long p2, long s2) {
    return p1 > p2 || (p1 == p2 && s1 > s2);
  }

  /** Tiers of tied options, best first: each tier is what no remaining option beats. */
  private static List<List<Integer>> ranking(int n, boolean[][] beats) {
    List<List<Integer>> tiers = new ArrayList<>();
    boolean[] placed = new boolean[n];
    int left = n;
    while (left > 0) {
      List<Integer> tier = new ArrayList<>();
      for (int a = 0; a < n; a++) {
        if (placed[a]) {
          continue;
        }
        boolean beaten = false;
        for (int b = 0; b < n && !beaten; b++) {
          beaten = !placed[b] && beats[b][a];
        }
        if (!beaten) {
          tier.add(a);
        }
      }
      if (tier.isEmpty()) {
        throw new IllegalStateException("the Schulze relation is not transitive: this cannot happen");
      }
      for (int a : tier) {
        placed[a] = true;
      }
      left -= tier.size();
      tiers.add(tier);
    }
    return tiers;
  }

  private static int condorcetWinner(int n, long[][] d) {
    for (int a = 0; a < n; a++) {
      boolean winsAll = true;
      for (int b = 0; b < n && winsAll; b++) {
        winsAll = a == b || d[a][b] > d[b][a];
      }
      if (winsAll) {
        return a;
      }
    }
    return -1;
  }
}
