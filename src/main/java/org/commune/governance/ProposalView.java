package org.commune.governance;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A proposal as pages show it. {@code result} is the full printed count once decided. Dates: created,
 * discussion started (null while a draft), voting opens ({@code openedAt}, planned until then), closes,
 * decided.
 */
public record ProposalView(
    ProposalId id,
    String title,
    String body,
    String type,
    VotingMethod method,
    List<String> options,
    String phase,
    UUID author,
    @Nullable UUID group,
    int seats,
    int maxScore,
    boolean secret,
    Instant createdAt,
    @Nullable Instant discussionAt,
    Instant openedAt,
    Instant closesAt,
    @Nullable Instant decidedAt,
    long eligible,
    long ballots,
    long tieSeed,
    String threshold,
    String quorum,
    @Nullable String outcome,
    @Nullable String result,
    @Nullable UUID amends,
    @Nullable String payload,
    @Nullable String implementation,
    int maxApprovals) {

  public boolean open() {
    return "voting".equals(phase);
  }

  public boolean draft() {
    return "draft".equals(phase);
  }

  /** Text can still change (by its author, or by an accepted amendment): a draft or under discussion. */
  public boolean amendable() {
    return "draft".equals(phase) || "discussion".equals(phase);
  }

  public boolean decided() {
    return outcome != null;
  }

  /** When voting closes, as shown on pages (UTC, to the minute). */
  public String closesAtText() {
    return org.commune.web.UtcMinute.format(closesAt);
  }

  public String openedAtText() {
    return org.commune.web.UtcMinute.format(openedAt);
  }

  public String createdAtText() {
    return org.commune.web.UtcMinute.format(createdAt);
  }

  public String discussionAtText() {
    return discussionAt == null ? "" : org.commune.web.UtcMinute.format(discussionAt);
  }

  public String decidedAtText() {
    return decidedAt == null ? "" : org.commune.web.UtcMinute.format(decidedAt);
  }
}
