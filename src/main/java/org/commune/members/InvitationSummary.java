package org.commune.members;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** An invitation as its creator sees it (the link itself is shown only once, when made). */
public record InvitationSummary(
    UUID id, @Nullable String note, @Nullable String groupSlug, Instant createdAt, Instant expiresAt,
    @Nullable Instant usedAt) {

  public boolean open(Instant now) {
    return usedAt == null && expiresAt.isAfter(now);
  }
}
