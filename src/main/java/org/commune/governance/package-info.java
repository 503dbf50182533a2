/**
 * Governance: how members decide. So far this module holds the counting methods (in {@code
 * counting}): pure, separately tested classes that count ballots exactly as the rules in
 * docs/voting.md say. Proposals, deliberation, ballots, delegation and the constitution come next.
 * Publishes and listens to no events yet.
 */
@ApplicationModule(allowedDependencies = {})
@NullMarked
package org.commune.governance;

import org.jspecify.annotations.NullMarked;
import org.springframework.modulith.ApplicationModule;
