package org.commune.assembly;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.commune.members.MemberId;
import org.commune.transparency.PublicFact;

/**
 * A steward closed the meeting: how many were present of how many members, and (when the meeting has
 * a quorum, {@code quorum} above 0) how many had to be. Counts only: who attended is for members.
 */
public record MeetingClosed(UUID eventId, Instant at, UUID meeting, MemberId by, int present, int members,
    int quorum) implements PublicFact {

  @Override
  public String entryType() {
    return "meeting.closed";
  }

  @Override
  public Map<String, String> facts() {
    return PublicFact.of("meeting", meeting.toString(), "by", by.value().toString(), "present",
        Integer.toString(present), "members", Integer.toString(members), "quorum",
        quorum > 0 ? Integer.toString(quorum) : null, "quorum_met",
        quorum > 0 ? Boolean.toString(present >= quorum) : null);
  }
}
