package org.commune.federation.protocol;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.commune.members.MemberId;
import org.commune.transparency.PublicFact;

/** Stewards blocked a domain: its host name and the reason's code, as the public blocked-domains page shows them. */
public record DomainBlocked(UUID eventId, Instant at, String domain, String reason, MemberId by) implements PublicFact {

  @Override
  public String entryType() {
    return "federation.domain-blocked";
  }

  @Override
  public Map<String, String> facts() {
    return PublicFact.of("domain", domain, "reason", reason, "by", by.toString());
  }
}
