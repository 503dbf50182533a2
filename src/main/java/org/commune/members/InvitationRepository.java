package org.commune.members;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for invitations. */
@Repository
class InvitationRepository {

  private final JdbcClient jdbc;

  InvitationRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(UUID id, byte[] tokenHash, MemberId createdBy, @Nullable GroupId group, @Nullable String note, Instant expiresAt) {
    insert(id, tokenHash, createdBy, group, note, expiresAt, null, null, null);
  }

  void insert(UUID id, byte[] tokenHash, MemberId createdBy, @Nullable GroupId group, @Nullable String note,
      Instant expiresAt, @Nullable String inviteeName, @Nullable String email, @Nullable UUID batch) {
    jdbc.sql(
            """
            INSERT INTO invitation (id, token_hash, created_by, group_id, note, expires_at, invitee_name, email, batch_id)
            VALUES (:id, :hash, :by, :group, :note, :expires, :name, :email, :batch)
            """)
        .param("name", inviteeName)
        .param("email", email)
        .param("batch", batch)
        .param("id", id)
        .param("hash", tokenHash)
        .param("by", createdBy.value())
        .param("group", group == null ? null : group.value())
        .param("note", note)
        .param("expires", Timestamp.from(expiresAt))
        .update();
  }

  /** The token names an open invitation: unused and not expired. */
  boolean isOpen(byte[] tokenHash) {
    return opened(tokenHash).isPresent();
  }

  /** An open invitation's name for the person (empty string when it names none). */
  Optional<String> opened(byte[] tokenHash) {
    return jdbc.sql(
            "SELECT coalesce(invitee_name, '') FROM invitation WHERE token_hash = :h AND used_at IS NULL"
                + " AND revoked_at IS NULL AND expires_at > now()")
        .param("h", tokenHash).query(String.class).optional();
  }

  /** Revokes an invitation nobody used yet; false when there is none such. */
  boolean revoke(UUID id) {
    // The address goes with it: a revoked invitation is never sent again.
    return jdbc.sql("UPDATE invitation SET revoked_at = now(), email = NULL WHERE id = :id AND used_at IS NULL AND revoked_at IS NULL")
            .param("id", id).update() == 1;
  }

  /** What a resend needs: the address, if any, and the name. */
  record Resent(@Nullable String email, @Nullable String inviteeName) {}

  /**
   * Gives an unused, unrevoked invitation a new token and expiry: the old hash is overwritten, so the
   * old link stops working in the same statement. Empty when there is no such invitation.
   */
  Optional<Resent> renew(UUID id, byte[] tokenHash, Instant expiresAt) {
    return jdbc.sql(
            """
            UPDATE invitation SET token_hash = :h, expires_at = :e
            WHERE id = :id AND used_at IS NULL AND revoked_at IS NULL
            RETURNING email, invitee_name
            """)
        .param("h", tokenHash).param("e", Timestamp.from(expiresAt)).param("id", id)
        .query((rs, n) -> new Resent(rs.getString("email"), rs.getString("invitee_name")))
        .optional();
  }

  /** A claimed invitation: the group its member joins, if it names one. */
  record Claimed(@Nullable GroupId group) {}

  /**
   * Claims the invitation for one use. Atomic: of two simultaneous claims only one succeeds.
   * Empty when the token names no open invitation.
   */
  Optional<Claimed> claim(byte[] tokenHash) {
    return jdbc.sql(
            """
            UPDATE invitation SET used_at = now(), email = NULL
            WHERE token_hash = :h AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
            RETURNING group_id
            """)
        .param("h", tokenHash)
        .query((rs, n) -> {
          UUID group = rs.getObject("group_id", UUID.class);
          return new Claimed(group == null ? null : new GroupId(group));
        })
        .optional();
  }

  List<InvitationSummary> recent() {
    return jdbc.sql(
            """
            SELECT i.id, i.note, g.slug, i.created_at, i.expires_at, i.used_at, i.invitee_name,
                   i.email IS NOT NULL AS has_email, i.revoked_at
            FROM invitation i LEFT JOIN member_group g ON g.id = i.group_id
            ORDER BY i.created_at DESC, i.invitee_name LIMIT 1000
            """)
        .query(
            (rs, n) ->
                new InvitationSummary(
                    rs.getObject("id", UUID.class),
                    rs.getString("note"),
                    rs.getString("slug"),
                    rs.getTimestamp("created_at").toInstant(),
                    rs.getTimestamp("expires_at").toInstant(),
                    instant(rs.getTimestamp("used_at")),
                    rs.getString("invitee_name"),
                    rs.getBoolean("has_email"),
                    instant(rs.getTimestamp("revoked_at"))))
        .list();
  }

  List<String> notesBy(MemberId member) {
    return jdbc.sql("SELECT coalesce(note, '') FROM invitation WHERE created_by = :m ORDER BY created_at")
        .param("m", member.value())
        .query(String.class)
        .list();
  }

  private static @Nullable Instant instant(@Nullable Timestamp at) {
    return at == null ? null : at.toInstant();
  }
}
