package org.commune.ai;

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

/** SQL for AI drafts awaiting (or past) review, and the background jobs that make them. */
@Repository
class DraftRepository {

  record Row(UUID id, UUID call, String task, UUID requester, @Nullable UUID subject, String language, String title,
      String body, String status, @Nullable String reason, @Nullable UUID reviewer, @Nullable Instant reviewedAt,
      boolean edited, Instant createdAt) {}

  record Job(UUID id, UUID requester, String task, String state, @Nullable UUID call, @Nullable UUID draft) {}

  private final JdbcClient jdbc;

  DraftRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(UUID id, UUID call, String task, UUID requester, @Nullable UUID subject, String language, String title,
      String body, String status, @Nullable String reason, Instant at) {
    jdbc.sql("""
            INSERT INTO ai_draft (id, call_id, task, requester, subject, language, title, body, status, reason, created_at)
            VALUES (:id, :call, :task, :requester, :subject, :language, :title, :body, :status, :reason, :at)
            """)
        .param("id", id).param("call", call).param("task", task).param("requester", requester).param("subject", subject)
        .param("language", language).param("title", title).param("body", body).param("status", status)
        .param("reason", reason).param("at", Timestamp.from(at)).update();
  }

  Optional<Row> find(UUID id) {
    return jdbc.sql("SELECT * FROM ai_draft WHERE id = :id").param("id", id).query(DraftRepository::map).optional();
  }

  Optional<Row> lock(UUID id) {
    return jdbc.sql("SELECT * FROM ai_draft WHERE id = :id FOR UPDATE").param("id", id).query(DraftRepository::map)
        .optional();
  }

  /** Pending drafts that someone other than {@code notRequester} asked for, oldest first (they waited longest). */
  List<Row> pendingNotBy(UUID notRequester, int count) {
    return jdbc.sql("SELECT * FROM ai_draft WHERE status = 'pending' AND requester <> :m ORDER BY created_at, id LIMIT :n")
        .param("m", notRequester).param("n", count).query(DraftRepository::map).list();
  }

  List<Row> newest(int count) {
    return jdbc.sql("SELECT * FROM ai_draft ORDER BY created_at DESC LIMIT :n").param("n", count)
        .query(DraftRepository::map).list();
  }

  /** Settles a pending draft; false when someone settled it first. */
  boolean settle(UUID id, String status, UUID reviewer, Instant at, String title, String body, boolean edited,
      @Nullable String reason) {
    return jdbc.sql("""
            UPDATE ai_draft SET status = :s, reviewer = :r, reviewed_at = :at, title = :title, body = :body,
              edited = :edited, reason = :reason
            WHERE id = :id AND status = 'pending'
            """)
        .param("s", status).param("r", reviewer).param("at", Timestamp.from(at)).param("title", title)
        .param("body", body).param("edited", edited).param("reason", reason).param("id", id).update() == 1;
  }

  /** A job not finished yet, with what its call's record needs if the job is cut off. */
  record Unfinished(UUID id, UUID requester, String task, @Nullable UUID plannedCall, @Nullable UUID subject,
      @Nullable String dataClass, @Nullable String inputSha256, Instant createdAt) {}

  void insertJob(UUID id, UUID requester, String task, Instant at, UUID plannedCall, @Nullable UUID subject,
      String dataClass, String inputSha256) {
    jdbc.sql("""
            INSERT INTO ai_job (id, requester, task, state, created_at, planned_call, subject, data_class, input_sha256)
            VALUES (:id, :r, :t, 'queued', :at, :call, :subject, :dataClass, :sha)
            """)
        .param("id", id).param("r", requester).param("t", task).param("at", Timestamp.from(at))
        .param("call", plannedCall).param("subject", subject).param("dataClass", dataClass).param("sha", inputSha256)
        .update();
  }

  /** Jobs queued or running that were created before the instant (by an earlier run of the application). */
  List<Unfinished> unfinishedBefore(Instant before) {
    return jdbc.sql("""
            SELECT id, requester, task, planned_call, subject, data_class, input_sha256, created_at FROM ai_job
            WHERE state IN ('queued', 'running') AND created_at < :before ORDER BY created_at
            """)
        .param("before", Timestamp.from(before))
        .query((rs, n) -> new Unfinished(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
            rs.getObject(4, UUID.class), rs.getObject(5, UUID.class), rs.getString(6), rs.getString(7),
            rs.getTimestamp(8).toInstant()))
        .list();
  }

  void jobState(UUID id, String state, @Nullable UUID call, @Nullable UUID draft, @Nullable Instant finished) {
    jdbc.sql("UPDATE ai_job SET state = :s, call_id = coalesce(:c, call_id), draft_id = coalesce(:d, draft_id), "
            + "finished_at = :f WHERE id = :id")
        .param("s", state).param("c", call).param("d", draft)
        .param("f", finished == null ? null : Timestamp.from(finished)).param("id", id).update();
  }

  Optional<Job> job(UUID id) {
    return jdbc.sql("SELECT id, requester, task, state, call_id, draft_id FROM ai_job WHERE id = :id").param("id", id)
        .query((rs, n) -> new Job(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
            rs.getString(4), rs.getObject(5, UUID.class), rs.getObject(6, UUID.class))).optional();
  }

  private static Row map(ResultSet rs, int n) throws SQLException {
    Timestamp reviewed = rs.getTimestamp("reviewed_at");
    return new Row(rs.getObject("id", UUID.class), rs.getObject("call_id", UUID.class), rs.getString("task"),
        rs.getObject("requester", UUID.class), rs.getObject("subject", UUID.class), rs.getString("language"),
        rs.getString("title"), rs.getString("body"), rs.getString("status"), rs.getString("reason"),
        rs.getObject("reviewer", UUID.class), reviewed == null ? null : reviewed.toInstant(), rs.getBoolean("edited"),
        rs.getTimestamp("created_at").toInstant());
  }
}
