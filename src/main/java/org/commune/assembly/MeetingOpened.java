package org.commune.assembly;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.commune.members.MemberId;
import org.commune.transparency.PublicFact;

/** A steward opened the session: attendance and quick votes start. */
public record MeetingOpened(UUID eventId, Instant at, UUID meeting, MemberId by) implements PublicFact {

  @Override
  public String entryType() {
    return "meeting.opened";
  }

  @Override
  public Map<String, String> facts() {
    return PublicFact.of("meeting", meeting.toString(), "by", by.value().toString());
  }
}
