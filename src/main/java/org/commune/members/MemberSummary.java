package org.commune.members;

import java.time.Instant;

/** A member as other members see them: no email, no secrets. */
public record MemberSummary(MemberId id, String username, String displayName, Role role, Instant joinedAt) {

  static MemberSummary of(MemberRecord record) {
    return new MemberSummary(record.id(), record.username(), record.displayName(), record.role(), record.joinedAt());
  }
}
