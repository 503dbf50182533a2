package org.commune.publishing;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.commune.transparency.PublicFact;

/** An announcement was withdrawn: which one (its address answers 410 Gone from now on). */
public record AnnouncementWithdrawn(UUID eventId, Instant at, UUID announcement) implements PublicFact {

  @Override
  public String entryType() {
    return "announcement.withdrawn";
  }

  @Override
  public Map<String, String> facts() {
    return PublicFact.of("announcement", announcement.toString());
  }
}
