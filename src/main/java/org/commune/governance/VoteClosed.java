package org.commune.governance;

import java.time.Instant;
import java.util.UUID;

/** A vote closed and was counted: its outcome, turnout and the result line (winner or yes/no). */
public record VoteClosed(UUID eventId, Instant at, ProposalId proposal, String outcome, long ballots,
    long eligible, String result) {}
