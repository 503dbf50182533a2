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

/** SQL for articles and their language versions. */
@Repository
class ArticleRepository {

  /** A version row with the ids of its author and reviewer (names are looked up by the service). */
  record Row(UUID article, UUID author, String language, String title, String body, String sourceType,
      @Nullable String aiModel, @Nullable UUID reviewer, @Nullable Instant reviewedAt, Instant publishedAt,
      int revision) {}

  /** The current version is credited to its own author; versions from before revisions to the article's. */
  private static final String SELECT = "SELECT v.article_id, v.language, v.title, v.body, v.source_type, v.ai_model, "
      + "v.reviewer, v.reviewed_at, v.published_at, v.revision, coalesce(v.author, a.author) AS author "
      + "FROM article_version v JOIN article a ON a.id = v.article_id ";

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
   * Adds a revision of a language version and makes it the current one. Earlier revisions stay in
   * article_revision (append-only); the row lock on the article serialises concurrent approvals.
   */
  int putVersion(UUID article, UUID author, String language, String title, String body, String sourceType,
      @Nullable String aiModel, @Nullable UUID reviewer, @Nullable Instant reviewedAt, Instant at) {
    jdbc.sql("SELECT id FROM article WHERE id = :a FOR UPDATE").param("a", article).query(UUID.class).optional();
    int revision = jdbc.sql("SELECT coalesce(max(revision), 0) + 1 FROM article_revision WHERE article_id = :a "
            + "AND language = :lang").param("a", article).param("lang", language).query(Integer.class).single();
    Timestamp reviewed = reviewedAt == null ? null : Timestamp.from(reviewedAt);
    jdbc.sql("""
            INSERT INTO article_revision (article_id, language, revision, title, body, source_type, ai_model, author,
                                          reviewer, reviewed_at, published_at)
            VALUES (:a, :lang, :rev, :title, :body, :source, :model, :author, :reviewer, :reviewed, :at)
            """)
        .param("a", article).param("lang", language).param("rev", revision).param("title", title).param("body", body)
        .param("source", sourceType).param("model", aiModel).param("author", author).param("reviewer", reviewer)
        .param("reviewed", reviewed).param("at", Timestamp.from(at)).update();
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

  /** Every revision of an article, per language, oldest first. */
  List<Row> revisions(UUID article) {
    return jdbc.sql("SELECT * FROM article_revision WHERE article_id = :a ORDER BY language, revision")
        .param("a", article).query(ArticleRepository::map).list();
  }

  List<Row> newest(String language, int count) {
    return jdbc.sql(SELECT + "WHERE v.language = :lang ORDER BY v.published_at DESC LIMIT :n")
        .param("lang", language).param("n", count).query(ArticleRepository::map).list();
  }

  List<UUID> ids() {
    return jdbc.sql("SELECT id FROM article ORDER BY created_at, id").query(UUID.class).list();
  }

  List<Row> versions(UUID article) {
    return jdbc.sql(SELECT + "WHERE v.article_id = :a ORDER BY v.language").param("a", article)
        .query(ArticleRepository::map).list();
  }

  Optional<Row> version(UUID article, String language) {
    return jdbc.sql(SELECT + "WHERE v.article_id = :a AND v.language = :lang").param("a", article)
        .param("lang", language).query(ArticleRepository::map).optional();
  }

  private static Row map(ResultSet rs, int n) throws SQLException {
    Timestamp reviewed = rs.getTimestamp("reviewed_at");
    return new Row(rs.getObject("article_id", UUID.class), rs.getObject("author", UUID.class),
        rs.getString("language"), rs.getString("title"), rs.getString("body"), rs.getString("source_type"),
        rs.getString("ai_model"), rs.getObject("reviewer", UUID.class), reviewed == null ? null : reviewed.toInstant(),
        rs.getTimestamp("published_at").toInstant(), rs.getInt("revision"));
  }
}
