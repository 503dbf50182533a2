package org.commune.federation.http;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Actors elsewhere as last fetched (table federation_remote_actor). */
@Repository
class RemoteActorRepository implements RemoteActorCache {

  private final JdbcClient jdbc;

  RemoteActorRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public Optional<Cached> find(String actorId) {
    return jdbc.sql("SELECT * FROM federation_remote_actor WHERE id = :id").param("id", actorId)
        .query(RemoteActorRepository::row).optional();
  }

  @Override
  public Optional<Cached> findByKeyId(String keyId) {
    return jdbc.sql("SELECT * FROM federation_remote_actor WHERE key_id = :key ORDER BY fetched_at DESC LIMIT 1")
        .param("key", keyId).query(RemoteActorRepository::row).optional();
  }

  @Override
  public void put(RemoteActor actor, Instant fetchedAt) {
    jdbc.sql("""
        INSERT INTO federation_remote_actor (id, type, inbox, shared_inbox, preferred_username, name, url, key_id,
          public_key_pem, moved_to, also_known_as, fetched_at)
        VALUES (:id, :type, :inbox, :shared, :username, :name, :url, :key, :pem, :moved, :aliases, :at)
        ON CONFLICT (id) DO UPDATE SET type = excluded.type, inbox = excluded.inbox, shared_inbox = excluded.shared_inbox,
          preferred_username = excluded.preferred_username, name = excluded.name, url = excluded.url,
          key_id = excluded.key_id, public_key_pem = excluded.public_key_pem, moved_to = excluded.moved_to,
          also_known_as = excluded.also_known_as, fetched_at = excluded.fetched_at
        """).param("id", actor.id()).param("type", actor.type()).param("inbox", actor.inbox())
        .param("shared", actor.sharedInbox()).param("username", actor.preferredUsername()).param("name", actor.name())
        .param("url", actor.url()).param("key", actor.keyId()).param("pem", actor.publicKeyPem())
        .param("moved", actor.movedTo()).param("aliases", actor.alsoKnownAs().toArray(String[]::new))
        .param("at", Timestamp.from(fetchedAt)).update();
  }

  private static Cached row(ResultSet rs, int n) throws SQLException {
    Array aliases = rs.getArray("also_known_as");
    RemoteActor actor = new RemoteActor(rs.getString("id"), rs.getString("type"), rs.getString("inbox"),
        rs.getString("shared_inbox"), rs.getString("preferred_username"), rs.getString("name"), rs.getString("url"),
        rs.getString("key_id"), rs.getString("public_key_pem"), rs.getString("moved_to"),
        aliases == null ? List.of() : List.of((String[]) aliases.getArray()));
    return new Cached(actor, rs.getTimestamp("fetched_at").toInstant());
  }
}
