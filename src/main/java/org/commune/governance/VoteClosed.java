package org.commune.governance;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.commune.transparency.PublicFact;

/**
 * A vote closed and was counted: its outcome, turnout, and the options chosen as data, by their index
 * in the vote's options (0 first; empty for yes/no decisions, consent, and when nobody was chosen).
 * Option names are member-written text, so they stay out of the event that the public log records.
 */
public record VoteClosed(UUID eventId, Instant at, ProposalId proposal, String outcome, long ballots,
    long eligible, List<Integer> chosen) implements PublicFact {

  public VoteClosed {
    chosen = List.copyOf(chosen);
  }

  @Override
  public String entryType() {
    return "vote.closed";
  }

  /** The chosen options by index, never by name: option names are member-written text. */
  @Override
  public Map<String, String> facts() {
    return PublicFact.of("proposal", proposal.toString(), "outcome", outcome, "ballots", Long.toString(ballots),
        "eligible", Long.toString(eligible), "chosen",
        chosen.stream().map(String::valueOf).collect(Collectors.joining(",")));
  }
}
