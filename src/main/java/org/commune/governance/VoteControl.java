package org.commune.governance;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A change to when a vote ends: closed early by an officer ("closed-early"), extended ("extended"), or
 * closed because every member of its electorate had voted ("all-voted"). Pages show the role (never
 * the member) and the reason the officer gave; the public log holds the reason's keyed hash.
 *
 * @param role the acting officer's role code ("steward", "moderator"); null for "all-voted"
 * @param closesAt when the vote closed (early) or now closes (extended)
 */
public record VoteControl(String action, @Nullable String role, String reason, Instant closesAt, Instant at) {}
