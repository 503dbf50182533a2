package org.commune.members;

import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An invitation as moderators and stewards see it (the link itself is shown only once, when made or
 * resent). {@code inviteeName} is the name a bulk list gave; {@code mailed} whether an address is on it.
 */
public record InvitationSummary(
    UUID id, @Nullable String note, @Nullable String groupSlug, Instant createdAt, Instant expiresAt,
    @Nullable Instant usedAt, @Nullable String inviteeName, boolean hasEmail, @Nullable Instant revokedAt) {

  /** Where the invitation stands: pending, used, revoked or expired. */
  public enum Status {
    PENDING, USED, REVOKED, EXPIRED;

    /** The value of the badge's data-status (the design system's vocabulary). */
    public String badge() {
      return switch (this) {
        case PENDING -> "pending";
        case USED -> "approved";
        case REVOKED -> "revoked";
        case EXPIRED -> "expired";
      };
    }

    public String messageKey() {
      return "invitations.state." + name().toLowerCase(Locale.ROOT);
    }
  }

  public boolean open(Instant now) {
    return status(now) == Status.PENDING;
  }

  public Status status(Instant now) {
    if (usedAt != null) {
      return Status.USED;
    }
    if (revokedAt != null) {
      return Status.REVOKED;
    }
    return expiresAt.isAfter(now) ? Status.PENDING : Status.EXPIRED;
  }

  /** Revoking and resending make sense until someone joined with it (a revoked one stays revoked). */
  public boolean changeable() {
    return usedAt == null && revokedAt == null;
  }
}
