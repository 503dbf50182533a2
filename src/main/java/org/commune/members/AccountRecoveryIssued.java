package org.commune.members;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.commune.transparency.PublicFact;

/**
 * A steward issued a one-time recovery link for a member's account. Public, so that a steward who
 * uses such a link to take an account over is seen doing it; both are named only as the log names
 * members (keyed pseudonyms).
 */
public record AccountRecoveryIssued(UUID eventId, Instant at, MemberId member, MemberId issuedBy) implements PublicFact {

  @Override
  public String entryType() {
    return "member.recovery-issued";
  }

  @Override
  public Map<String, String> facts() {
    return PublicFact.of("member", member.toString(), "by", issuedBy.toString());
  }
}
