package org.commune.federation.protocol;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Activities received in the inbox (table federation_inbox). */
@Repository
class InboxRepository {

  /** A stored activity waiting for processing. */
  record Received(long id, String activityId, String actor, String type, String body) {}

  private final JdbcClient jdbc;

  InboxRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Stores the activity; false when one with this id was received before (a replay). */
  boolean store(String activityId, String actor, String type, String body, Instant at) {
    return jdbc.sql("""
        INSERT INTO federation_inbox (activity_id, actor, type, body, received_at)
        VALUES (:id, :actor, :type, :body, :at) ON CONFLICT (activity_id) DO NOTHING
        """).param("id", activityId).param("actor", actor).param("type", type).param("body", body)
        .param("at", Timestamp.from(at)).update() > 0;
  }

  /** The oldest activities not processed yet (those received before a restart included). */
  List<Long> waiting(int limit) {
    return jdbc.sql("SELECT id FROM federation_inbox WHERE processed_at IS NULL ORDER BY id LIMIT :limit")
        .param("limit", limit).query(Long.class).list();
  }

  /** Claims one waiting activity for this transaction; empty when it is done or another worker has it. */
  Optional<Received> claim(long id) {
    return jdbc.sql("""
        SELECT id, activity_id, actor, type, body FROM federation_inbox
        WHERE id = :id AND processed_at IS NULL FOR UPDATE SKIP LOCKED
        """).param("id", id)
        .query((rs, n) -> new Received(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)))
        .optional();
  }

  /** Marks the activity processed with what came of it, and drops its body (no longer needed). */
  void processed(long id, String outcome, Instant at) {
    jdbc.sql("UPDATE federation_inbox SET processed_at = :at, outcome = :outcome, body = NULL WHERE id = :id")
        .param("at", Timestamp.from(at)).param("outcome", outcome).param("id", id).update();
  }

  /**
   * Forgets processed activities older than the cut-off: a signature older than twelve hours is refused
   * anyway, so a replay of anything older never reaches the table.
   */
  int forgetProcessedBefore(Instant cutOff) {
    return jdbc.sql("DELETE FROM federation_inbox WHERE processed_at IS NOT NULL AND received_at < :cut")
        .param("cut", Timestamp.from(cutOff)).update();
  }
}
