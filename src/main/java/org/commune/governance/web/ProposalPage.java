package org.commune.governance.web;

import org.commune.governance.ProposalView;
import org.commune.web.Form;

/** One proposal: its text, the ballot form while voting is open, the count once decided. */
public record ProposalPage(ProposalView proposal, boolean voted, Form form) {}
