package org.commune.governance;

import java.util.Map;
import java.util.Set;

/**
 * A ballot as a member fills it in: a yes/no/abstain choice, a set of approved options, or a rank
 * per option (option index → rank, 1 = first). Only the part the method uses is read.
 */
public record BallotInput(String choice, Set<Integer> approved, Map<Integer, Integer> ranks) {}
