/**
 * Proposals' storage and checks: the repository (one per aggregate), the validation of a new
 * proposal, and the events heard inside governance when a proposal moves or is decided. Internal to
 * governance; the facade is {@link org.commune.governance.Proposals}, the life is
 * {@link org.commune.governance.ProposalPhase}. It depends on no other governance package but the
 * constitution (whose rules a proposal is checked against).
 */
@NullMarked
package org.commune.governance.proposal;

import org.jspecify.annotations.NullMarked;
