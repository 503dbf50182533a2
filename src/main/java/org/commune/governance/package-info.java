/**
 * Governance: how members decide. Proposals put to a vote with options, ballots (one per member,
 * enforced by the database), closing and counting with the methods in {@code counting} (pure,
 * separately tested classes), results anyone can recount from the ballot export.
 *
 * <p>Publishes {@link org.commune.governance.ProposalOpened} and {@link
 * org.commune.governance.VoteClosed}. Listens to nothing. Deliberation, amendments, delegation at
 * close, secret ballots and the constitution are still to come.
 */
@ApplicationModule(allowedDependencies = {"members", "web"})
@NullMarked
package org.commune.governance;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
