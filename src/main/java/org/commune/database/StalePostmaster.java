package org.commune.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A killed JVM leaves its embedded PostgreSQL behind: either still running as an orphan or, after a
 * reboot, as a {@code postmaster.pid} naming a dead process. Either way the next start would fail.
 * This clears both before starting, and never touches a postmaster that is not PostgreSQL.
 *
 * <p>It runs only for the holder of the data directory's {@link DataDirectoryLock}: while a Commune
 * runs, it holds that lock, so a PostgreSQL found here by the holder can only be an orphan. (Guessing
 * from the process tree does not work: pg_ctl daemonises the server, so even a live instance's
 * PostgreSQL has PID 1 as its parent.)
 */
final class StalePostmaster {

  private static final Logger log = LoggerFactory.getLogger(StalePostmaster.class);

  private StalePostmaster() {}

  static void clear(DataDirectoryLock lock) throws IOException {
    lock.checkHeld();
    Path pgData = lock.directory().postgres();
    Path pidFile = pgData.resolve("postmaster.pid");
    if (!Files.exists(pidFile)) {
      return;
    }
    List<String> lines = Files.readAllLines(pidFile);
    Optional<ProcessHandle> process =
        lines.isEmpty() ? Optional.empty() : parsePid(lines.get(0)).flatMap(ProcessHandle::of);
    if (process.isPresent() && isPostgres(process.get())) {
      log.warn("Stopping an orphaned embedded PostgreSQL left by an earlier run (pid {})", process.get().pid());
      process.get().destroy(); // SIGTERM: PostgreSQL's smart shutdown; an orphan has no clients
      Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
      while (process.get().isAlive() && Instant.now().isBefore(deadline)) {
        sleepBriefly();
      }
      if (process.get().isAlive()) {
        process.get().destroyForcibly();
      }
    } else if (process.isPresent()) {
      // The pid was reused by an unrelated process: the file is stale.
      log.warn("Removing a stale postmaster.pid (its pid now belongs to another program)");
    } else {
      log.warn("Removing a stale postmaster.pid from an earlier run");
    }
    Files.deleteIfExists(pidFile);
  }

  private static boolean isPostgres(ProcessHandle process) {
    return process.info().command().map(c -> c.endsWith("postgres")).orElse(false);
  }

  private static Optional<Long> parsePid(String line) {
    try {
      return Optional.of(Long.parseLong(line.trim()));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static void sleepBriefly() {
    try {
      Thread.sleep(100);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
