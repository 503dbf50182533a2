package org.commune.federation.protocol;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Actors elsewhere the organisation follows (table federation_following). */
@Repository
class FollowingRepository {

  /** One followed actor: its inbox, the names it gives itself, the Follow Commune sent and its state. */
  record Followed(String actor, String inbox, @Nullable String name, @Nullable String handle, String followId,
      String state, Instant since) {}

  private final JdbcClient jdbc;

  FollowingRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Adds the actor as pending with a new Follow, or renews the Follow of one already there. */
  void put(String actor, String inbox, @Nullable String name, @Nullable String handle, String followId, Instant at) {
    jdbc.sql("""
        INSERT INTO federation_following (actor, inbox, name, handle, follow_id, state, since)
        VALUES (:actor, :inbox, :name, :handle, :follow, 'pending', :at)
        ON CONFLICT (actor) DO UPDATE SET inbox = excluded.inbox, name = excluded.name, handle = excluded.handle,
          follow_id = excluded.follow_id, state = 'pending', since = excluded.since
        """).param("actor", actor).param("inbox", inbox).param("name", name).param("handle", handle)
        .param("follow", followId).param("at", Timestamp.from(at)).update();
  }

  /** The ally's answer to the Follow it names: true when that Follow was Commune's to this actor. */
  boolean answer(String actor, String followId, String state) {
    return jdbc.sql("UPDATE federation_following SET state = :state WHERE actor = :actor AND follow_id = :follow")
        .param("state", state).param("actor", actor).param("follow", followId).update() > 0;
  }

  Optional<Followed> find(String actor) {
    return jdbc.sql("SELECT * FROM federation_following WHERE actor = :actor").param("actor", actor)
        .query(FollowingRepository::row).optional();
  }

  boolean accepted(String actor) {
    return jdbc.sql("SELECT count(*) FROM federation_following WHERE actor = :actor AND state = 'accepted'")
        .param("actor", actor).query(Long.class).single() > 0;
  }

  boolean remove(String actor) {
    return jdbc.sql("DELETE FROM federation_following WHERE actor = :actor").param("actor", actor).update() > 0;
  }

  int removeOnDomain(String domain) {
    return jdbc.sql("DELETE FROM federation_following WHERE " + FollowerRepository.ON_DOMAIN).param("domain", domain)
        .update();
  }

  List<Followed> all() {
    return jdbc.sql("SELECT * FROM federation_following ORDER BY since DESC, actor").query(FollowingRepository::row).list();
  }

  long countAccepted() {
    return jdbc.sql("SELECT count(*) FROM federation_following WHERE state = 'accepted'").query(Long.class).single();
  }

  private static Followed row(ResultSet rs, int n) throws SQLException {
    return new Followed(rs.getString("actor"), rs.getString("inbox"), rs.getString("name"), rs.getString("handle"),
        rs.getString("follow_id"), rs.getString("state"), rs.getTimestamp("since").toInstant());
  }
}
