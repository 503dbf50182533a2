package org.commune.governance.web;

import java.util.List;
import org.commune.governance.ProposalView;
import org.commune.web.Form;

/** The list of proposals, and (when {@code showForm}) the form to open a new vote. */
public record ProposalsPage(List<ProposalView> proposals, boolean showForm, Form form) {}
