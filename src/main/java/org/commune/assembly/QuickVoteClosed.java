package org.commune.assembly;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.commune.governance.ProposalId;
import org.commune.transparency.PublicFact;

/**
 * A quick vote closed (governance logs its count as {@code vote.closed}): how many were present at the
 * close and, when the meeting has a quorum ({@code quorum} above 0), whether the meeting was quorate, so
 * that nobody can later present an inquorate vote as the assembly's decision.
 */
public record QuickVoteClosed(UUID eventId, Instant at, UUID meeting, ProposalId vote, int present, int quorum)
    implements PublicFact {

  @Override
  public String entryType() {
    return "meeting.vote-closed";
  }

  @Override
  public Map<String, String> facts() {
    return PublicFact.of("meeting", meeting.toString(), "quick_vote", vote.toString(), "present", Integer.toString(present),
        "quorum", quorum > 0 ? Integer.toString(quorum) : null, "quorum_met",
        quorum > 0 ? Boolean.toString(present >= quorum) : null);
  }
}
