package org.commune.federation.survival;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.commune.transparency.PublicFact;

/**
 * This Commune, as a witness, refused an ally's log: {@code kind} is the tampering code, {@code treeSize}
 * the last checkpoint it had cosigned (0 when none). The evidence stays on the mirror page.
 */
public record WitnessAlerted(UUID eventId, Instant at, String host, String kind, long treeSize) implements PublicFact {

  @Override
  public String entryType() {
    return "federation.witness-alert";
  }

  @Override
  public Map<String, String> facts() {
    return PublicFact.of("host", host, "kind", kind, "tree_size", Long.toString(treeSize));
  }
}
