package org.commune.members;

import java.time.Instant;
import java.util.UUID;

/** A member's role changed, by whom and why. */
public record RoleChanged(
    UUID eventId, Instant at, MemberId member, Role from, Role to, MemberId changedBy, String reason) {}
