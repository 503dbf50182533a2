package org.commune.members;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** A member was added to or removed from a group, by whom (none when they joined by invitation) and why. */
public record GroupMembershipChanged(
    UUID eventId, Instant at, GroupId group, MemberId member, boolean added, @Nullable MemberId changedBy,
    String reason) {}
