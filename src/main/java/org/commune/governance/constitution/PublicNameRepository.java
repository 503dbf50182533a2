package org.commune.governance.constitution;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for officers' consents to be named in public (table public_name_consent). */
@Repository
public class PublicNameRepository {

  /** A consent: the role it was given in, and from when entries are named. */
  public record Consent(String role, Instant since) {}

  private final JdbcClient jdbc;

  PublicNameRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public void give(UUID member, String role, Instant since) {
    jdbc.sql("INSERT INTO public_name_consent (member_id, role, since) VALUES (:m, :role, :since) "
            + "ON CONFLICT (member_id) DO UPDATE SET role = excluded.role, since = excluded.since")
        .param("m", member).param("role", role).param("since", Timestamp.from(since)).update();
  }

  public boolean withdraw(UUID member) {
    return jdbc.sql("DELETE FROM public_name_consent WHERE member_id = :m").param("m", member).update() == 1;
  }

  public Optional<Consent> of(UUID member) {
    return jdbc.sql("SELECT role, since FROM public_name_consent WHERE member_id = :m").param("m", member)
        .query((rs, n) -> new Consent(rs.getString(1), rs.getTimestamp(2).toInstant())).optional();
  }
}
