package org.commune.governance.deliberation;

import org.commune.governance.ProposalId;
import org.commune.governance.proposal.ConsentObjections;
import org.springframework.stereotype.Component;

/** Counts a consent decision's objections from what deliberation stored. */
@Component
class ObjectionCounts implements ConsentObjections {

  private final DeliberationRepository deliberation;

  ObjectionCounts(DeliberationRepository deliberation) {
    this.deliberation = deliberation;
  }

  @Override
  public Count count(ProposalId proposal) {
    var objections = deliberation.objections(proposal);
    return new Count(objections.size(), objections.stream().filter(o -> o.withdrawnAt() == null).count());
  }
}
