package org.commune.governance;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.commune.transparency.PublicFact;

/** A vote closed and was counted: its outcome, turnout and the result line (winner or yes/no). */
public record VoteClosed(UUID eventId, Instant at, ProposalId proposal, String outcome, long ballots,
    long eligible, String result) implements PublicFact {

  @Override
  public String entryType() {
    return "vote.closed";
  }

  /** The result line names options members wrote: the log keeps only its keyed hash. */
  @Override
  public Map<String, String> facts() {
    return PublicFact.of("proposal", proposal.toString(), "outcome", outcome, "ballots", Long.toString(ballots),
        "eligible", Long.toString(eligible), "result", result);
  }
}
