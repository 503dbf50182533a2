package org.commune.governance;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A proposal passed. Modules that act on decisions of a type (the AI charter) listen for it and take
 * the payload the members voted on; they cite {@code proposal} as the decision.
 */
public record DecisionTaken(UUID eventId, Instant at, ProposalId proposal, DecisionType type, @Nullable String payload) {}
