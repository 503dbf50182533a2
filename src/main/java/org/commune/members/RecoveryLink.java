package org.commune.members;

import java.time.Instant;

/**
 * A recovery link just issued, shown once to the steward to hand over: for whom, the link, until when,
 * and whether using it removes the member's two-step sign-in.
 */
public record RecoveryLink(String username, String displayName, String link, Instant expiresAt, boolean removesTwoStep) {}
