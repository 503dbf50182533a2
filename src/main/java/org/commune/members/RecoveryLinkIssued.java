package org.commune.members;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A recovery link a steward issued for the member's account, as the member sees it afterwards (their
 * in-app notice that it happened): by whom (null when that steward left), when, and whether it was used.
 */
public record RecoveryLinkIssued(@Nullable String issuedBy, Instant createdAt, Instant expiresAt, @Nullable Instant usedAt) {}
