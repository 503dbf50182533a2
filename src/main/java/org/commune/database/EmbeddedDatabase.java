package org.commune.database;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (zonky's packaged binaries) whose cluster lives in the data directory
 * and survives restarts. Closing it stops the server cleanly. Only the holder of the data directory's
 * {@link DataDirectoryLock} runs it; a watchdog restarts it if it dies.
 */
public final class EmbeddedDatabase implements Closeable {

  private static final Logger log = LoggerFactory.getLogger(EmbeddedDatabase.class);

  /** How often the watchdog looks whether the server process is still there. */
  private static final Duration WATCH_INTERVAL = Duration.ofMillis(200);

  private final DataDirectory dataDirectory;
  private final DataDirectoryLock lock;
  private final boolean ownsLock;
  private final int port;
  private volatile EmbeddedPostgres postgres;
  private volatile @Nullable ProcessHandle postmaster;
  private volatile boolean available = true;
  private volatile boolean closing;
  private final List<Runnable> restartListeners = new CopyOnWriteArrayList<>();
  private @Nullable Thread watchdog;

  private EmbeddedDatabase(EmbeddedPostgres postgres, DataDirectoryLock lock, boolean ownsLock) {
    this.postgres = postgres;
    this.lock = lock;
    this.ownsLock = ownsLock;
    this.dataDirectory = lock.directory();
    this.port = postgres.getPort();
    this.postmaster = readPostmaster(lock.directory()).orElse(null);
    markUnavailableOnExit(postmaster);
  }

  private static volatile java.util.concurrent.@Nullable CompletableFuture<EmbeddedDatabase> early;
  private static volatile @Nullable DataDirectory earlyDirectory;

  /**
   * Starts the server in the background while Spring builds the application (about a second saved
   * on a small machine). {@link #startOrJoin} picks it up when the same data directory is asked for.
   * The caller holds the data directory's lock (for the life of the process).
   */
  public static void startEarly(DataDirectoryLock lock) {
    earlyDirectory = lock.directory();
    var started = CompletableFuture.supplyAsync(
        () -> start(lock, false), runnable -> Thread.ofPlatform().name("embedded-postgres-start").start(runnable));
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
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException cause ? cause : e;
      }
    }
    return start(dataDirectory);
  }

  /**
   * Starts (initialising on first use) the cluster in the given data directory, after taking the
   * directory's lock; fails with {@link DataDirectoryInUseException}, touching nothing, if another
   * Commune holds it. Closing the database releases the lock.
   */
  public static EmbeddedDatabase start(DataDirectory dataDirectory) {
    checkPlatform();
    DataDirectoryLock lock = DataDirectoryLock.acquire(dataDirectory);
    try {
      return start(lock, true);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** Starts the cluster in the locked data directory; {@code ownsLock}: release the lock on close. */
  static EmbeddedDatabase start(DataDirectoryLock lock, boolean ownsLock) {
    checkPlatform();
    DataDirectory dataDirectory = lock.directory();
    try {
      lock.checkHeld();
      dataDirectory.ensurePrivate(dataDirectory.root());
      // Safe only because this process holds the lock: any PostgreSQL here is an orphan.
      StalePostmaster.clear(lock);
      EmbeddedPostgres postgres = builder(dataDirectory).start();
      String password = DatabasePassword.of(dataDirectory);
      DatabasePassword.require(dataDirectory, withPassword(postgres, password), password);
      EmbeddedDatabase database = new EmbeddedDatabase(postgres, lock, ownsLock);
      Files.createDirectories(dataDirectory.portFile().getParent());
      Files.writeString(dataDirectory.portFile(), Integer.toString(postgres.getPort()));
      log.info("Embedded PostgreSQL is running on localhost:{}", postgres.getPort());
      return database;
    } catch (IOException e) {
      throw new IllegalStateException(
          "Could not start the embedded PostgreSQL in " + dataDirectory.postgres() + ": " + e.getMessage(), e);
    }
  }

  private static EmbeddedPostgres.Builder builder(DataDirectory dataDirectory) {
    return EmbeddedPostgres.builder()
        .setDataDirectory(dataDirectory.postgres())
        .setCleanDataDirectory(false)
        .setOverrideWorkingDirectory(dataDirectory.ensurePrivate(dataDirectory.binaries()).toFile())
        .setPGStartupWait(Duration.ofSeconds(60))
        .setServerConfig("listen_addresses", "localhost")
        // No Unix socket: the default one in /tmp is open to every local user (TCP with a password only).
        .setServerConfig("unix_socket_directories", "")
        .setServerConfig("max_connections", "100")
        .setServerConfig("fsync", "on")
        .setServerConfig("synchronous_commit", "on")
        // WAL segments no longer needed are deleted, not renamed and kept for reuse with their old
        // records inside (WriteAheadLog: the order in which secret ballots were written)
        .setServerConfig("wal_recycle", "off")
        .setLocaleConfig("encoding", "UTF8")
        .setLocaleConfig("locale", "C.UTF-8")
        // A new cluster is made with its password from the start (these reach initdb after zonky's own
        // "-A trust", so they win): no moment in which a local user could connect without it.
        .setLocaleConfig("auth", "scram-sha-256")
        .setLocaleConfig("pwfile", DatabasePassword.file(dataDirectory).toString())
        .setRegisterShutdownHook(false) // Spring closes it after everything that uses it
        // zonky checks that the server answers with this; ignored while the server still trusts.
        .setConnectConfig("password", DatabasePassword.of(dataDirectory));
  }

  private static String withPassword(EmbeddedPostgres postgres, String password) {
    return postgres.getJdbcUrl("postgres", "postgres") + "&password=" + password;
  }

  /**
   * Watches the server process. If it dies (killed, out of memory, crashed), the database is marked
   * unavailable at once (so requests fail fast and health says DOWN) and the server is restarted on
   * the same data directory and port; PostgreSQL's crash recovery replays its write-ahead log, so
   * every committed transaction is still there. If it cannot be restarted within {@code giveUpAfter},
   * {@code giveUp} runs (the application exits with a message and a non-zero status, so that a
   * service manager restarts Commune).
   */
  public synchronized void supervise(Duration giveUpAfter, Runnable giveUp) {
    if (watchdog != null) {
      return;
    }
    watchdog = Thread.ofPlatform().daemon().name("embedded-postgres-watchdog").start(() -> watch(giveUpAfter, giveUp));
  }

  /**
   * The moment the server process ends, requests stop waiting for connections (the watchdog's poll
   * restarts it): a request arriving between the death and the next poll would otherwise wait a whole
   * connection timeout, as the pool keeps trying a port nobody listens on.
   */
  private void markUnavailableOnExit(@Nullable ProcessHandle server) {
    if (server != null) {
      server.onExit().thenRun(() -> {
        if (postmaster == server && !closing) {
          available = false;
        }
      });
    }
  }

  /** Runs after each restart (e.g. the connection pool drops the connections to the dead server). */
  public void onRestart(Runnable listener) {
    restartListeners.add(listener);
  }

  /** False from the moment the server is seen dead until it runs again. */
  public boolean available() {
    return available && !closing;
  }

  private void watch(Duration giveUpAfter, Runnable giveUp) {
    while (!closing) {
      sleep(WATCH_INTERVAL);
      ProcessHandle server = postmaster;
      if (closing || server == null || server.isAlive()) {
        continue;
      }
      available = false;
      log.error("The embedded PostgreSQL (pid {}) stopped unexpectedly; restarting it on port {}", server.pid(), port);
      Instant deadline = Instant.now().plus(giveUpAfter);
      while (!closing && !available) {
        if (Instant.now().isAfter(deadline)) {
          log.error("The embedded PostgreSQL could not be restarted within {} s; Commune stops so that it can be"
              + " started again (by its service manager, or by hand)", giveUpAfter.toSeconds());
          giveUp.run();
          return;
        }
        try {
          restart(server);
        } catch (IOException | RuntimeException e) {
          log.warn("Restarting the embedded PostgreSQL failed ({}); trying again", e.getMessage());
          sleep(Duration.ofSeconds(1));
        }
      }
    }
  }

  private synchronized void restart(ProcessHandle dead) throws IOException {
    if (closing) {
      return;
    }
    // The killed server's children notice its death and exit; a new server cannot start while any
    // of them still holds the old shared memory (and zonky cannot retry a failed start in one JVM).
    awaitExit(dead, Instant.now().plus(Duration.ofSeconds(20)));
    if (closing) {
      return;
    }
    StalePostmaster.clear(lock); // the dead server's pid file, so that stopping it below signals no one
    log.info("Releasing the dead server (a 'Could not stop postmaster' error from zonky here is expected)");
    try {
      postgres.close(); // releases zonky's own lock on the cluster
    } catch (IOException | RuntimeException ignored) {
      // Already gone.
    }
    EmbeddedPostgres restarted = builder(dataDirectory).setPort(port).start();
    postgres = restarted;
    postmaster = readPostmaster(dataDirectory).orElse(null);
    available = true;
    markUnavailableOnExit(postmaster);
    log.info("The embedded PostgreSQL runs again on localhost:{}", port);
    restartListeners.forEach(Runnable::run);
  }

  /** Waits until no process of the dead server's session (its children) is left (Linux; elsewhere a pause). */
  private void awaitExit(ProcessHandle dead, Instant deadline) {
    Path proc = Path.of("/proc");
    if (!Files.isDirectory(proc)) {
      sleep(Duration.ofSeconds(2));
      return;
    }
    while (!closing && Instant.now().isBefore(deadline) && sessionAlive(proc, dead.pid())) {
      sleep(Duration.ofMillis(100));
    }
  }

  /** pg_ctl starts the server as a session leader, so its children share its pid as session id. */
  private static boolean sessionAlive(Path proc, long session) {
    try (var entries = Files.list(proc)) {
      return entries.anyMatch(entry -> {
        String name = entry.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          return false;
        }
        try {
          String stat = Files.readString(entry.resolve("stat"));
          // pid (comm) state ppid pgrp session ...; comm may hold spaces, so count from the last ')'.
          String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          return fields.length > 3 && Long.parseLong(fields[3]) == session;
        } catch (IOException | RuntimeException gone) {
          return false;
        }
      });
    } catch (IOException e) {
      return false;
    }
  }

  private static Optional<ProcessHandle> readPostmaster(DataDirectory dataDirectory) {
    try {
      List<String> lines = Files.readAllLines(dataDirectory.postgres().resolve("postmaster.pid"));
      return lines.isEmpty() ? Optional.empty() : ProcessHandle.of(Long.parseLong(lines.get(0).strip()));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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
    return withPassword(postgres, DatabasePassword.of(dataDirectory));
  }

  public int port() {
    return port;
  }

  public DataDirectory dataDirectory() {
    return dataDirectory;
  }

  @Override
  public void close() throws IOException {
    closing = true;
    synchronized (this) {
      log.info("Stopping the embedded PostgreSQL");
      try {
        postgres.close();
        Files.deleteIfExists(dataDirectory.portFile());
      } finally {
        if (ownsLock) {
          lock.close();
        }
      }
    }
  }
}
