package org.commune.assembly;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.commune.members.MemberId;
import org.commune.transparency.PublicFact;

/**
 * A steward called a meeting ({@code meeting.scheduled}) or changed it before its session
 * ({@code changed}: {@code meeting.changed}): its id (its page is /meetings/{id}) and when it starts;
 * nothing of what was typed (title, place).
 */
public record MeetingScheduled(UUID eventId, Instant at, UUID meeting, MemberId by, Instant starts, boolean changed)
    implements PublicFact {

  @Override
  public String entryType() {
    return changed ? "meeting.changed" : "meeting.scheduled";
  }

  @Override
  public Map<String, String> facts() {
    return PublicFact.of("meeting", meeting.toString(), "by", by.value().toString(), "starts", starts.toString());
  }
}
