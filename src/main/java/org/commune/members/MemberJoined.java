package org.commune.members;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.commune.transparency.PublicFact;

/** Someone became a member: through set-up, an invitation or open registration. */
public record MemberJoined(UUID eventId, Instant at, MemberId member, String via, Role role) implements PublicFact {

  @Override
  public String entryType() {
    return "member.joined";
  }

  @Override
  public Map<String, String> facts() {
    return PublicFact.of("member", member.toString(), "via", via, "role", role.code());
  }
}
