package org.commune.governance.notification;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for in-app notifications and each member's choices of what to be told, and how. */
@Repository
class NotificationRepository {

  /**
   * One notification: about (the amendment or comment, or null), actor (who wrote it, or null), and
   * whether the proposal is the vote on an amendment.
   */
  record Row(long id, String kind, UUID proposal, String title, Instant at, boolean read, @Nullable UUID about,
      @Nullable UUID actor, boolean ofAmendment) {}

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
    insert(member, kind, proposal, null, null, at);
  }

  /** Stores a notification once: the same member, kind, proposal and subject never twice. */
  boolean insert(UUID member, String kind, UUID proposal, @Nullable UUID about, @Nullable UUID actor, Instant at) {
    return jdbc.sql("INSERT INTO notification (member, kind, proposal_id, about, actor, created_at) "
            + "VALUES (:m, :k, :p, :about, :actor, :at) ON CONFLICT DO NOTHING")
        .param("m", member).param("k", kind).param("p", proposal).param("about", about).param("actor", actor)
        .param("at", Timestamp.from(at)).update() == 1;
  }

  /** What was not read yet about a comment or amendment that is gone from view. */
  void forgetUnread(UUID about) {
    jdbc.sql("DELETE FROM notification WHERE about = :a AND read_at IS NULL").param("a", about).update();
  }

  List<Row> newest(UUID member, int count) {
    return jdbc.sql("""
            SELECT n.id, n.kind, n.proposal_id, p.title, n.created_at, n.read_at IS NOT NULL, n.about, n.actor,
                   p.decision_type = 'amendment'
            FROM notification n JOIN proposal p ON p.id = n.proposal_id
            WHERE n.member = :m ORDER BY n.created_at DESC, n.id DESC LIMIT :c
            """)
        .param("m", member).param("c", count)
        .query((rs, n) -> new Row(rs.getLong(1), rs.getString(2), rs.getObject(3, UUID.class), rs.getString(4),
            rs.getTimestamp(5).toInstant(), rs.getBoolean(6), rs.getObject(7, UUID.class), rs.getObject(8, UUID.class),
            rs.getBoolean(9)))
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
