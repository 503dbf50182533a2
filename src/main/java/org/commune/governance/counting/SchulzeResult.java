package org.commune.governance.counting;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A Schulze count: the pairwise matrix d, the strongest paths p (winning votes or margins, as
 * counted), the ranking as tiers of tied options (best first), and the Condorcet winner (-1 if none).
 */
public record SchulzeResult(
    List<String> options,
    long[][] d,
    long[][] p,
    Schulze.Strength strength,
    List<List<Integer>> ranking,
    int condorcetWinner) {

  /** The winners: the first tier (more than one when tied). */
  public List<String> winners() {
    return ranking.get(0).stream().map(options::get).toList();
  }

  /** The ranking as text, e.g. {@code E > A > C = B > D}. */
  public String rankingText() {
    return ranking.stream()
        .map(tier -> tier.stream().map(options::get).collect(Collectors.joining(" = ")))
        .collect(Collectors.joining(" > "));
  }
}
