package org.commune.federation.move;

import java.sql.Array;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The moving-house columns of the organisation actor's one row ({@code federation_actor}): the old actors this
 * one is also known as (on a new instance) and the actor it moved to (on the old one); and the targets the members
 * voted to move to ({@code federation_move_adopted}).
 */
@Repository
class ActorMoveRepository {

  private final JdbcClient jdbc;

  ActorMoveRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  List<String> alsoKnownAs() {
    return jdbc.sql("SELECT also_known_as FROM federation_actor").query((rs, n) -> strings(rs.getArray(1)))
        .optional().orElse(List.of());
  }

  Optional<String> movedTo() {
    return jdbc.sql("SELECT moved_to FROM federation_actor WHERE moved_to IS NOT NULL").query(String.class).optional();
  }

  /** Adds the alias unless it is there already; true when it was added. */
  boolean addAlias(String actor) {
    return jdbc.sql("""
        UPDATE federation_actor SET also_known_as = array_append(also_known_as, :actor), changed_at = now()
        WHERE NOT (:actor = ANY (also_known_as))
        """).param("actor", actor).update() > 0;
  }

  void setMovedTo(String actor) {
    jdbc.sql("UPDATE federation_actor SET moved_to = :actor, changed_at = now()").param("actor", actor).update();
  }

  void adopt(String target, UUID proposal, Instant at) {
    jdbc.sql("""
        INSERT INTO federation_move_adopted (target, proposal, adopted_at) VALUES (:target, :proposal, :at)
        ON CONFLICT (target) DO NOTHING
        """).param("target", target).param("proposal", proposal).param("at", Timestamp.from(at)).update();
  }

  boolean adopted(String target) {
    return jdbc.sql("SELECT count(*) FROM federation_move_adopted WHERE target = :target").param("target", target)
        .query(Long.class).single() > 0;
  }

  List<String> adoptedTargets() {
    return jdbc.sql("SELECT target FROM federation_move_adopted ORDER BY adopted_at, target").query(String.class).list();
  }

  private static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }
}
