package org.commune.members;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.commune.transparency.PublicFact;

/** A recovery link was used: the member set a new password; whether two-step sign-in was removed with it. */
public record AccountRecovered(UUID eventId, Instant at, MemberId member, boolean twoStepRemoved) implements PublicFact {

  @Override
  public String entryType() {
    return "member.recovered";
  }

  @Override
  public Map<String, String> facts() {
    return PublicFact.of("member", member.toString(), "two_step_removed", Boolean.toString(twoStepRemoved));
  }
}
