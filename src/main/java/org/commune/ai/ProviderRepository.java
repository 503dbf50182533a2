package org.commune.ai;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for registered providers and the stewards' outbound settings. */
@Repository
class ProviderRepository {

  /** Whether model servers on this machine, and on the private network, may be called. */
  record Outbound(boolean loopback, boolean privateNetwork) {}

  private final JdbcClient jdbc;

  ProviderRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void put(Provider p, UUID by) {
    jdbc.sql("""
            INSERT INTO ai_provider (name, base_url, models, on_premises, api_key_env, timeout_s, created_by)
            VALUES (:n, :u, :m, :o, :k, :t, :by)
            ON CONFLICT (name) DO UPDATE SET base_url = :u, models = :m, on_premises = :o, api_key_env = :k,
              timeout_s = :t
            """)
        .param("n", p.name()).param("u", p.baseUrl()).param("m", String.join(",", p.models()))
        .param("o", p.onPremises()).param("k", p.apiKeyEnv()).param("t", p.timeoutSeconds()).param("by", by)
        .update();
  }

  boolean remove(String name) {
    return jdbc.sql("DELETE FROM ai_provider WHERE name = :n").param("n", name).update() == 1;
  }

  List<Provider> all() {
    return jdbc.sql("SELECT name, base_url, models, on_premises, api_key_env, timeout_s FROM ai_provider ORDER BY name")
        .query(ProviderRepository::map).list();
  }

  Optional<Provider> find(String name) {
    return jdbc.sql("SELECT name, base_url, models, on_premises, api_key_env, timeout_s FROM ai_provider WHERE name = :n")
        .param("n", name).query(ProviderRepository::map).optional();
  }

  Outbound outbound() {
    return jdbc.sql("SELECT allow_loopback, allow_private FROM ai_outbound WHERE id")
        .query((rs, n) -> new Outbound(rs.getBoolean(1), rs.getBoolean(2))).optional()
        .orElse(new Outbound(false, false));
  }

  void outbound(Outbound settings, UUID by, Instant at) {
    jdbc.sql("""
            INSERT INTO ai_outbound (id, allow_loopback, allow_private, changed_by, changed_at) VALUES (true, :l, :p, :by, :at)
            ON CONFLICT (id) DO UPDATE SET allow_loopback = :l, allow_private = :p, changed_by = :by, changed_at = :at
            """)
        .param("l", settings.loopback()).param("p", settings.privateNetwork()).param("by", by)
        .param("at", Timestamp.from(at)).update();
  }

  private static Provider map(ResultSet rs, int n) throws SQLException {
    @Nullable String key = rs.getString(5);
    return new Provider(rs.getString(1), rs.getString(2),
        Arrays.stream(rs.getString(3).split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList(),
        rs.getBoolean(4), key, rs.getInt(6));
  }
}
