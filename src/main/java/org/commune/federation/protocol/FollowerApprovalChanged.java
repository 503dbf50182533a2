package org.commune.federation.protocol;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.commune.members.MemberId;
import org.commune.transparency.PublicFact;

/** Stewards chose whether each new follower elsewhere waits for their approval: no follower is named. */
public record FollowerApprovalChanged(UUID eventId, Instant at, boolean manual, MemberId by) implements PublicFact {

  @Override
  public String entryType() {
    return "federation.follower-approval";
  }

  @Override
  public Map<String, String> facts() {
    return PublicFact.of("manual", Boolean.toString(manual), "by", by.toString());
  }
}
