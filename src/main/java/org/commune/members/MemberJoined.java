package org.commune.members;

import java.time.Instant;
import java.util.UUID;

/** Someone became a member: through set-up, an invitation or open registration. */
public record MemberJoined(UUID eventId, Instant at, MemberId member, String via, Role role) {}
