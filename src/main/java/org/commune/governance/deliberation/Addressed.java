package org.commune.governance.deliberation;

import java.time.Instant;
import org.commune.governance.ProposalId;

/**
 * A reply or an amendment addressed to a member, for their home page: on which proposal, by whom
 * (display name), when.
 */
public record Addressed(ProposalId proposal, String title, String by, Instant at) {}
