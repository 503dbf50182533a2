package org.commune.federation.protocol;

import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The organisation actor's own state (table federation_actor, one row). */
@Repository
public class ActorRepository {

  /** What the actor document carries besides ids and the key. */
  public record ActorState(boolean manuallyApprovesFollowers, @Nullable String movedTo, List<String> alsoKnownAs) {}

  private final JdbcClient jdbc;

  ActorRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public ActorState state() {
    return jdbc.sql("SELECT manually_approves_followers, moved_to, also_known_as FROM federation_actor")
        .query((rs, n) -> new ActorState(rs.getBoolean(1), rs.getString(2), strings(rs.getArray(3)))).single();
  }

  /** Sets whether each follower waits for a steward; true when this changed anything. */
  boolean manuallyApprove(boolean manual, Instant at) {
    return jdbc.sql("""
        UPDATE federation_actor SET manually_approves_followers = :manual, changed_at = :at
        WHERE manually_approves_followers <> :manual
        """).param("manual", manual).param("at", Timestamp.from(at)).update() > 0;
  }

  private static List<String> strings(@Nullable Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }
}
