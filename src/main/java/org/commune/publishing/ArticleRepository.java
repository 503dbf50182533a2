package org.commune.publishing;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for articles, their language versions and revisions, and withdrawals. */
@Repository
class ArticleRepository {

  /** A version row with the ids of its author and reviewer (names are looked up by the service). */
  record Row(UUID article, UUID author, String language, String title, String body, String sourceType,
      @Nullable String aiModel, @Nullable UUID reviewer, @Nullable Instant reviewedAt, Instant publishedAt,
      int revision, Instant firstPublishedAt, @Nullable String correctionReason, @Nullable String correctionNote,
      @Nullable Instant correctedAt) {}

  /** A withdrawal, for the tombstone and the feeds. */
  record WithdrawalRow(UUID article, String reason, String note, Instant at) {}

  /** The text of a language version, who is credited with it and where it came from: what a correction keeps. */
  record Provenance(String sourceType, @Nullable String aiModel, @Nullable UUID reviewer, @Nullable Instant reviewedAt,
      int revision) {}

  /**
   * Current versions of articles that were not withdrawn, each with when the language was first published
   * and its latest correction. The current version is credited to its own author; versions from before
   * revisions to the article's.
   */
  private static final String CURRENT = """
      SELECT v.article_id, v.language, v.title, v.body, v.source_type, v.ai_model, v.reviewer, v.reviewed_at,
             v.published_at, v.revision, coalesce(v.author, a.author) AS author,
             coalesce(f.first_published_at, v.published_at) AS first_published_at,
             c.correction_reason, c.correction_note, c.published_at AS corrected_at
      FROM article_version v
      JOIN article a ON a.id = v.article_id
      CROSS JOIN LATERAL (SELECT min(r.published_at) AS first_published_at FROM article_revision r
                          WHERE r.article_id = v.article_id AND r.language = v.language) f
      LEFT JOIN LATERAL (SELECT r.correction_reason, r.correction_note, r.published_at FROM article_revision r
                         WHERE r.article_id = v.article_id AND r.language = v.language
                           AND r.correction_reason IS NOT NULL
                         ORDER BY r.revision DESC LIMIT 1) c ON true
      WHERE NOT EXISTS (SELECT 1 FROM article_withdrawal w WHERE w.article_id = v.article_id)
      """;

  private final JdbcClient jdbc;

  ArticleRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insertArticle(UUID id, UUID author, Instant at) {
    jdbc.sql("INSERT INTO article (id, author, created_at) VALUES (:id, :author, :at)")
        .param("id", id).param("author", author).param("at", Timestamp.from(at)).update();
  }

  boolean exists(UUID id) {
    return jdbc.sql("SELECT EXISTS (SELECT 1 FROM article WHERE id = :id)").param("id", id).query(Boolean.class).single();
  }

  /**
   * Takes the article's row lock until the transaction ends: approvals, corrections and a withdrawal of
   * one article happen one after another, each seeing what the one before it wrote.
   */
  void lock(UUID article) {
    jdbc.sql("SELECT id FROM article WHERE id = :a FOR UPDATE").param("a", article).query(UUID.class).optional();
  }

  /**
   * Adds a revision of a language version and makes it the current one. Earlier revisions stay in
   * article_revision (append-only); the row lock on the article serialises concurrent approvals. A
   * correction carries its reason's code and the editor's note (both null otherwise).
   */
  int putVersion(UUID article, UUID author, String language, String title, String body, String sourceType,
      @Nullable String aiModel, @Nullable UUID reviewer, @Nullable Instant reviewedAt, Instant at,
      @Nullable String correctionReason, @Nullable String correctionNote) {
    lock(article);
    int revision = jdbc.sql("SELECT coalesce(max(revision), 0) + 1 FROM article_revision WHERE article_id = :a "
            + "AND language = :lang").param("a", article).param("lang", language).query(Integer.class).single();
    Timestamp reviewed = reviewedAt == null ? null : Timestamp.from(reviewedAt);
    jdbc.sql("""
            INSERT INTO article_revision (article_id, language, revision, title, body, source_type, ai_model, author,
                                          reviewer, reviewed_at, published_at, correction_reason, correction_note)
            VALUES (:a, :lang, :rev, :title, :body, :source, :model, :author, :reviewer, :reviewed, :at, :reason, :note)
            """)
        .param("a", article).param("lang", language).param("rev", revision).param("title", title).param("body", body)
        .param("source", sourceType).param("model", aiModel).param("author", author).param("reviewer", reviewer)
        .param("reviewed", reviewed).param("at", Timestamp.from(at)).param("reason", correctionReason)
        .param("note", correctionNote).update();
    jdbc.sql("""
            INSERT INTO article_version (article_id, language, title, body, source_type, ai_model, reviewer,
                                         reviewed_at, published_at, author, revision)
            VALUES (:a, :lang, :title, :body, :source, :model, :reviewer, :reviewed, :at, :author, :rev)
            ON CONFLICT (article_id, language) DO UPDATE SET title = :title, body = :body, source_type = :source,
              ai_model = :model, reviewer = :reviewer, reviewed_at = :reviewed, published_at = :at, author = :author,
              revision = :rev
            """)
        .param("a", article).param("lang", language).param("title", title).param("body", body)
        .param("source", sourceType).param("model", aiModel).param("reviewer", reviewer)
        .param("reviewed", reviewed).param("at", Timestamp.from(at)).param("author", author).param("rev", revision)
        .update();
    return revision;
  }

