package org.commune.federation.survival;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.commune.transparency.PublicFact;

/** A passed alliance proposal whose payload could not be carried out ({@code reason}: a code, "invalid"). */
public record AllianceRefused(UUID eventId, Instant at, UUID proposal, String reason) implements PublicFact {

  @Override
  public String entryType() {
    return "federation.ally-refused";
  }

  @Override
  public Map<String, String> facts() {
    return PublicFact.of("proposal", proposal.toString(), "reason", reason);
  }
}
