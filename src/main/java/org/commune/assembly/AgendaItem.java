package org.commune.assembly;

import org.commune.governance.ProposalId;

/** One agenda item: a proposal, its title (member-written text) and its phase's code. */
public record AgendaItem(ProposalId proposal, String title, String phase) {}
