package org.commune.members;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** A member's row, inside the module only. */
record MemberRecord(
    MemberId id,
    String username,
    String displayName,
    @Nullable String email,
    String passwordHash,
    Role role,
    String language,
    byte @Nullable [] totpSecret,
    boolean totpEnabled,
    Instant joinedAt) {}
