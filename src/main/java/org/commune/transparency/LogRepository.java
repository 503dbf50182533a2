package org.commune.transparency;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.ObjLongConsumer;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for log entries and checkpoints. */
@Repository
class LogRepository {

  private final JdbcClient jdbc;
  private final JdbcTemplate batch;

  LogRepository(JdbcClient jdbc, JdbcTemplate batch) {
    this.jdbc = jdbc;
    this.batch = batch;
  }

  /** Serialises appends across threads and processes for the rest of the transaction. */
  void lockForAppend() {
    jdbc.sql("SELECT pg_advisory_xact_lock(7031997)").query().singleValue();
  }

  long size() {
    return jdbc.sql("SELECT coalesce(max(idx) + 1, 0) FROM log_entry").query(Long.class).single();
  }

  /** Which of these events are in the log already. */
  Set<UUID> loggedEvents(Collection<UUID> events) {
    if (events.isEmpty()) {
      return Set.of();
    }
    return new HashSet<>(
        jdbc.sql("SELECT source_event FROM log_entry WHERE source_event IN (:events)")
            .param("events", events)
            .query(UUID.class)
            .list());
  }

  void insert(long index, String type, String leaf, byte[] leafHash, @Nullable UUID sourceEvent, Instant at) {
    jdbc.sql(
            """
            INSERT INTO log_entry (idx, entry_type, leaf, leaf_hash, source_event, logged_at)
            VALUES (:idx, :type, :leaf, :hash, :event, :at)
            """)
        .param("idx", index)
        .param("type", type)
        .param("leaf", leaf)
        .param("hash", leafHash)
        .param("event", sourceEvent)
        .param("at", Timestamp.from(at))
        .update();
  }

  /** One stored entry, for a batch insert. */
  record Row(long index, String type, String leaf, byte[] leafHash, @Nullable UUID sourceEvent, Instant at) {}

  /** Inserts many entries in one JDBC batch (one round trip per batch instead of per entry). */
  void insertAll(List<Row> rows) {
    if (rows.size() == 1) {
      Row row = rows.get(0);
      insert(row.index(), row.type(), row.leaf(), row.leafHash(), row.sourceEvent(), row.at());
      return;
    }
    batch.batchUpdate(
        """
        INSERT INTO log_entry (idx, entry_type, leaf, leaf_hash, source_event, logged_at)
        VALUES (?, ?, ?, ?, ?, ?)
        """,
        rows,
        500,
        (statement, row) -> {
          statement.setLong(1, row.index());
          statement.setString(2, row.type());
          statement.setString(3, row.leaf());
          statement.setBytes(4, row.leafHash());
          statement.setObject(5, row.sourceEvent());
          statement.setTimestamp(6, Timestamp.from(row.at()));
        });
  }

  void insertCheckpoint(Checkpoint checkpoint) {
    jdbc.sql(
            "INSERT INTO log_checkpoint (tree_size, root_hash, issued_at, signature) VALUES (:size, :root, :at, :sig)")
        .param("size", checkpoint.treeSize())
        .param("root", checkpoint.rootHash())
        .param("at", Timestamp.from(checkpoint.issuedAt()))
        .param("sig", checkpoint.signature())
        .update();
  }

  /** Streams stored leaf hashes from index {@code from} on, in order. */
  void leafHashesFrom(long from, ObjLongConsumer<byte[]> consumer) {
    jdbc.sql("SELECT idx, leaf_hash FROM log_entry WHERE idx >= :from ORDER BY idx")
        .param("from", from)
        .query(rs -> {
          consumer.accept(rs.getBytes(2), rs.getLong(1));
        });
  }

  /** Entries as stored, without parsing the leaf texts: what the API and the verifier need. */
  List<LogLeaf> leaves(long start, int count) {
    return jdbc.sql("SELECT idx, leaf FROM log_entry WHERE idx >= :start ORDER BY idx LIMIT :count")
        .param("start", start)
        .param("count", count)
        .query((rs, n) -> new LogLeaf(rs.getLong(1), rs.getString(2)))
        .list();
  }

  List<LogEntry> entries(long start, int count) {
    return jdbc.sql("SELECT idx, leaf FROM log_entry WHERE idx >= :start ORDER BY idx LIMIT :count")
        .param("start", start)
        .param("count", count)
        .query((rs, n) -> LeafCodec.decode(rs.getLong(1), rs.getString(2)))
        .list();
  }

  /** Newest first, optionally of one type, for the public page. */
  List<LogEntry> newest(@Nullable String type, long before, int count) {
    return jdbc.sql(
            """
            SELECT idx, leaf FROM log_entry
            WHERE idx < :before AND (CAST(:type AS varchar) IS NULL OR entry_type = :type)
            ORDER BY idx DESC LIMIT :count
            """)
        .param("before", before)
        .param("type", type)
        .param("count", count)
        .query((rs, n) -> LeafCodec.decode(rs.getLong(1), rs.getString(2)))
        .list();
  }

  long count(@Nullable String type) {
    return jdbc.sql("SELECT count(*) FROM log_entry WHERE CAST(:type AS varchar) IS NULL OR entry_type = :type")
        .param("type", type)
        .query(Long.class)
        .single();
  }

  List<String> types() {
    return jdbc.sql("SELECT DISTINCT entry_type FROM log_entry ORDER BY entry_type").query(String.class).list();
  }

  Optional<Checkpoint> latestCheckpoint() {
    return jdbc.sql("SELECT tree_size, root_hash, issued_at, signature FROM log_checkpoint ORDER BY tree_size DESC LIMIT 1")
        .query(LogRepository::checkpoint)
        .optional();
  }

  List<Checkpoint> checkpoints(long fromSize, int count) {
    return jdbc.sql(
            """
            SELECT tree_size, root_hash, issued_at, signature FROM log_checkpoint
            WHERE tree_size >= :from ORDER BY tree_size LIMIT :count
            """)
        .param("from", fromSize)
        .param("count", count)
        .query(LogRepository::checkpoint)
        .list();
  }

  private static Checkpoint checkpoint(ResultSet rs, int row) throws SQLException {
    return new Checkpoint(rs.getLong(1), rs.getBytes(2), rs.getTimestamp(3).toInstant(), rs.getBytes(4));
  }
}
