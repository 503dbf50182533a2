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
    Instant joinedAt,
    @Nullable String timeZone) {

  MemberRecord(MemberId id, String username, String displayName, @Nullable String email, String passwordHash,
      Role role, String language, byte @Nullable [] totpSecret, boolean totpEnabled, Instant joinedAt) {
    this(id, username, displayName, email, passwordHash, role, language, totpSecret, totpEnabled, joinedAt, null);
  }
}
