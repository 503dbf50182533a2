package org.commune.federation.protocol;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.commune.members.MemberId;
import org.commune.transparency.PublicFact;

/**
 * Stewards followed, or stopped following, an actor elsewhere (an ally): an organisational choice, logged
 * with the ally's host only (the actor may be a person's account; its address stays on the stewards' page).
 */
public record AllyFollowChanged(UUID eventId, Instant at, String host, boolean following, MemberId by)
    implements PublicFact {

  @Override
  public String entryType() {
    return following ? "federation.ally-followed" : "federation.ally-unfollowed";
  }

  @Override
  public Map<String, String> facts() {
    return PublicFact.of("host", host, "by", by.toString());
  }
}
