package org.commune.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A killed Commune must not stop the next start: its orphaned PostgreSQL and pid file are cleared. */
class StalePostmasterIT {

  /** After the JVM that owned the embedded PostgreSQL is killed with SIGKILL, the next start works. */
  @Test
  void startsAfterAKilledRun() throws Exception {
    Path data = Path.of("target/it-stale", UUID.randomUUID().toString()).toAbsolutePath();
    String java = ProcessHandle.current().info().command().orElse("java");
    Process owner = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
            StartEmbeddedAndWait.class.getName(), data.toString())
        .redirectErrorStream(true).redirectOutput(data.getParent().resolve(data.getFileName() + ".log").toFile())
        .start();
    Path pid = data.resolve("postgres").resolve("postmaster.pid");
    Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> Files.exists(data.resolve("run/postgres.port")));
    assertThat(pid).exists();
    owner.destroyForcibly().waitFor();

    try (EmbeddedDatabase database = EmbeddedDatabase.start(new DataDirectory(data))) {
      assertThat(database.port()).isPositive();
    }
    assertThat(pid).doesNotExist();
  }

  /** A pid file naming a process that no longer exists is removed. */
  @Test
  void removesPidFileOfDeadProcess() throws Exception {
    DataDirectory data = new DataDirectory(Path.of("target/it-stale", UUID.randomUUID().toString()));
    Path pgData = Files.createDirectories(data.postgres());
    Path pid = pgData.resolve("postmaster.pid");
    Files.writeString(pid, "999999999\n" + pgData + "\n");
    try (DataDirectoryLock lock = DataDirectoryLock.acquire(data)) {
      StalePostmaster.clear(lock);
    }
    assertThat(pid).doesNotExist();
  }

  /** The cleanup runs only for the holder of the data directory's lock. */
  @Test
  void cleanupWithoutTheLockIsRefused() throws Exception {
    DataDirectory data = new DataDirectory(Path.of("target/it-stale", UUID.randomUUID().toString()));
    Path pid = Files.createDirectories(data.postgres()).resolve("postmaster.pid");
    Files.writeString(pid, ProcessHandle.current().pid() + "\n");
    DataDirectoryLock lock = DataDirectoryLock.acquire(data);
    lock.close();
    Assertions.assertThatThrownBy(() -> StalePostmaster.clear(lock))
        .isInstanceOf(IllegalStateException.class);
    assertThat(pid).exists();
  }

  /** Starts an embedded PostgreSQL in the given directory and waits to be killed. */
  public static final class StartEmbeddedAndWait {
    public static void main(String[] args) throws Exception {
      EmbeddedDatabase.start(new DataDirectory(Path.of(args[0])));
      Thread.sleep(Duration.ofMinutes(5));
    }
  }
}
