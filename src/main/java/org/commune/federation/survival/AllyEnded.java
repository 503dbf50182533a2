package org.commune.federation.survival;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.commune.transparency.PublicFact;

/** Members ended an alliance: the decision and the ally's host. */
public record AllyEnded(UUID eventId, Instant at, UUID proposal, String host) implements PublicFact {

  @Override
  public String entryType() {
    return "federation.ally-ended";
  }

  @Override
  public Map<String, String> facts() {
    return PublicFact.of("proposal", proposal.toString(), "host", host);
  }
}
