package org.commune.federation.move;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.commune.transparency.PublicFact;

/** On the new instance: the organisation's actor declares its old address as an alias (ready to be moved to). */
public record AliasDeclared(UUID eventId, Instant at, String oldActor) implements PublicFact {

  @Override
  public String entryType() {
    return "federation.alias-declared";
  }

  @Override
  public Map<String, String> facts() {
    return PublicFact.of("old_actor", MoveRules.actorUrl(oldActor));
  }

  @Override
  public Set<String> publishedAsIs() {
    return Set.of("old_actor");
  }
}
