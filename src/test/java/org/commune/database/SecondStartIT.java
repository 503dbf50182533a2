package org.commune.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.commune.Application;
import org.commune.testing.FreePort;
import org.commune.testing.RunningCommune;
import org.junit.jupiter.api.Test;

/**
 * Someone starts Commune a second time on the data directory of a running one (a second terminal,
 * a service manager and a hand start, a restore into the live directory). The second one must stop
 * at once with a clear message, and the running instance must not notice: same PostgreSQL process,
 * still answering.
 */
class SecondStartIT extends RunningCommune {

  private static final Path DATA = Path.of(DATA_DIR).toAbsolutePath();

  /** A second server process on the live data directory exits quickly, non-zero, touching nothing. */
  @Test
  void secondServerStopsAndTheFirstKeepsItsDatabase() throws Exception {
    long postgresBefore = postmasterPid();
    assertThat(visitor().get("/articles").status()).isEqualTo(200);

    String java = ProcessHandle.current().info().command().orElse("java");
    Path log = DATA.resolveSibling(DATA.getFileName() + "-second-start.log");
    Process second = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Application.class.getName(),
            "--server.port=" + FreePort.find(), "--commune.data-dir=" + DATA)
        .redirectErrorStream(true).redirectOutput(log.toFile())
        .start();
    boolean exited = second.waitFor(40, TimeUnit.SECONDS);
    if (!exited) {
      second.destroyForcibly().waitFor();
    }
    String output = Files.readString(log);
    assertThat(exited).as("the second start stops by itself, quickly; its output:%n%s", output).isTrue();
    assertThat(second.exitValue()).isNotZero();
    assertThat(output).contains(
        "Another Commune is running on this data directory (pid " + ProcessHandle.current().pid() + ")");

    assertThat(postmasterPid()).as("the running instance's PostgreSQL was not touched").isEqualTo(postgresBefore);
    assertThat(ProcessHandle.of(postgresBefore).map(ProcessHandle::isAlive)).contains(true);
    assertThat(visitor().get("/articles").status()).isEqualTo(200);
    assertThat(jdbc.sql("SELECT count(*) FROM member").query(Long.class).single()).isPositive();
  }

  /** Restoring into the live data directory is refused because it is locked, before anything is read. */
  @Test
  void restoreIntoTheLiveDirectoryIsRefused() throws Exception {
    long postgresBefore = postmasterPid();
    Path backup = Files.createTempFile(DATA.getParent(), "not-used", ".backup");
    String previous = System.getProperty(DataDirectory.PROPERTY);
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setProperty(DataDirectory.PROPERTY, DATA.toString());
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    int exit;
    try {
      exit = RestoreCommand.run(new String[] {backup.toString()});
    } finally {
      System.setErr(err);
      if (previous == null) {
        System.clearProperty(DataDirectory.PROPERTY);
      } else {
        System.setProperty(DataDirectory.PROPERTY, previous);
      }
    }
    assertThat(exit).isNotZero();
    assertThat(captured.toString(StandardCharsets.UTF_8)).contains("Another Commune is running on this data directory");
    assertThat(postmasterPid()).isEqualTo(postgresBefore);
    assertThat(visitor().get("/articles").status()).isEqualTo(200);
  }

  /** The running instance holds the lock, so no one else may clean up (stop) its PostgreSQL. */
  @Test
  void theRunningInstanceHoldsTheLock() {
    assertThat(DataDirectoryLock.tryAcquire(new DataDirectory(DATA))).as("held by the running instance").isEmpty();
  }

  private static long postmasterPid() throws Exception {
    return Long.parseLong(Files.readAllLines(DATA.resolve("postgres/postmaster.pid")).get(0).strip());
  }
}
