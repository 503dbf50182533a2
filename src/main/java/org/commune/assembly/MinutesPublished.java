package org.commune.assembly;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.commune.members.MemberId;
import org.commune.transparency.PublicFact;

/**
 * A steward published a meeting's minutes. The log holds their SHA-256, not their text: the text is on
 * the meeting's public page (/meetings/{meeting}/minutes), and anyone can check it against this digest;
 * the text may name people, and the log is forever.
 *
 * @param minutesSha256 the hex SHA-256 of the published Markdown text (UTF-8), computed by the server
 */
public record MinutesPublished(UUID eventId, Instant at, UUID meeting, MemberId by, String minutesSha256,
    int present, int members) implements PublicFact {

  @Override
  public String entryType() {
    return "meeting.minutes-published";
  }

  @Override
  public Map<String, String> facts() {
    return PublicFact.of("meeting", meeting.toString(), "by", by.value().toString(), "minutes_sha256", minutesSha256,
        "present", Integer.toString(present), "members", Integer.toString(members));
  }
}
