package org.commune.governance;

import java.util.Map;
import java.util.Set;

/**
 * A ballot as a member fills it in: a yes/no/abstain choice, a set of approved options, a rank per
 * option (option index → rank, 1 = first), or a score per option. Only the part the method uses is read.
 */
public record BallotInput(String choice, Set<Integer> approved, Map<Integer, Integer> ranks,
    Map<Integer, Integer> scores) {

  public BallotInput(String choice, Set<Integer> approved, Map<Integer, Integer> ranks) {
    this(choice, approved, ranks, Map.of());
  }
}
