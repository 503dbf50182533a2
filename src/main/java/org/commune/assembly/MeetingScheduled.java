package org.commune.assembly;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.commune.members.MemberId;
import org.commune.transparency.PublicFact;

/** A steward called a meeting: its id (its page is /meetings/{id}) and when it starts; no title. */
public record MeetingScheduled(UUID eventId, Instant at, UUID meeting, MemberId by, Instant starts)
    implements PublicFact {

  @Override
  public String entryType() {
    return "meeting.scheduled";
  }

  @Override
  public Map<String, String> facts() {
    return PublicFact.of("meeting", meeting.toString(), "by", by.value().toString(), "starts", starts.toString());
  }
}
