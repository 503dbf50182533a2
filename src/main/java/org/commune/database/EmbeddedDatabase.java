package org.commune.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (zonky's packaged binaries) whose cluster lives in the data directory
 * and survives restarts. Closing it stops the server cleanly.
 */
public final class EmbeddedDatabase implements Closeable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

  private final EmbeddedPostgres postgres;
  private final DataDirectory dataDirectory;

  private EmbeddedDatabase(EmbeddedPostgres postgres, DataDirectory dataDirectory) {
    this.postgres = postgres;
    this.dataDirectory = dataDirectory;
  }

  private static volatile java.util.concurrent.@org.jspecify.annotations.Nullable CompletableFuture<EmbeddedDatabase> early;
  private static volatile @org.jspecify.annotations.Nullable DataDirectory earlyDirectory;

  /**
   * Starts the server in the background while Spring builds the application (about a second saved
   * on a small machine). {@link #startOrJoin} picks it up when the same data directory is asked for.
   */
  public static void startEarly(DataDirectory dataDirectory) {
    earlyDirectory = dataDirectory;
    var started = java.util.concurrent.CompletableFuture.supplyAsync(
        () -> start(dataDirectory), runnable -> Thread.ofPlatform().name("embedded-postgres-start").start(runnable));
    early = started;
    // If the application fails before adopting the server, stop it rather than leave it running.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      if (early == started && started.isDone() && !started.isCompletedExceptionally()) {
        try {
          started.join().close();
        } catch (IOException | RuntimeException ignored) {
          // Shutting down anyway.
        }
      }
    }));
  }

  /** The server started early for this directory, or a new one. */
  public static EmbeddedDatabase startOrJoin(DataDirectory dataDirectory) {
    var started = early;
    if (started != null && dataDirectory.equals(earlyDirectory)) {
      early = null;
      try {
        return started.join();
      } catch (java.util.concurrent.CompletionException e) {
        throw e.getCause() instanceof RuntimeException cause ? cause : e;
      }
    }
    return start(dataDirectory);
  }

  /** Starts (initialising on first use) the cluster in the given data directory. */
  public static EmbeddedDatabase start(DataDirectory dataDirectory) {
    checkPlatform();
    try {
      dataDirectory.ensurePrivate(dataDirectory.root());
      StalePostmaster.clear(dataDirectory.postgres());
      EmbeddedPostgres postgres =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDirectory.postgres())
              .setCleanDataDirectory(false)
              .setOverrideWorkingDirectory(dataDirectory.ensurePrivate(dataDirectory.binaries()).toFile())
              .setPGStartupWait(Duration.ofSeconds(60))
              .setServerConfig("listen_addresses", "localhost")
              .setServerConfig("max_connections", "100")
              .setServerConfig("fsync", "on")
              .setServerConfig("synchronous_commit", "on")
              .setLocaleConfig("encoding", "UTF8")
              .setLocaleConfig("locale", "C.UTF-8")
              .setRegisterShutdownHook(false) // Spring closes it after everything that uses it
              .start();
      EmbeddedDatabase database = new EmbeddedDatabase(postgres, dataDirectory);
      Files.createDirectories(dataDirectory.portFile().getParent());
      Files.writeString(dataDirectory.portFile(), Integer.toString(postgres.getPort()));
      log.info("Embedded PostgreSQL is running on localhost:{}", postgres.getPort());
      return database;
    } catch (IOException e) {
      throw new IllegalStateException(
          "Could not start the embedded PostgreSQL in " + dataDirectory.postgres() + ": " + e.getMessage(), e);
    }
  }

  private static void checkPlatform() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    boolean linux = os.contains("linux");
    boolean mac = os.contains("mac");
    boolean amd64 = arch.equals("amd64") || arch.equals("x86_64");
    boolean arm64 = arch.equals("aarch64") || arch.equals("arm64");
    if (!((linux && (amd64 || arm64)) || (mac && arm64))) {
      throw new IllegalStateException(
          "Commune ships an embedded PostgreSQL for Linux (amd64, arm64) and macOS (arm64) only. "
              + "On "
              + os
              + "/"
              + arch
              + " set SPRING_DATASOURCE_URL (and _USERNAME, _PASSWORD) to an external PostgreSQL 17.");
    }
  }

  public String jdbcUrl() {
    return postgres.getJdbcUrl("postgres", "postgres");
  }

  public int port() {
    return postgres.getPort();
  }

  public DataDirectory dataDirectory() {
    return dataDirectory;
  }

  @Override
  public void close() throws IOException {
    log.info("Stopping the embedded PostgreSQL");
    postgres.close();
    Files.deleteIfExists(dataDirectory.portFile());
  }
}
