package org.commune.publishing;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.commune.members.MemberId;
import org.commune.transparency.PublicFact;

/**
 * A published article was corrected: which article and language, the new revision's number, the
 * reason's code and who corrected it (the log publishes their pseudonym). Not the editor's note nor the
 * text: members wrote them, the article's history page shows them.
 */
public record ArticleCorrected(UUID eventId, Instant at, UUID article, String language, int revision,
    CorrectionReason reason, MemberId by) implements PublicFact {

  @Override
  public String entryType() {
    return "article.corrected";
  }

  /** The language only as one of the two codes: nothing else a caller passes reaches the log as it is. */
  @Override
  public Map<String, String> facts() {
    return PublicFact.of("article", article.toString(), "language",
        Articles.LANGUAGES.contains(language) ? language : null, "revision", Integer.toString(revision),
        "reason", reason.code(), "by", by.toString());
  }
}
