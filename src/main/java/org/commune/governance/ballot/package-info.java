/**
 * Casting: what a valid ballot is for each method ({@code BallotRules}), and the secret ballot's
 * protections ({@code SecretBallots}) — receipts, sealed under the instance key, written in batches
 * of several voters, remixed while open, unsealed and shuffled at the close, traces removed after it.
 * Internal to governance; {@link org.commune.governance.Proposals} casts through it.
 */
@NullMarked
package org.commune.governance.ballot;

import org.jspecify.annotations.NullMarked;
