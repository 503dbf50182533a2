package org.commune.governance.proposal;

import org.commune.governance.ProposalId;

/**
 * The objections raised against a consent decision, as its close counts them: it passes unless one is
 * still open. Deliberation keeps the objections; counting them here keeps proposals from calling
 * deliberation (which calls proposals).
 */
public interface ConsentObjections {

  Count count(ProposalId proposal);

  /** How many objections were raised, and how many are still open (not withdrawn). */
  record Count(int raised, long open) {}
}
