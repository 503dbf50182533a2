/**
 * Governance: how members decide. Proposals through their lifecycle (draft, discussion, voting,
 * decided, implementation), deliberation (comments, moderation, amendments, consent objections),
 * ballots (one per member, enforced by the database; open or secret with receipts), liquid
 * delegation (global and per group), counting with the methods in {@code counting} (pure, separately
 * tested classes), the constitution as data, and notifications.
 *
 * <p>Publishes {@link org.commune.governance.ProposalOpened}, {@link org.commune.governance.VoteClosed}
 * and {@link org.commune.governance.GovernanceRecorded} (phase changes, moderation, amendments,
 * constitution changes, receipts) for the transparency log. Listens to nothing.
 */
@ApplicationModule(allowedDependencies = {"members", "web", "database", "transparency"})
@NullMarked
package org.commune.governance;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
