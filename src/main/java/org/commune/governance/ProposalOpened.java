package org.commune.governance;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.commune.members.MemberId;
import org.commune.transparency.PublicFact;

/** A proposal was put to a vote; the draw seed for ties is published with it, before anyone votes. */
public record ProposalOpened(UUID eventId, Instant at, ProposalId proposal, String title, String method,
    Instant closesAt, long tieSeed, MemberId author) implements PublicFact {

  @Override
  public String entryType() {
    return "proposal.opened";
  }

  /** Not the title: the author wrote it. */
  @Override
  public Map<String, String> facts() {
    return PublicFact.of("proposal", proposal.toString(), "method", method, "closes", closesAt.toString(),
        "tie_seed", Long.toString(tieSeed), "by", author.toString());
  }
}
