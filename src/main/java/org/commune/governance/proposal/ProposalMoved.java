package org.commune.governance.proposal;

import java.time.Instant;
import org.commune.governance.ProposalId;
import org.commune.governance.ProposalPhase;

/**
 * A proposal moved from one phase to the next (see {@link ProposalPhase}). Heard inside governance, in
 * the transaction that moved it (deliberation lapses the amendments still open when voting opens); the
 * public log hears of the move through {@link GovernanceRecorded}.
 */
public record ProposalMoved(ProposalId proposal, ProposalPhase from, ProposalPhase to, Instant at) {}
