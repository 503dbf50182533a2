package org.commune.members;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.commune.transparency.PublicFact;

/** A member's role changed, by whom and why. */
public record RoleChanged(
    UUID eventId, Instant at, MemberId member, Role from, Role to, MemberId changedBy, String reason) implements PublicFact {

  @Override
  public String entryType() {
    return "role.changed";
  }

  /** Not the reason: members wrote it, the members' pages show it. */
  @Override
  public Map<String, String> facts() {
    return PublicFact.of("member", member.toString(), "from", from.code(), "to", to.code(), "by", changedBy.toString());
  }
}
