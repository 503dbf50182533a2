package org.commune.members;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for password-reset tokens. */
@Repository
class PasswordResetRepository {

  private final JdbcClient jdbc;

  PasswordResetRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(byte[] tokenHash, MemberId member, Instant expiresAt) {
    jdbc.sql("INSERT INTO password_reset (token_hash, member_id, expires_at) VALUES (:h, :m, :e)")
        .param("h", tokenHash)
        .param("m", member.value())
        .param("e", Timestamp.from(expiresAt))
        .update();
  }

  boolean isOpen(byte[] tokenHash) {
    return jdbc.sql(
            "SELECT EXISTS (SELECT 1 FROM password_reset WHERE token_hash = :h AND used_at IS NULL AND expires_at > now())")
        .param("h", tokenHash)
        .query(Boolean.class)
        .single();
  }

  /** Uses the token once; the member whose password may now be set, if the token was open. */
  Optional<MemberId> claim(byte[] tokenHash) {
    return jdbc.sql(
            """
            UPDATE password_reset SET used_at = now()
            WHERE token_hash = :h AND used_at IS NULL AND expires_at > now()
            RETURNING member_id
            """)
        .param("h", tokenHash)
        .query((rs, n) -> new MemberId(rs.getObject(1, UUID.class)))
        .optional();
  }

  /** Other open links for the same member stop working once one was used. */
  void closeAll(MemberId member) {
    jdbc.sql("UPDATE password_reset SET used_at = now() WHERE member_id = :m AND used_at IS NULL")
        .param("m", member.value())
        .update();
  }
}
