package org.commune.governance;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.commune.members.MemberId;

/**
 * Something said in a discussion that concerns particular members: an amendment to their proposal, a
 * mention of them, a reply to their comment. Published by deliberation, heard by notifications in the
 * same transaction (so a refused comment notifies no one). The writer is never among those told.
 *
 * @param title the proposal's title (for an email)
 * @param about the amendment or comment, which the notification links to
 * @param actor who wrote it
 */
public record DiscussionNotice(Kind kind, ProposalId proposal, String title, UUID about, MemberId actor,
    Set<MemberId> to, Instant at) {

  /** What was said. */
  public enum Kind {
    AMENDMENT, MENTION, REPLY;

    public String code() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * The comment or amendment is gone from view (withdrawn by its author, hidden by a moderator): what
   * was not read yet about it is no longer shown.
   */
  public record Gone(UUID about) {}
}
