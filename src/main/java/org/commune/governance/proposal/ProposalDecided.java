package org.commune.governance.proposal;

import java.time.Instant;
import org.commune.governance.Outcome;
import org.commune.governance.ProposalView;

/**
 * A vote was closed and decided, whatever its outcome. Heard inside governance, in the transaction
 * that decided it (deliberation settles the amendment a vote was about); other modules hear of
 * decisions through {@link VoteClosed} and {@link DecisionTaken}.
 */
public record ProposalDecided(ProposalView proposal, Outcome outcome, Instant at) {}