  /** Where the current text of a language version came from (also for a withdrawn article). */
  Optional<Provenance> provenance(UUID article, String language) {
    return jdbc.sql("SELECT source_type, ai_model, reviewer, reviewed_at, revision FROM article_version "
            + "WHERE article_id = :a AND language = :lang")
        .param("a", article).param("lang", language)
        .query((rs, n) -> new Provenance(rs.getString("source_type"), rs.getString("ai_model"),
            rs.getObject("reviewer", UUID.class), instant(rs, "reviewed_at"), rs.getInt("revision")))
        .optional();
  }

  /** Every revision of an article that was not withdrawn, per language, oldest first. */
  List<Row> revisions(UUID article) {
    return jdbc.sql("""
            SELECT r.*, min(r.published_at) OVER (PARTITION BY r.language) AS first_published_at,
                   CASE WHEN r.correction_reason IS NOT NULL THEN r.published_at END AS corrected_at
            FROM article_revision r
            WHERE r.article_id = :a AND NOT EXISTS (SELECT 1 FROM article_withdrawal w WHERE w.article_id = r.article_id)
            ORDER BY r.language, r.revision
            """)
        .param("a", article).query(ArticleRepository::map).list();
  }

  /** The newest current versions in one language, by their latest revision (the feed's order). */
  List<Row> newest(String language, int count) {
    return jdbc.sql(CURRENT + "AND v.language = :lang ORDER BY v.published_at DESC LIMIT :n")
        .param("lang", language).param("n", count).query(ArticleRepository::map).list();
  }

  /**
   * One version of each article, newest first by first publication: the one in {@code language} where it
   * exists, otherwise the other (the list falls back and says so).
   */
  List<Row> listed(String language, int count) {
    return jdbc.sql("SELECT * FROM (SELECT DISTINCT ON (x.article_id) x.* FROM (" + CURRENT + ") x "
            + "ORDER BY x.article_id, (x.language = :lang) DESC) one ORDER BY one.first_published_at DESC, "
            + "one.article_id LIMIT :n")
        .param("lang", language).param("n", count).query(ArticleRepository::map).list();
  }

  long standingCount() {
    return jdbc.sql("""
        SELECT count(*) FROM article a WHERE NOT EXISTS (SELECT 1 FROM article_withdrawal w WHERE w.article_id = a.id)
        """).query(Long.class).single();
  }

  List<UUID> ids() {
    return jdbc.sql("SELECT id FROM article ORDER BY created_at, id").query(UUID.class).list();
  }

  List<Row> versions(UUID article) {
    return jdbc.sql(CURRENT + "AND v.article_id = :a ORDER BY v.language").param("a", article)
        .query(ArticleRepository::map).list();
  }

  Optional<Row> version(UUID article, String language) {
    return jdbc.sql(CURRENT + "AND v.article_id = :a AND v.language = :lang").param("a", article)
        .param("lang", language).query(ArticleRepository::map).optional();
  }

  void withdraw(UUID article, String reason, String note, UUID by, Instant at) {
    jdbc.sql("INSERT INTO article_withdrawal (article_id, reason, note, withdrawn_by, withdrawn_at) "
            + "VALUES (:a, :reason, :note, :by, :at)")
        .param("a", article).param("reason", reason).param("note", note).param("by", by)
        .param("at", Timestamp.from(at)).update();
  }

  Optional<WithdrawalRow> withdrawal(UUID article) {
    return jdbc.sql("SELECT article_id, reason, note, withdrawn_at FROM article_withdrawal WHERE article_id = :a")
        .param("a", article).query(ArticleRepository::withdrawalRow).optional();
  }

  /** The newest withdrawals of articles that had a version in this language (the feed's tombstones). */
  List<WithdrawalRow> withdrawals(String language, int count) {
    return jdbc.sql("""
            SELECT w.article_id, w.reason, w.note, w.withdrawn_at FROM article_withdrawal w
            WHERE EXISTS (SELECT 1 FROM article_version v WHERE v.article_id = w.article_id AND v.language = :lang)
            ORDER BY w.withdrawn_at DESC LIMIT :n
            """)
        .param("lang", language).param("n", count).query(ArticleRepository::withdrawalRow).list();
  }

  private static WithdrawalRow withdrawalRow(ResultSet rs, int n) throws SQLException {
    return new WithdrawalRow(rs.getObject("article_id", UUID.class), rs.getString("reason"), rs.getString("note"),
        rs.getTimestamp("withdrawn_at").toInstant());
  }

  private static Row map(ResultSet rs, int n) throws SQLException {
    return new Row(rs.getObject("article_id", UUID.class), rs.getObject("author", UUID.class),
        rs.getString("language"), rs.getString("title"), rs.getString("body"), rs.getString("source_type"),
        rs.getString("ai_model"), rs.getObject("reviewer", UUID.class), instant(rs, "reviewed_at"),
        rs.getTimestamp("published_at").toInstant(), rs.getInt("revision"),
        rs.getTimestamp("first_published_at").toInstant(), rs.getString("correction_reason"),
        rs.getString("correction_note"), instant(rs, "corrected_at"));
  }

  private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp at = rs.getTimestamp(column);
    return at == null ? null : at.toInstant();
  }
}
