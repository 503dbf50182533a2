package org.commune.federation.survival;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.commune.transparency.PublicFact;

/** Members adopted an allied Commune: the decision, the ally's host and the fingerprints of the keys pinned. */
public record AllyAdopted(UUID eventId, Instant at, UUID proposal, String host, String logKey, String actorKey)
    implements PublicFact {

  @Override
  public String entryType() {
    return "federation.ally-adopted";
  }

  @Override
  public Map<String, String> facts() {
    return PublicFact.of("proposal", proposal.toString(), "host", host, "log_key", logKey, "actor_key", actorKey);
  }
}
