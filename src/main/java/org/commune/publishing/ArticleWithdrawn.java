package org.commune.publishing;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.commune.members.MemberId;
import org.commune.transparency.PublicFact;

/**
 * A published article was withdrawn: which one, the reason's code and who withdrew it (the log
 * publishes their pseudonym). Not the editor's note nor the title: the tombstone page shows the note,
 * and a title can be the very reason for a withdrawal.
 */
public record ArticleWithdrawn(UUID eventId, Instant at, UUID article, WithdrawalReason reason, MemberId by)
    implements PublicFact {

  @Override
  public String entryType() {
    return "article.withdrawn";
  }

  @Override
  public Map<String, String> facts() {
    return PublicFact.of("article", article.toString(), "reason", reason.code(), "by", by.toString());
  }
}
