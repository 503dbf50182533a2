package org.commune.federation.protocol;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.commune.web.Json;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;

/** What followed allies publish (table federation_ally_post); content is sanitized before it gets here. */
@Repository
class AllyPostRepository {

  private static final TypeReference<Map<String, String>> MAP = new TypeReference<>() {};

  private final JdbcClient jdbc;

  AllyPostRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Stores a new post; false when a post with this id exists already (a Create is not an Update). */
  boolean create(AllyPost post, Instant at) {
    return bind(jdbc.sql("""
        INSERT INTO federation_ally_post (object_id, actor, type, name, content, content_map, url, published, received_at)
        VALUES (:id, :actor, :type, :name, :content, CAST(:map AS jsonb), :url, :published, :at)
        ON CONFLICT (object_id) DO NOTHING
        """), post, at).update() > 0;
  }

  /** Replaces a post of the same actor; false when there is none (an Update of something never received). */
  boolean update(AllyPost post, Instant at) {
    return bind(jdbc.sql("""
        UPDATE federation_ally_post SET type = :type, name = :name, content = :content, content_map = CAST(:map AS jsonb),
          url = :url, published = :published, received_at = :at
        WHERE object_id = :id AND actor = :actor
        """), post, at).update() > 0;
  }

  boolean delete(String objectId, String actor) {
    return jdbc.sql("DELETE FROM federation_ally_post WHERE object_id = :id AND actor = :actor")
        .param("id", objectId).param("actor", actor).update() > 0;
  }

  /** Newest first, with the name the ally gives itself. */
  List<AllyPost.Shown> newest(int offset, int limit) {
    return jdbc.sql("""
        SELECT p.*, f.name AS actor_name, f.handle AS actor_handle FROM federation_ally_post p
        JOIN federation_following f ON f.actor = p.actor
        ORDER BY p.published DESC, p.object_id LIMIT :limit OFFSET :offset
        """).param("limit", limit).param("offset", offset)
        .query((rs, n) -> new AllyPost.Shown(new AllyPost(rs.getString("object_id"), rs.getString("actor"),
            rs.getString("type"), rs.getString("name"), rs.getString("content"),
            Json.MAPPER.readValue(rs.getString("content_map"), MAP), rs.getString("url"),
            rs.getTimestamp("published").toInstant()), rs.getString("actor_name"), rs.getString("actor_handle")))
        .list();
  }

  private static JdbcClient.StatementSpec bind(JdbcClient.StatementSpec sql, AllyPost post, Instant at) {
    return sql.param("id", post.objectId()).param("actor", post.actor()).param("type", post.type())
        .param("name", post.name()).param("content", post.content())
        .param("map", Json.MAPPER.writeValueAsString(post.contentMap())).param("url", post.url())
        .param("published", Timestamp.from(post.published())).param("at", Timestamp.from(at));
  }
}
