package org.commune.federation.survival;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.commune.transparency.PublicFact;

/**
 * A public fact of survival for the transparency log: an alliance adopted or ended, a witness alert. Hosts,
 * key fingerprints, proposal ids, tree sizes and codes only (an ally is an organisation, not a member).
 */
public record SurvivalFact(UUID eventId, Instant at, String kind, Map<String, String> facts) implements PublicFact {

  @Override
  public String entryType() {
    return kind;
  }
}
