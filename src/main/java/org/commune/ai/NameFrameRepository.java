package org.commune.ai;

import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** SQL for the keyed hashes of members' name frames, kept for redaction after a member leaves. */
@Repository
class NameFrameRepository {

  private final JdbcClient jdbc;

  NameFrameRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Set<String> all() {
    return new HashSet<>(jdbc.sql("SELECT hash FROM ai_name_frame").query(String.class).list());
  }

  /** In its own transaction: it may run after a member's joining has committed, or inside a call that fails. */
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  void add(Collection<String> hashes) {
    for (String hash : hashes) {
      jdbc.sql("INSERT INTO ai_name_frame (hash) VALUES (:h) ON CONFLICT DO NOTHING").param("h", hash).update();
    }
  }
}
