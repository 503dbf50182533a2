package org.commune.publishing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for announcements. */
@Repository
class AnnouncementRepository {

  private final JdbcClient jdbc;

  AnnouncementRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(UUID id, String language, String body, UUID author, Instant at) {
    jdbc.sql("INSERT INTO announcement (id, language, body, author, published_at) VALUES (:id, :lang, :body, :author, :at)")
        .param("id", id).param("lang", language).param("body", body).param("author", author)
        .param("at", Timestamp.from(at)).update();
  }

  /** Withdraws one that stands; false when there is none or it was withdrawn already. */
  boolean withdraw(UUID id, UUID by, Instant at) {
    return jdbc.sql("UPDATE announcement SET withdrawn_by = :by, withdrawn_at = :at WHERE id = :id AND withdrawn_at IS NULL")
        .param("id", id).param("by", by).param("at", Timestamp.from(at)).update() > 0;
  }

  Optional<Announcement> find(UUID id) {
    return jdbc.sql("SELECT * FROM announcement WHERE id = :id").param("id", id).query(AnnouncementRepository::row)
        .optional();
  }

  List<Announcement> newest(int offset, int count) {
    return jdbc.sql("SELECT * FROM announcement WHERE withdrawn_at IS NULL ORDER BY published_at DESC, id "
            + "LIMIT :n OFFSET :offset")
        .param("n", count).param("offset", offset).query(AnnouncementRepository::row).list();
  }

  private static Announcement row(ResultSet rs, int n) throws SQLException {
    Timestamp withdrawn = rs.getTimestamp("withdrawn_at");
    boolean gone = withdrawn != null;
    return new Announcement(rs.getObject("id", UUID.class), rs.getString("language"), gone ? "" : rs.getString("body"),
        rs.getTimestamp("published_at").toInstant(), gone ? withdrawn.toInstant() : null);
  }
}
