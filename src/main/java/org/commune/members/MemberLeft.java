package org.commune.members;

import java.time.Instant;
import java.util.UUID;

/** A member deleted their account. Only the id remains, in the public record. */
public record MemberLeft(UUID eventId, Instant at, MemberId member) {}
