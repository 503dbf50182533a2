package org.commune.members;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.commune.transparency.PublicFact;

/** A member deleted their account. Only the id remains, in the public record. */
public record MemberLeft(UUID eventId, Instant at, MemberId member) implements PublicFact {

  @Override
  public String entryType() {
    return "member.left";
  }

  @Override
  public Map<String, String> facts() {
    return PublicFact.of("member", member.toString());
  }
}
