package org.commune.ai;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for the AI charter's versions. */
@Repository
class CharterRepository {

  record Row(int version, String charter, Instant adoptedAt, UUID adoptedBy) {}

  private final JdbcClient jdbc;

  CharterRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<Row> current() {
    return jdbc.sql("SELECT version, charter, adopted_at, adopted_by FROM ai_charter ORDER BY version DESC LIMIT 1")
        .query(CharterRepository::map).optional();
  }

  List<Row> history() {
    return jdbc.sql("SELECT version, charter, adopted_at, adopted_by FROM ai_charter ORDER BY version DESC")
        .query(CharterRepository::map).list();
  }

  /** The next version, citing the decision; a decision adopts at most one version (unique key). */
  void adopt(String charter, String sha256, Instant at, UUID decision) {
    jdbc.sql("""
            INSERT INTO ai_charter (version, charter, charter_sha256, adopted_at, adopted_by)
            SELECT coalesce(max(version), 0) + 1, :c, :h, :at, :d FROM ai_charter
            ON CONFLICT (adopted_by) DO NOTHING
            """)
        .param("c", charter).param("h", sha256).param("at", Timestamp.from(at)).param("d", decision).update();
  }

  void proposed(UUID proposal, String sha256) {
    jdbc.sql("INSERT INTO ai_charter_proposal (proposal, charter_sha256) VALUES (:p, :h)")
        .param("p", proposal).param("h", sha256).update();
  }

  Optional<String> proposedHash(UUID proposal) {
    return jdbc.sql("SELECT charter_sha256 FROM ai_charter_proposal WHERE proposal = :p").param("p", proposal)
        .query(String.class).optional();
  }

  private static Row map(ResultSet rs, int n) throws SQLException {
    return new Row(rs.getInt(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getObject(4, UUID.class));
  }
}
