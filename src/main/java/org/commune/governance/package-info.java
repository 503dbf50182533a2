/**
 * Governance: how members decide. Proposals through their lifecycle (draft, discussion, voting,
 * decided, implementation), deliberation (comments, moderation, amendments, consent objections),
 * ballots (one per member, enforced by the database; open or secret with receipts), liquid
 * delegation (global and per group), counting with the methods in {@code counting} (pure, separately
 * tested classes), the constitution as data, and notifications.
 *
 * <p>Publishes {@link org.commune.governance.ProposalOpened}, {@link org.commune.governance.VoteClosed}
 * and {@link org.commune.governance.GovernanceRecorded} (phase changes, moderation, amendments,
 * constitution changes, receipts) for the transparency log, and {@link org.commune.governance.DecisionTaken}
 * for modules that act on a decision. Listens to no other module.
 *
 * <p>The root package is the API: the facade {@link org.commune.governance.Proposals}, ids, views, the
 * types ({@link org.commune.governance.ProposalPhase} — the proposal's life as one state machine —,
 * {@link org.commune.governance.Outcome}, {@link org.commune.governance.DecisionType}) and the events.
 * The parts are internal packages: {@code proposal}, {@code ballot}, {@code deliberation} (a named
 * interface), {@code delegation}, {@code constitution}, {@code notification}, {@code counting} (a named
 * interface); {@code GovernancePackagesTest} checks their boundaries.
 */
@ApplicationModule(allowedDependencies = {"members", "web", "database", "transparency", "search"})
@NullMarked
package org.commune.governance;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
