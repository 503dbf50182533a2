package org.commune.governance.constitution;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for the constitution's versions. */
@Repository
class ConstitutionRepository {

  /** One adopted version: its rules as JSON, when, and the proposal that adopted it (none for version 1). */
  record Version(int version, String rules, Instant adoptedAt, @Nullable UUID adoptedBy) {}

  private final JdbcClient jdbc;

  ConstitutionRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<Version> current() {
    return jdbc.sql("SELECT version, rules, adopted_at, adopted_by FROM constitution ORDER BY version DESC LIMIT 1")
        .query(ConstitutionRepository::map).optional();
  }

  List<Version> history() {
    return jdbc.sql("SELECT version, rules, adopted_at, adopted_by FROM constitution ORDER BY version DESC")
        .query(ConstitutionRepository::map).list();
  }

  /** Held until the adopting transaction ends: one adoption at a time. */
  void lockForAdoption() {
    jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('commune.constitution.adopt'))").query((rs, n) -> 0).list();
  }

  /** Whether this proposal's change is already a version (the decision was heard before). */
  boolean adoptedBy(UUID proposal) {
    return jdbc.sql("SELECT count(*) FROM constitution WHERE adopted_by = :p").param("p", proposal)
        .query(Long.class).single() > 0;
  }

  /** Inserts the next version; the primary key refuses a second writer of the same number. */
  void insert(int version, String rules, Instant at, @Nullable UUID adoptedBy) {
    jdbc.sql("INSERT INTO constitution (version, rules, adopted_at, adopted_by) VALUES (:v, :rules, :at, :by) "
            + "ON CONFLICT (version) DO NOTHING")
        .param("v", version).param("rules", rules).param("at", Timestamp.from(at)).param("by", adoptedBy).update();
  }

  private static Version map(ResultSet rs, int row) throws SQLException {
    return new Version(rs.getInt(1), rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getObject(4, UUID.class));
  }
}
