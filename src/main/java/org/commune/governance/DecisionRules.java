package org.commune.governance;

import java.util.List;

/**
 * The constitution's rules for one type of decision: the methods it may use, the quorum and the
 * supermajority threshold, the shortest discussion and voting phases, and who may propose it.
 *
 * @param proposers "member" (any member) or "steward"
 */
public record DecisionRules(List<String> methods, int quorumPercent, int thresholdNum, int thresholdDen,
    int discussionDays, int votingDays, String proposers) {

  public boolean allows(VotingMethod method) {
    return methods.contains(method.code());
  }

  public String threshold() {
    return thresholdNum + "/" + thresholdDen;
  }
}
