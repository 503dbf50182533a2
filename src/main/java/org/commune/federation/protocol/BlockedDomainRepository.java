package org.commune.federation.protocol;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Domains the organisation blocks (table federation_blocked_domain). */
@Repository
class BlockedDomainRepository {

  private final JdbcClient jdbc;

  BlockedDomainRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** True when the domain was not blocked yet. */
  boolean add(String domain, String reason, @Nullable String note, Instant at) {
    return jdbc.sql("""
        INSERT INTO federation_blocked_domain (domain, reason, note, blocked_at) VALUES (:domain, :reason, :note, :at)
        ON CONFLICT (domain) DO NOTHING
        """).param("domain", domain).param("reason", reason).param("note", note).param("at", Timestamp.from(at))
        .update() > 0;
  }

  boolean remove(String domain) {
    return jdbc.sql("DELETE FROM federation_blocked_domain WHERE domain = :domain").param("domain", domain).update() > 0;
  }

  List<BlockedDomains.Blocked> all() {
    return jdbc.sql("SELECT domain, reason, note, blocked_at FROM federation_blocked_domain ORDER BY domain")
        .query((rs, n) -> new BlockedDomains.Blocked(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getTimestamp(4).toInstant()))
        .list();
  }
}
