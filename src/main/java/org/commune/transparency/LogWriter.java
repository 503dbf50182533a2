package org.commune.transparency;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit for the log. Events arrive one by one from many threads; each waits here while one
 * writer appends everything that is waiting in a single transaction with a single signed
 * checkpoint. A commit costs a disk flush, so under load this turns hundreds of entries a second
 * into tens of thousands; alone, an entry waits no longer than its own commit.
 */
@Component
class LogWriter implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(LogWriter.class);

  /** Most entries sealed by one checkpoint. */
  static final int MAX_BATCH = 1_000;

  private record Pending(NewLogEntry entry, CompletableFuture<Void> done) {}

  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private final TransparencyLog transparencyLog;
  private final TransactionTemplate transactions;
  private volatile boolean running;
  private Thread writer;

  LogWriter(TransparencyLog transparencyLog, PlatformTransactionManager transactionManager) {
    this.transparencyLog = transparencyLog;
    this.transactions = new TransactionTemplate(transactionManager);
  }

  /** Queues an entry; the future completes once it is committed (or fails with the batch). */
  CompletableFuture<Void> submit(NewLogEntry entry) {
    if (!running) {
      return CompletableFuture.failedFuture(new IllegalStateException("the log writer is not running"));
    }
    CompletableFuture<Void> done = new CompletableFuture<>();
    queue.add(new Pending(entry, done));
    return done;
  }

  private void writeLoop() {
    while (running || !queue.isEmpty()) {
      List<Pending> batch = new ArrayList<>();
      try {
        Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_BATCH - 1);
        List<NewLogEntry> entries = batch.stream().map(Pending::entry).toList();
        transactions.executeWithoutResult(status -> transparencyLog.appendNew(entries));
        batch.forEach(p -> p.done().complete(null));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        batch.forEach(p -> p.done().completeExceptionally(e));
        return;
      } catch (RuntimeException e) {
        log.warn("Appending {} log entries failed; their events will be delivered again", batch.size(), e);
        batch.forEach(p -> p.done().completeExceptionally(e));
      }
    }
  }

  @Override
  public synchronized void start() {
    running = true;
    writer = Thread.ofPlatform().name("log-writer").daemon(true).start(this::writeLoop);
  }

  @Override
  public synchronized void stop() {
    running = false;
    if (writer != null) {
      try {
        writer.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    queue.forEach(p -> p.done().completeExceptionally(new IllegalStateException("shutting down")));
    queue.clear();
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Stop after the web server (which stops late phases first) but before the database goes. */
  @Override
  public int getPhase() {
    return Integer.MAX_VALUE - 2048;
  }
}
