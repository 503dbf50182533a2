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
    jdbc.sql(
            """
            INSERT INTO invitation (id, token_hash, created_by, group_id, note, expires_at)
            VALUES (:id, :hash, :by, :group, :note, :expires)
            """)
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
    return jdbc.sql("SELECT 1 FROM invitation WHERE token_hash = :h AND used_at IS NULL AND expires_at > now()")
        .param("h", tokenHash).query(Integer.class).optional().isPresent();
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
            UPDATE invitation SET used_at = now()
            WHERE token_hash = :h AND used_at IS NULL AND expires_at > now()
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
            SELECT i.id, i.note, g.slug, i.created_at, i.expires_at, i.used_at
            FROM invitation i LEFT JOIN member_group g ON g.id = i.group_id
            ORDER BY i.created_at DESC LIMIT 100
            """)
        .query(
            (rs, n) ->
                new InvitationSummary(
                    rs.getObject("id", UUID.class),
                    rs.getString("note"),
                    rs.getString("slug"),
                    rs.getTimestamp("created_at").toInstant(),
                    rs.getTimestamp("expires_at").toInstant(),
                    rs.getTimestamp("used_at") == null ? null : rs.getTimestamp("used_at").toInstant()))
        .list();
  }

  List<String> notesBy(MemberId member) {
    return jdbc.sql("SELECT coalesce(note, '') FROM invitation WHERE created_by = :m ORDER BY created_at")
        .param("m", member.value())
        .query(String.class)
        .list();
  }
}
