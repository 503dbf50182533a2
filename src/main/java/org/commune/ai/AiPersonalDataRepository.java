package org.commune.ai;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.commune.members.MemberId;
import org.commune.members.PersonalDataHolder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The AI module's part of the data download: the member's calls with their texts, drafts asked
 * for or reviewed, contests, background jobs, providers registered.
 */
@Repository
class AiPersonalDataRepository implements PersonalDataHolder {

  private final JdbcClient jdbc;

  AiPersonalDataRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public String section() {
    return "ai";
  }

  @Override
  public Set<String> tables() {
    return Set.of("ai_call", "ai_draft", "ai_contest", "ai_job", "ai_provider", "ai_outbound");
  }

  @Override
  public Object export(MemberId member) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("calls", rows(
        "SELECT id, at, task, provider, model, template, outcome, reason, redactions, input_text, output_text,"
            + " tokens_in, tokens_out FROM ai_call WHERE requester = :m ORDER BY at", member));
    data.put("drafts", rows(
        "SELECT id, call_id, task, language, title, body, status, reason, reviewer = :m AS reviewed_by_you, created_at"
            + " FROM ai_draft WHERE requester = :m OR reviewer = :m ORDER BY created_at", member));
    data.put("contests", rows(
        "SELECT id, call_id, reason, created_at, resolved_at, resolution FROM ai_contest WHERE member = :m"
            + " ORDER BY created_at", member));
    data.put("jobs", rows(
        "SELECT id, task, state, call_id, draft_id, created_at, finished_at FROM ai_job WHERE requester = :m"
            + " ORDER BY created_at", member));
    data.put("providersRegistered", rows(
        "SELECT name, created_at FROM ai_provider WHERE created_by = :m ORDER BY created_at", member));
    data.put("outboundSettingChanged", rows(
        "SELECT allow_loopback, allow_private, changed_at FROM ai_outbound WHERE changed_by = :m", member));
    return data;
  }

  /**
   * The texts of the member's calls go (the record of each call stays, with its hashes, for the
   * members' oversight); drafts still waiting for review are withdrawn.
   */
  @Override
  public void erase(MemberId member) {
    jdbc.sql("UPDATE ai_call SET input_text = NULL, output_text = NULL WHERE requester = :m")
        .param("m", member.value()).update();
    jdbc.sql("UPDATE ai_draft SET status = 'auto_rejected', reason = 'requester left' WHERE requester = :m"
            + " AND status = 'pending'")
        .param("m", member.value()).update();
    // The setting stays (the public log has who changed it, by pseudonym); the row forgets the person.
    jdbc.sql("UPDATE ai_outbound SET changed_by = NULL WHERE changed_by = :m").param("m", member.value()).update();
  }

  private List<Map<String, Object>> rows(String sql, MemberId member) {
    return PersonalDataHolder.plain(jdbc.sql(sql).param("m", member.value()).query().listOfRows());
  }
}
