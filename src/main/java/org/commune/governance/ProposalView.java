package org.commune.governance;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A proposal as pages show it. {@code result} is the full printed count once decided. */
public record ProposalView(
    ProposalId id,
    String title,
    String body,
    VotingMethod method,
    List<String> options,
    String phase,
    Instant openedAt,
    Instant closesAt,
    long eligible,
    long ballots,
    long tieSeed,
    String threshold,
    String quorum,
    @Nullable String outcome,
    @Nullable String result) {

  public boolean open() {
    return "voting".equals(phase);
  }

  /** When voting closes, as shown on pages (UTC, to the minute). */
  public String closesAtText() {
    return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
        .withZone(java.time.ZoneOffset.UTC).format(closesAt);
  }
}
