package org.commune.federation.protocol;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.commune.members.MemberId;
import org.commune.transparency.PublicFact;

/** Stewards lifted the block of a domain. */
public record DomainUnblocked(UUID eventId, Instant at, String domain, MemberId by) implements PublicFact {

  @Override
  public String entryType() {
    return "federation.domain-unblocked";
  }

  @Override
  public Map<String, String> facts() {
    return PublicFact.of("domain", domain, "by", by.toString());
  }
}
