package org.commune.governance;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.commune.transparency.PublicFact;

/**
 * A public governance fact for the transparency log: a phase change, a moderation action, an accepted
 * amendment, a constitution change, a published receipt list. {@code kind} names it (e.g.
 * "proposal.phase"); {@code facts} hold ids and public facts only, never a member's name or address.
 */
public record GovernanceRecorded(UUID eventId, Instant at, String kind, Map<String, String> facts)
    implements PublicFact {

  @Override
  public String entryType() {
    return kind;
  }
}
