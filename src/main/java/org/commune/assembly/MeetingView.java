package org.commune.assembly;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A meeting as pages show it. The minutes text is the published one for everybody; a draft
 * ({@code minutesPublishedAt} null) is shown to stewards only.
 */
public record MeetingView(
    UUID id,
    String title,
    Instant startsAt,
    @Nullable String place,
    MeetingStatus status,
    @Nullable String quorumKind,
    int quorumValue,
    String voters,
    Instant createdAt,
    @Nullable Instant openedAt,
    @Nullable Instant closedAt,
    int presentAtClose,
    int membersAtClose,
    @Nullable String minutes,
    @Nullable Instant minutesSavedAt,
    @Nullable Instant minutesPublishedAt,
    @Nullable String minutesSha256) {

  public boolean inSession() {
    return status == MeetingStatus.IN_SESSION;
  }

  public boolean closed() {
    return status == MeetingStatus.CLOSED;
  }

  public boolean hasQuorum() {
    return quorumKind != null;
  }

  public boolean minutesPublished() {
    return minutesPublishedAt != null;
  }

  /** Only members present may vote in its quick votes. */
  public boolean presentOnly() {
    return "present".equals(voters);
  }

  /** How many members must be present, of {@code members}; 0 when the meeting has no quorum. */
  public int quorumRequired(int members) {
    if (quorumKind == null) {
      return 0;
    }
    // A percentage of the members, rounded up: 50 % of 7 is 4 present, not 3.
    return "percent".equals(quorumKind) ? (int) ((members * (long) quorumValue + 99) / 100) : quorumValue;
  }
}
