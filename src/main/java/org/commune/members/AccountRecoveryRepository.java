package org.commune.members;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for steward-issued recovery links (only token hashes are stored). */
@Repository
class AccountRecoveryRepository {

  private final JdbcClient jdbc;

  AccountRecoveryRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A new link; the member's earlier open links close, so only the newest one works. */
  void insert(byte[] tokenHash, MemberId member, MemberId issuedBy, Instant now, Instant expiresAt) {
    closeAll(member, now);
    jdbc.sql("INSERT INTO account_recovery (token_hash, member_id, issued_by, created_at, expires_at) VALUES (:h, :m, :b, :c, :e)")
        .param("h", tokenHash).param("m", member.value()).param("b", issuedBy.value())
        .param("c", Timestamp.from(now)).param("e", Timestamp.from(expiresAt))
        .update();
  }

  boolean isOpen(byte[] tokenHash, Instant now) {
    return jdbc.sql("SELECT EXISTS (SELECT 1 FROM account_recovery WHERE token_hash = :h AND used_at IS NULL AND expires_at > :now)")
        .param("h", tokenHash).param("now", Timestamp.from(now)).query(Boolean.class).single();
  }

  /** Uses the link once (atomic: of two simultaneous uses one wins); the member, if it was open. */
  Optional<MemberId> claim(byte[] tokenHash, Instant now) {
    return jdbc.sql(
            """
            UPDATE account_recovery SET used_at = :now
            WHERE token_hash = :h AND used_at IS NULL AND expires_at > :now
            RETURNING member_id
            """)
        .param("h", tokenHash).param("now", Timestamp.from(now))
        .query((rs, n) -> new MemberId(rs.getObject(1, UUID.class)))
        .optional();
  }

  /** Ends the member's open links (a newer one, or a password set some other way, replaces them). */
  void closeAll(MemberId member, Instant now) {
    jdbc.sql("UPDATE account_recovery SET expires_at = :now WHERE member_id = :m AND used_at IS NULL AND expires_at > :now")
        .param("m", member.value()).param("now", Timestamp.from(now)).update();
  }

  List<RecoveryLinkIssued> of(MemberId member) {
    return jdbc.sql(
            """
            SELECT s.display_name, r.created_at, r.expires_at, r.used_at
            FROM account_recovery r LEFT JOIN member s ON s.id = r.issued_by
            WHERE r.member_id = :m ORDER BY r.created_at DESC LIMIT 20
            """)
        .param("m", member.value())
        .query((rs, n) -> new RecoveryLinkIssued(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getTimestamp(3).toInstant(),
            rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant()))
        .list();
  }
}
