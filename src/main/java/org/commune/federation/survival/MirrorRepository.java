package org.commune.federation.survival;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.commune.transparency.Checkpoint;
import org.commune.transparency.LogLeaf;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** A mirror's copy of an ally: signed article items, log entries and checkpoints (federation_mirror_*). */
@Repository
class MirrorRepository {

  private final JdbcClient jdbc;
  private final JdbcTemplate batch;

  MirrorRepository(JdbcClient jdbc, JdbcTemplate batch) {
    this.jdbc = jdbc;
    this.batch = batch;
  }

  record StoredItem(UUID article, String item, String signature, boolean withdrawn, Instant syncedAt) {}

  /** Stores a verified item (a newer signed version of an article replaces the older one). */
  boolean putArticle(String host, UUID article, String item, String signature, boolean withdrawn, Instant at) {
    return jdbc.sql("""
        INSERT INTO federation_mirror_article (host, article_id, item, signature, withdrawn, synced_at)
        VALUES (:host, :article, :item, :signature, :withdrawn, :at)
        ON CONFLICT (host, article_id) DO UPDATE SET item = excluded.item, signature = excluded.signature,
          withdrawn = excluded.withdrawn, synced_at = excluded.synced_at
        WHERE federation_mirror_article.item <> excluded.item OR federation_mirror_article.signature <> excluded.signature
        """).param("host", host).param("article", article).param("item", item).param("signature", signature)
        .param("withdrawn", withdrawn).param("at", Timestamp.from(at)).update() > 0;
  }

  List<StoredItem> articles(String host) {
    return jdbc.sql("SELECT * FROM federation_mirror_article WHERE host = :host ORDER BY synced_at DESC, article_id")
        .param("host", host).query((rs, n) -> new StoredItem(rs.getObject("article_id", UUID.class), rs.getString("item"),
            rs.getString("signature"), rs.getBoolean("withdrawn"), rs.getTimestamp("synced_at").toInstant())).list();
  }

  Optional<StoredItem> article(String host, UUID article) {
    return jdbc.sql("SELECT * FROM federation_mirror_article WHERE host = :host AND article_id = :article")
        .param("host", host).param("article", article)
        .query((rs, n) -> new StoredItem(rs.getObject("article_id", UUID.class), rs.getString("item"),
            rs.getString("signature"), rs.getBoolean("withdrawn"), rs.getTimestamp("synced_at").toInstant())).optional();
  }

  long logSize(String host) {
    return jdbc.sql("SELECT count(*) FROM federation_mirror_log_entry WHERE host = :host").param("host", host)
        .query(Long.class).single();
  }

  List<LogLeaf> leaves(String host, long start, int count) {
    return jdbc.sql("SELECT idx, leaf FROM federation_mirror_log_entry WHERE host = :host AND idx >= :start ORDER BY idx LIMIT :n")
        .param("host", host).param("start", start).param("n", count)
        .query((rs, n) -> new LogLeaf(rs.getLong("idx"), rs.getString("leaf"))).list();
  }

  List<String> allLeaves(String host) {
    return jdbc.sql("SELECT leaf FROM federation_mirror_log_entry WHERE host = :host ORDER BY idx")
        .param("host", host).query(String.class).list();
  }

  /** In batches: one statement per entry made a 1,000,000-entry mirror take about 40 minutes (bench/mirror.sh). */
  void appendLeaves(String host, List<LogLeaf> leaves) {
    batch.batchUpdate("INSERT INTO federation_mirror_log_entry (host, idx, leaf) VALUES (?, ?, ?)", leaves, 1_000,
        (statement, leaf) -> {
          statement.setString(1, host);
          statement.setLong(2, leaf.index());
          statement.setString(3, leaf.leaf());
        });
  }

  void putCheckpoints(String host, Collection<Checkpoint> checkpoints) {
    batch.batchUpdate("""
        INSERT INTO federation_mirror_checkpoint (host, tree_size, root_hash, issued_at, signature)
        VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
        """, checkpoints, 1_000, (statement, c) -> {
          statement.setString(1, host);
          statement.setLong(2, c.treeSize());
          statement.setBytes(3, c.rootHash());
          statement.setLong(4, c.issuedAt().getEpochSecond());
          statement.setBytes(5, c.signature());
        });
  }

  void putCheckpoint(String host, Checkpoint c) {
    jdbc.sql("""
        INSERT INTO federation_mirror_checkpoint (host, tree_size, root_hash, issued_at, signature)
        VALUES (:host, :size, :root, :at, :signature) ON CONFLICT DO NOTHING
        """).param("host", host).param("size", c.treeSize()).param("root", c.rootHash())
        .param("at", c.issuedAt().getEpochSecond()).param("signature", c.signature()).update();
  }

  Optional<Checkpoint> latestCheckpoint(String host) {
    return jdbc.sql("SELECT * FROM federation_mirror_checkpoint WHERE host = :host ORDER BY tree_size DESC LIMIT 1")
        .param("host", host).query(MirrorRepository::checkpoint).optional();
  }

  List<Checkpoint> checkpoints(String host, long fromSize, int count) {
    return jdbc.sql("""
        SELECT * FROM federation_mirror_checkpoint WHERE host = :host AND tree_size >= :from ORDER BY tree_size LIMIT :n
        """).param("host", host).param("from", fromSize).param("n", count).query(MirrorRepository::checkpoint).list();
  }

  private static Checkpoint checkpoint(ResultSet rs, int n) throws SQLException {
    return new Checkpoint(rs.getLong("tree_size"), rs.getBytes("root_hash"), Instant.ofEpochSecond(rs.getLong("issued_at")),
        rs.getBytes("signature"));
  }
}
