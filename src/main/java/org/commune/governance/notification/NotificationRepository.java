package org.commune.governance.notification;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for in-app notifications and each member's choices of what to be told, and how. */
@Repository
class NotificationRepository {

  record Row(long id, String kind, UUID proposal, String title, Instant at, boolean read) {}

  /** A member's choice for one kind: in the app, by email. */
  record Choice(boolean inApp, boolean email) {}

  private final JdbcClient jdbc;

  NotificationRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Choices for the given members and kind; members absent from the map take the default. */
  Map<UUID, Choice> choices(String kind) {
    Map<UUID, Choice> all = new HashMap<>();
    jdbc.sql("SELECT member, in_app, email FROM notification_preference WHERE kind = :k").param("k", kind)
        .query(rs -> {
          all.put(rs.getObject(1, UUID.class), new Choice(rs.getBoolean(2), rs.getBoolean(3)));
        });
    return all;
  }

  Map<String, Choice> choicesOf(UUID member) {
    Map<String, Choice> all = new HashMap<>();
    jdbc.sql("SELECT kind, in_app, email FROM notification_preference WHERE member = :m").param("m", member)
        .query(rs -> {
          all.put(rs.getString(1), new Choice(rs.getBoolean(2), rs.getBoolean(3)));
        });
    return all;
  }

  void choose(UUID member, String kind, Choice choice) {
    jdbc.sql("""
            INSERT INTO notification_preference (member, kind, in_app, email) VALUES (:m, :k, :a, :e)
            ON CONFLICT (member, kind) DO UPDATE SET in_app = :a, email = :e
            """)
        .param("m", member).param("k", kind).param("a", choice.inApp()).param("e", choice.email()).update();
  }

  void insert(UUID member, String kind, UUID proposal, Instant at) {
    jdbc.sql("INSERT INTO notification (member, kind, proposal_id, created_at) VALUES (:m, :k, :p, :at) "
            + "ON CONFLICT DO NOTHING")
        .param("m", member).param("k", kind).param("p", proposal).param("at", Timestamp.from(at)).update();
  }

  List<Row> newest(UUID member, int count) {
    return jdbc.sql("""
            SELECT n.id, n.kind, n.proposal_id, p.title, n.created_at, n.read_at IS NOT NULL
            FROM notification n JOIN proposal p ON p.id = n.proposal_id
            WHERE n.member = :m ORDER BY n.created_at DESC, n.id DESC LIMIT :c
            """)
        .param("m", member).param("c", count)
        .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4),
            rs.getTimestamp(5).toInstant(), rs.getBoolean(6)))
        .list();
  }

  long unread(UUID member) {
    return jdbc.sql("SELECT count(*) FROM notification WHERE member = :m AND read_at IS NULL").param("m", member)
        .query(Long.class).single();
  }

  void markAllRead(UUID member, Instant at) {
    jdbc.sql("UPDATE notification SET read_at = :at WHERE member = :m AND read_at IS NULL")
        .param("m", member).param("at", Timestamp.from(at)).update();
  }
}
