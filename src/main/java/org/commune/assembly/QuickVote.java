package org.commune.assembly;

import java.time.Instant;
import org.commune.governance.ProposalId;
import org.jspecify.annotations.Nullable;

/**
 * A quick vote on an agenda item. {@code quorum} is how many had to be present (0: the meeting has no
 * quorum); once closed, {@code outcome} is governance's outcome code and {@code presentAtClose} the count
 * the quorum was judged on.
 */
public record QuickVote(ProposalId vote, ProposalId item, Instant startedAt, Instant closesAt, int presentAtStart,
    int quorum, @Nullable Integer presentAtClose, @Nullable String outcome) {

  public boolean open() {
    return outcome == null;
  }

  /** Whether the meeting was quorate when the vote closed (true when it has no quorum). */
  public boolean quorate() {
    return quorum == 0 || presentAtClose != null && presentAtClose >= quorum;
  }
}
