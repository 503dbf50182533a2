package org.commune.ai;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for the record of AI calls and the contests members raise against them. */
@Repository
class AiCallRepository {

  private final JdbcClient jdbc;

  AiCallRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(AiCall c, @Nullable Instant keepUntil) {
    jdbc.sql("""
            INSERT INTO ai_call (id, at, requester, task, subject, charter_version, provider, model, template,
              template_version, data_class, outcome, reason, redactions, input_sha256, output_sha256, input_text,
              output_text, tokens_in, tokens_out, latency_ms, energy_wh, keep_until, reason_code)
            VALUES (:id, :at, :requester, :task, :subject, :charter, :provider, :model, :template, :templateVersion,
              :dataClass, :outcome, :reason, :redactions, :inSha, :outSha, :inText, :outText, :tokensIn, :tokensOut,
              :latency, :energy, :keepUntil, :reasonCode)
            """)
        .param("id", c.id()).param("at", Timestamp.from(c.at())).param("requester", c.requester())
        .param("task", c.task()).param("subject", c.subject()).param("charter", c.charterVersion())
        .param("provider", c.provider()).param("model", c.model()).param("template", c.template())
        .param("templateVersion", c.templateVersion()).param("dataClass", c.dataClass()).param("outcome", c.outcome())
        .param("reason", c.reason()).param("redactions", c.redactions()).param("inSha", c.inputSha256())
        .param("outSha", c.outputSha256()).param("inText", c.inputText()).param("outText", c.outputText())
        .param("tokensIn", c.tokensIn()).param("tokensOut", c.tokensOut()).param("latency", c.latencyMs())
        .param("energy", c.energyWh()).param("keepUntil", keepUntil == null ? null : Timestamp.from(keepUntil))
        .param("reasonCode", c.reasonCode()).update();
  }

  List<AiCall> newest(@Nullable String task, @Nullable String outcome, int count) {
    return jdbc.sql("SELECT * FROM ai_call WHERE (:task::text IS NULL OR task = :task) "
            + "AND (:outcome::text IS NULL OR outcome = :outcome) ORDER BY at DESC LIMIT :n")
        .param("task", task).param("outcome", outcome).param("n", count).query(AiCallRepository::map).list();
  }

  Optional<AiCall> find(UUID id) {
    return jdbc.sql("SELECT * FROM ai_call WHERE id = :id").param("id", id).query(AiCallRepository::map).optional();
  }

  /** Tokens and energy the completed calls used in a calendar month. */
  record Used(long tokens, double energyWh) {}

  Used usedIn(LocalDate month) {
    return jdbc.sql("SELECT tokens, energy_wh FROM ai_usage WHERE month = :m").param("m", month)
        .query((rs, n) -> new Used(rs.getLong(1), rs.getDouble(2))).optional().orElse(new Used(0, 0));
  }

  /** Adds a completed call's use to its month's totals (same transaction as its record). */
  void addUsage(LocalDate month, long tokens, double energyWh) {
    jdbc.sql("INSERT INTO ai_usage (month, tokens, energy_wh) VALUES (:m, :t, :e) "
            + "ON CONFLICT (month) DO UPDATE SET tokens = ai_usage.tokens + :t, energy_wh = ai_usage.energy_wh + :e")
        .param("m", month).param("t", tokens).param("e", energyWh).update();
  }

  /** Forgets texts past their keep date (the digests stay). */
  int forgetTexts(Instant now) {
    return jdbc.sql("UPDATE ai_call SET input_text = NULL, output_text = NULL, keep_until = NULL "
            + "WHERE keep_until IS NOT NULL AND keep_until <= :now")
        .param("now", Timestamp.from(now)).update();
  }

  void insertContest(UUID id, UUID call, UUID member, String reason, Instant at) {
    jdbc.sql("INSERT INTO ai_contest (id, call_id, member, reason, created_at) VALUES (:id, :c, :m, :r, :at)")
        .param("id", id).param("c", call).param("m", member).param("r", reason).param("at", Timestamp.from(at)).update();
  }

  record Contest(UUID id, UUID member, String reason, Instant at, @Nullable String resolution) {}

  List<Contest> contests(UUID call) {
    return jdbc.sql("SELECT id, member, reason, created_at, resolution FROM ai_contest WHERE call_id = :c "
            + "ORDER BY created_at")
        .param("c", call)
        .query((rs, n) -> new Contest(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
            rs.getTimestamp(4).toInstant(), rs.getString(5))).list();
  }

  /** Closes an open contest with its resolution; false when it was not open (or not this call's). */
  boolean resolveContest(UUID call, UUID contest, String resolution, Instant at) {
    return jdbc.sql("UPDATE ai_contest SET resolved_at = :at, resolution = :r "
            + "WHERE id = :id AND call_id = :c AND resolved_at IS NULL")
        .param("at", Timestamp.from(at)).param("r", resolution).param("id", contest).param("c", call).update() == 1;
  }

  private static @Nullable Integer integer(ResultSet rs, String column) throws SQLException {
    int v = rs.getInt(column);
    return rs.wasNull() ? null : v;
  }

  private static AiCall map(ResultSet rs, int n) throws SQLException {
    double energy = rs.getDouble("energy_wh");
    Double energyWh = rs.wasNull() ? null : energy;
    return new AiCall(rs.getObject("id", UUID.class), rs.getTimestamp("at").toInstant(),
        rs.getObject("requester", UUID.class), rs.getString("task"), rs.getObject("subject", UUID.class),
        integer(rs, "charter_version"), rs.getString("provider"), rs.getString("model"), rs.getString("template"),
        rs.getInt("template_version"), rs.getString("data_class"), rs.getString("outcome"), rs.getString("reason"),
        rs.getInt("redactions"), rs.getString("input_sha256"), rs.getString("output_sha256"),
        rs.getString("input_text"), rs.getString("output_text"), integer(rs, "tokens_in"), integer(rs, "tokens_out"),
        integer(rs, "latency_ms"), energyWh, rs.getString("reason_code"));
  }
}
