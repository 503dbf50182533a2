package org.commune.federation.move;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.commune.transparency.PublicFact;

/**
 * The hand-over entry: the organisation's actor moves to a new address, and the log continues there under the
 * key whose fingerprint is given (the same key: the new instance is restored from this one's backup). Actor
 * addresses are the organisation's own, public by nature: published as they are when they are addresses.
 */
public record ActorMoved(UUID eventId, Instant at, String oldActor, String newActor, String logKeyFingerprint)
    implements PublicFact {

  @Override
  public String entryType() {
    return "federation.moved";
  }

  @Override
  public Map<String, String> facts() {
    return PublicFact.of("old_actor", MoveRules.actorUrl(oldActor), "new_actor", MoveRules.actorUrl(newActor),
        "log_key", MoveRules.fingerprint(logKeyFingerprint));
  }

  @Override
  public Set<String> publishedAsIs() {
    return Set.of("old_actor", "new_actor");
  }
}
