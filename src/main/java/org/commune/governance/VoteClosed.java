package org.commune.governance;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A vote closed and was counted: its outcome, turnout, and the options chosen as data, by their index
 * in the vote's options (0 first; empty for yes/no decisions, consent, and when nobody was chosen).
 * Option names are member-written text, so they stay out of the event that the public log records.
 */
public record VoteClosed(UUID eventId, Instant at, ProposalId proposal, String outcome, long ballots,
    long eligible, List<Integer> chosen) {

  public VoteClosed {
    chosen = List.copyOf(chosen);
  }
}
