package org.commune.governance.web;

import org.commune.governance.ProposalView;
import org.commune.web.Form;

/**
 * One proposal: its text, the ballot form while voting is open, the count once decided, and where the
 * viewer's vote went (routeKey: a message key, empty while open; routeName: the delegate's name).
 */
public record ProposalPage(ProposalView proposal, boolean voted, String routeKey, String routeName, Form form) {}
