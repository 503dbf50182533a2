package org.commune.members;

import java.time.Instant;
import java.util.UUID;

/** A group was created. */
public record GroupCreated(
    UUID eventId, Instant at, GroupId group, String slug, String nameEn, String nameAr, GroupKind kind,
    MemberId createdBy) {}
