package org.commune.publishing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.commune.members.MemberId;
import org.commune.members.PersonalDataHolder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The publishing module's part of the data download: articles written, article versions reviewed,
 * revisions written or reviewed (corrections with their notes), articles withdrawn, and announcements
 * written or withdrawn.
 */
@Repository
class PublishingPersonalDataRepository implements PersonalDataHolder {

  private final JdbcClient jdbc;

  PublishingPersonalDataRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public String section() {
    return "publishing";
  }

  @Override
  public Set<String> tables() {
    return Set.of("article", "article_version", "article_revision", "article_withdrawal", "announcement");
  }

  @Override
  public Object export(MemberId member) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("articles", rows(
        "SELECT a.id, v.language, v.title, v.body, v.source_type, v.published_at FROM article a"
            + " JOIN article_version v ON v.article_id = a.id WHERE a.author = :m ORDER BY v.published_at", member));
    data.put("reviewed", rows(
        "SELECT article_id, language, title, reviewed_at FROM article_version WHERE reviewer = :m"
            + " ORDER BY reviewed_at", member));
    data.put("revisions", rows(
        "SELECT article_id, language, revision, title, author = :m AS written_by_you, reviewer = :m AS reviewed_by_you,"
            + " correction_reason, correction_note, published_at FROM article_revision"
            + " WHERE author = :m OR reviewer = :m ORDER BY published_at", member));
    data.put("withdrawn", rows(
        "SELECT article_id, reason, note, withdrawn_at FROM article_withdrawal WHERE withdrawn_by = :m"
            + " ORDER BY withdrawn_at", member));
    data.put("announcements", rows(
        "SELECT id, language, CASE WHEN withdrawn_at IS NULL THEN body END AS body, published_at,"
            + " author = :m AS written_by_you, withdrawn_by = :m AS withdrawn_by_you, withdrawn_at FROM announcement"
            + " WHERE author = :m OR withdrawn_by = :m ORDER BY published_at", member));
    return data;
  }

  /**
   * Published articles are the organisation's public record: they stay, credited to a deleted member; so do
   * corrections and withdrawals (a tombstone does not name who withdrew the article).
   */
  @Override
  public void erase(MemberId member) {}

  private List<Map<String, Object>> rows(String sql, MemberId member) {
    return PersonalDataHolder.plain(jdbc.sql(sql).param("m", member.value()).query().listOfRows());
  }
}
