package org.commune.transparency;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import com.zaxxer.hikari.HikariDataSource;
import java.util.concurrent.Executors;
import org.commune.database.DataDirectory;
import org.commune.database.EmbeddedDatabase;
import org.commune.database.Migrations;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Benchmark of the transparency log on its real database (run by bench/log.sh, not by the tests):
 * append throughput (one entry per transaction, as events arrive, and in batches), the cost of a
 * full verification of every entry, and inclusion-proof generation latency.
 *
 * <p>Arguments: data directory, total entries (default 1,000,000).
 */
public final class LogBenchmark {

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/bench-log");
    long total = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000L;
    DataDirectory data = new DataDirectory(dir);
    try (EmbeddedDatabase database = EmbeddedDatabase.start(data);
        HikariDataSource pool = new HikariDataSource()) {
      pool.setJdbcUrl(database.jdbcUrl());
      pool.setMaximumPoolSize(4);
      Migrations.flyway(pool).migrate();
      JdbcClient jdbc = JdbcClient.create(pool);
      LogRepository repository = new LogRepository(jdbc, new JdbcTemplate(pool));
      TransparencyLog log = new TransparencyLog(repository, new LogSigningKey(data), Clock.systemUTC(), new LastSignedCheckpoint(data));
      TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(pool));

      // 1. One entry per transaction, as the event listener appends them.
      int single = 3_000;
      long start = System.nanoTime();
      for (int i = 0; i < single; i++) {
        NewLogEntry entry = entry(i);
        tx.executeWithoutResult(s -> log.appendNew(List.of(entry)));
      }
      double singleSeconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("append, one entry per transaction: %d entries in %.2f s = %.0f entries/s%n",
          single, singleSeconds, single / singleSeconds);

      // 2. As in the running server: many events at once, each waiting for its entry, grouped by LogWriter.
      LogWriter writer = new LogWriter(log, new DataSourceTransactionManager(pool));
      writer.start();
      int producers = 64;
      int perProducer = 500;
      start = System.nanoTime();
      try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
        for (int p = 0; p < producers; p++) {
          int producer = p;
          threads.submit(() -> {
            for (int i = 0; i < perProducer; i++) {
              writer.submit(entry(10_000_000L + producer * 100_000L + i)).join();
            }
          });
        }
      }
      double groupSeconds = (System.nanoTime() - start) / 1e9;
      writer.stop();
      System.out.printf("append, %d concurrent events at a time through the group-committing writer: %d entries in %.2f s = %.0f entries/s%n",
          producers, producers * perProducer, groupSeconds, producers * perProducer / groupSeconds);

      // 3. Batches of 1,000 entries per transaction, up to the total.
      start = System.nanoTime();
      long appended = LogFiller.fill(log, new DataSourceTransactionManager(pool), total);
      double batchSeconds = (System.nanoTime() - start) / 1e9;
      if (appended > 0) {
        System.out.printf("append, %d entries per transaction: %d entries in %.2f s = %.0f entries/s%n",
            LogFiller.BATCH, appended, batchSeconds, appended / batchSeconds);
      }

      // 4. Full verification of every entry, reading from the database (no HTTP).
      LogSource source = new RepositorySource(log);
      start = System.nanoTime();
      VerificationReport report = new LogVerifier(source, 1_000).verify(null, null);
      double verifySeconds = (System.nanoTime() - start) / 1e9;
      System.out.printf("verify all %d entries (in process, from the database): %.2f s — %s%n",
          report.treeSize(), verifySeconds, report.ok() ? "OK" : report.describe());

      // 5. Inclusion-proof generation latency against the latest tree.
      long size = log.size();
      log.inclusionProof(0, size); // loads the in-memory tree
      SplittableRandom random = new SplittableRandom(42);
      int samples = 20_000;
      long[] nanos = new long[samples];
      for (int i = 0; i < samples; i++) {
        long index = random.nextLong(size);
        long t = System.nanoTime();
        log.inclusionProof(index, size);
        nanos[i] = System.nanoTime() - t;
      }
      Arrays.sort(nanos);
      System.out.printf("inclusion proof at size %d (incl. one size query): p50 %.3f ms, p99 %.3f ms, max %.3f ms%n",
          size, nanos[samples / 2] / 1e6, nanos[(int) (samples * 0.99)] / 1e6, nanos[samples - 1] / 1e6);
    }
  }

  private static NewLogEntry entry(long i) {
    return LogFiller.entry(i);
  }

  /** Reads the log straight from the facade: measures verification, not HTTP. */
  private record RepositorySource(TransparencyLog log) implements LogSource {
    @Override
    public byte[] publicKey() {
      return log.publicKey();
    }

    @Override
    public Optional<Checkpoint> latestCheckpoint() {
      return log.latestCheckpoint();
    }

    @Override
    public List<LogLeaf> entries(long start, int count) {
      return log.leaves(start, count);
    }

    @Override
    public List<Checkpoint> checkpoints(long fromSize, int count) {
      return log.checkpoints(fromSize, count);
    }

    @Override
    public List<byte[]> inclusionProof(long index, long treeSize) {
      return log.inclusionProof(index, treeSize);
    }

    @Override
    public List<byte[]> consistencyProof(long first, long second) {
      return log.consistencyProof(first, second);
    }
  }
}
