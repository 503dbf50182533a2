package org.commune.members;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Invitations just made or resent: for each person the link to hand over (null when it went by
 * email), shown this once; and when they expire.
 */
public record InvitationsMade(List<Made> made, Instant expiresAt) {

  /** One person's invitation: name, link (null when mailed), whether mailed, the group they join. */
  public record Made(String name, @Nullable String link, boolean mailed, @Nullable String groupSlug) {}

  public long mailed() {
    return made.stream().filter(Made::mailed).count();
  }

  /** The invitations to print: those with a link. */
  public List<Made> toPrint() {
    return made.stream().filter(m -> m.link() != null).toList();
  }
}
