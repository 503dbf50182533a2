/**
 * Casting: what a valid ballot is for each method ({@code BallotRules}), and the secret ballot's
 * protections — sealed under the instance key, written in batches of several voters, traces removed
 * after the close. Internal to governance; {@link org.commune.governance.Proposals} casts through it.
 */
@NullMarked
package org.commune.governance.ballot;

import org.jspecify.annotations.NullMarked;
