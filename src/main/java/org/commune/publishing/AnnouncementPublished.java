package org.commune.publishing;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.commune.transparency.PublicFact;

/** An announcement went public: which one and its language (never its text, which a member wrote). */
public record AnnouncementPublished(UUID eventId, Instant at, UUID announcement, String language)
    implements PublicFact {

  @Override
  public String entryType() {
    return "announcement.published";
  }

  @Override
  public Map<String, String> facts() {
    return PublicFact.of("announcement", announcement.toString(), "language",
        Articles.LANGUAGES.contains(language) ? language : null);
  }
}
