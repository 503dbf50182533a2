package org.commune.assembly;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.commune.governance.ProposalId;
import org.commune.members.MemberId;
import org.commune.transparency.PublicFact;

/**
 * A steward put an agenda item to a quick vote: the vote (a proposal of its own, logged by governance
 * too), the agenda item it decides, its length in minutes and how many were present when it opened.
 */
public record QuickVoteOpened(UUID eventId, Instant at, UUID meeting, ProposalId vote, ProposalId item,
    MemberId by, int minutes, int present) implements PublicFact {

  @Override
  public String entryType() {
    return "meeting.vote-opened";
  }

  @Override
  public Map<String, String> facts() {
    return PublicFact.of("meeting", meeting.toString(), "quick_vote", vote.toString(), "agenda_item", item.toString(), "by",
        by.value().toString(), "minutes", Integer.toString(minutes), "present", Integer.toString(present));
  }
}
