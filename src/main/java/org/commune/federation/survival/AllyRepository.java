package org.commune.federation.survival;

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

/** Alliances adopted by vote (table federation_ally), with the keys pinned at adoption and the last sync. */
@Repository
class AllyRepository {

  private final JdbcClient jdbc;

  AllyRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Adopts an ally, or adopts again one whose alliance ended (with the keys of the new vote). */
  void adopt(String host, String url, byte[] logKey, byte[] actorKey, UUID proposal, Instant at) {
    jdbc.sql("""
        INSERT INTO federation_ally (host, url, log_key, actor_key, adopted_by, adopted_at)
        VALUES (:host, :url, :log, :actor, :proposal, :at)
        ON CONFLICT (host) DO UPDATE SET url = excluded.url, log_key = excluded.log_key, actor_key = excluded.actor_key,
          adopted_by = excluded.adopted_by, adopted_at = excluded.adopted_at, ended_by = NULL, ended_at = NULL
        """).param("host", host).param("url", url).param("log", logKey).param("actor", actorKey)
        .param("proposal", proposal).param("at", Timestamp.from(at)).update();
  }

  boolean end(String host, UUID proposal, Instant at) {
    return jdbc.sql("UPDATE federation_ally SET ended_by = :proposal, ended_at = :at WHERE host = :host AND ended_at IS NULL")
        .param("host", host).param("proposal", proposal).param("at", Timestamp.from(at)).update() > 0;
  }

  void synced(String host, String status, Instant at, boolean ok) {
    jdbc.sql("""
        UPDATE federation_ally SET last_sync_at = :at, last_sync_status = :status,
          last_ok_at = CASE WHEN :ok THEN :at ELSE last_ok_at END WHERE host = :host
        """).param("host", host).param("status", status).param("at", Timestamp.from(at)).param("ok", ok).update();
  }

  Optional<Ally> find(String host) {
    return jdbc.sql("SELECT * FROM federation_ally WHERE host = :host").param("host", host).query(AllyRepository::row)
        .optional();
  }

  /** Alliances now and before (an ended alliance keeps its mirror readable), newest first. */
  List<Ally> all() {
    return jdbc.sql("SELECT * FROM federation_ally ORDER BY adopted_at DESC, host").query(AllyRepository::row).list();
  }

  /** The ally whose pinned log key this is, if the alliance stands. */
  Optional<Ally> activeByLogKey(byte[] logKey) {
    return jdbc.sql("SELECT * FROM federation_ally WHERE log_key = :key AND ended_at IS NULL").param("key", logKey)
        .query(AllyRepository::row).optional();
  }

  private static Ally row(ResultSet rs, int n) throws SQLException {
    return new Ally(rs.getString("host"), rs.getString("url"), rs.getBytes("log_key"), rs.getBytes("actor_key"),
        rs.getObject("adopted_by", UUID.class), instant(rs, "adopted_at"), instant(rs, "ended_at"),
        instant(rs, "last_sync_at"), rs.getString("last_sync_status"), instant(rs, "last_ok_at"));
  }

  static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}
