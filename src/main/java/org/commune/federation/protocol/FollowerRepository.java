package org.commune.federation.protocol;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The organisation's followers elsewhere (table federation_follower). */
@Repository
public class FollowerRepository {

  public record Follower(String actor, String inbox, @Nullable String sharedInbox, String followId, String state,
      Instant since) {

    /** The follower's server, as stewards see it beside the account. */
    public String host() {
      return URI.create(actor).getHost();
    }
  }

  private final JdbcClient jdbc;

  FollowerRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Adds or refreshes a follower (a repeated Follow keeps the first date). */
  public void put(String actor, String inbox, @Nullable String sharedInbox, String followId, String state, Instant since) {
    jdbc.sql("""
        INSERT INTO federation_follower (actor, inbox, shared_inbox, follow_id, state, since)
        VALUES (:actor, :inbox, :shared, :follow, :state, :since)
        ON CONFLICT (actor) DO UPDATE SET inbox = excluded.inbox, shared_inbox = excluded.shared_inbox,
          follow_id = excluded.follow_id,
          state = CASE WHEN federation_follower.state = 'accepted' THEN 'accepted' ELSE excluded.state END
        """).param("actor", actor).param("inbox", inbox).param("shared", sharedInbox).param("follow", followId)
        .param("state", state).param("since", java.sql.Timestamp.from(since)).update();
  }

  public boolean remove(String actor) {
    return jdbc.sql("DELETE FROM federation_follower WHERE actor = :actor").param("actor", actor).update() > 0;
  }

  public boolean accept(String actor) {
    return jdbc.sql("UPDATE federation_follower SET state = 'accepted' WHERE actor = :actor AND state = 'pending'")
        .param("actor", actor).update() > 0;
  }

  /** Removes the followers whose actor lives on the domain or under it (the domain was blocked). */
  int removeOnDomain(String domain) {
    return jdbc.sql("DELETE FROM federation_follower WHERE " + ON_DOMAIN).param("domain", domain).update();
  }

  /** The SQL condition "the actor's host is :domain or under it" (domains hold only a-z, 0-9, '.' and '-'). */
  static final String ON_DOMAIN = """
      (lower(substring(actor from '^https?://([^/:?#]+)')) = :domain
       OR lower(substring(actor from '^https?://([^/:?#]+)')) LIKE '%.' || :domain)""";

  public Optional<Follower> find(String actor) {
    return jdbc.sql("SELECT * FROM federation_follower WHERE actor = :actor").param("actor", actor)
        .query(FollowerRepository::row).optional();
  }

  public List<Follower> list(String state, int offset, int limit) {
    return jdbc.sql("SELECT * FROM federation_follower WHERE state = :state ORDER BY since DESC, actor LIMIT :limit OFFSET :offset")
        .param("state", state).param("limit", limit).param("offset", offset).query(FollowerRepository::row).list();
  }

  public long count(String state) {
    return jdbc.sql("SELECT count(*) FROM federation_follower WHERE state = :state").param("state", state)
        .query(Long.class).single();
  }

  /**
   * Where to deliver to every accepted follower: each distinct shared inbox once, and the personal inbox of
   * followers whose server has none.
   */
  public List<URI> deliveryInboxes() {
    return jdbc.sql("""
        SELECT DISTINCT coalesce(shared_inbox, inbox) AS target FROM federation_follower
        WHERE state = 'accepted' ORDER BY target
        """).query((rs, n) -> URI.create(rs.getString("target"))).list();
  }

  private static Follower row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
    return new Follower(rs.getString("actor"), rs.getString("inbox"), rs.getString("shared_inbox"),
        rs.getString("follow_id"), rs.getString("state"), rs.getTimestamp("since").toInstant());
  }
}
