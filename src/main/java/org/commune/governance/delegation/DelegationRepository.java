package org.commune.governance.delegation;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for delegations. */
@Repository
class DelegationRepository {

  private final JdbcClient jdbc;

  DelegationRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void set(UUID member, UUID delegate) {
    jdbc.sql("""
            INSERT INTO delegation (member, delegate) VALUES (:m, :d)
            ON CONFLICT (member) DO UPDATE SET delegate = :d, created_at = now()
            """)
        .param("m", member).param("d", delegate).update();
  }

  void revoke(UUID member) {
    jdbc.sql("DELETE FROM delegation WHERE member = :m").param("m", member).update();
  }

  Optional<UUID> delegateOf(UUID member) {
    return jdbc.sql("SELECT delegate FROM delegation WHERE member = :m").param("m", member).query(UUID.class).optional();
  }

  long delegatingTo(UUID delegate) {
    return jdbc.sql("SELECT count(*) FROM delegation WHERE delegate = :d").param("d", delegate).query(Long.class).single();
  }

  Map<UUID, UUID> all() {
    Map<UUID, UUID> all = new HashMap<>();
    jdbc.sql("SELECT member, delegate FROM delegation")
        .query(rs -> {
          all.put(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class));
        });
    return all;
  }

  /** Per-group delegation; a null group means the global delegation. */
  void set(UUID member, @Nullable UUID group, UUID delegate) {
    if (group == null) {
      set(member, delegate);
      return;
    }
    jdbc.sql("""
            INSERT INTO group_delegation (member, group_id, delegate) VALUES (:m, :g, :d)
            ON CONFLICT (member, group_id) DO UPDATE SET delegate = :d, created_at = now()
            """)
        .param("m", member).param("g", group).param("d", delegate).update();
  }

  void revoke(UUID member, UUID group) {
    jdbc.sql("DELETE FROM group_delegation WHERE member = :m AND group_id = :g").param("m", member).param("g", group)
        .update();
  }

  /** Each group the member has a delegate for, with that delegate. */
  Map<UUID, UUID> groupDelegatesOf(UUID member) {
    Map<UUID, UUID> all = new HashMap<>();
    jdbc.sql("SELECT group_id, delegate FROM group_delegation WHERE member = :m").param("m", member)
        .query(rs -> {
          all.put(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class));
        });
    return all;
  }

  Map<UUID, UUID> forGroup(UUID group) {
    Map<UUID, UUID> all = new HashMap<>();
    jdbc.sql("SELECT member, delegate FROM group_delegation WHERE group_id = :g").param("g", group)
        .query(rs -> {
          all.put(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class));
        });
    return all;
  }
}
