package org.commune.transparency;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Grows a log to a given size quickly for benchmarks (LogBenchmark, the mirror catch-up benchmark): entries
 * of the shape the members module writes, appended through the log's own code in batches of 1,000 per
 * transaction, each batch signing one checkpoint — the same bytes, hashes and checkpoints as live appends.
 */
public final class LogFiller {

  static final int BATCH = 1_000;

  private LogFiller() {}

  /** Appends entries until the log holds {@code total}; returns how many were appended. */
  public static long fill(TransparencyLog log, PlatformTransactionManager transactions, long total) {
    TransactionTemplate tx = new TransactionTemplate(transactions);
    long existing = log.size();
    long appended = 0;
    while (existing + appended < total) {
      List<NewLogEntry> entries = new ArrayList<>(BATCH);
      for (int i = 0; i < BATCH && existing + appended + i < total; i++) {
        entries.add(entry(existing + appended + i));
      }
      tx.executeWithoutResult(s -> log.append(entries));
      appended += entries.size();
    }
    return appended;
  }

  static NewLogEntry entry(long i) {
    return new NewLogEntry("member.joined", Instant.ofEpochSecond(1_790_000_000L + i),
        Map.of("member", UUID.nameUUIDFromBytes(Long.toString(i).getBytes()).toString(), "via", "invitation",
            "role", "member"), UUID.randomUUID());
  }
}
