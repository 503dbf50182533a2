package org.commune.federation.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.commune.Application;
import org.commune.database.DataDirectory;
import org.postgresql.Driver;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

/**
 * One Commune for a benchmark: its port, data directory and settings. It is seeded in this JVM (a Spring
 * context on the data directory, closed afterwards), then served by a child process of its own (the same
 * class path, {@code org.commune.Application}), so the server measured does not share a heap, a JIT or a
 * garbage collector with the load generator. Its embedded database is reachable afterwards through the
 * port and password files the server leaves in its data directory.
 */
final class BenchCommune implements AutoCloseable {

  private final int port;
  private final Path data;
  private final List<String> arguments;
  private Process process;

  BenchCommune(String name, List<String> settings) throws IOException {
    this.port = freePort();
    Files.createDirectories(Path.of("target"));
    this.data = Files.createTempDirectory(Path.of("target"), "bench-" + name + "-").toAbsolutePath();
    this.arguments = new ArrayList<>(List.of("--server.port=" + port, "--commune.public-url=" + url(),
        "--commune.data-dir=" + data, "--commune.federation.allow-private-addresses=true",
        "--logging.level.root=WARN", "--spring.main.banner-mode=off"));
    settings.forEach(s -> arguments.add("--" + s));
  }

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  String url() {
    return "http://localhost:" + port;
  }

  String host() {
    return "localhost:" + port;
  }

  Path data() {
    return data;
  }

  /** Runs Commune in this JVM on the data directory for {@code seed}, then closes it. */
  void seed(Consumer<ConfigurableApplicationContext> seed) {
    try (ConfigurableApplicationContext context = inProcess()) {
      seed.accept(context);
    }
  }

  /** Commune in this JVM (the caller closes it). */
  ConfigurableApplicationContext inProcess() {
    return new SpringApplicationBuilder(Application.class).run(arguments.toArray(String[]::new));
  }

  /** Starts the server as a child process and waits for its health endpoint; prints the seconds it took. */
  void serve(String... jvmOptions) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Application.class.getName()));
    command.addAll(arguments);
    Path log = data.resolveSibling(data.getFileName() + ".log");
    process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long start = System.nanoTime();
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest health = HttpRequest.newBuilder(URI.create(url() + "/actuator/health")).timeout(Duration.ofSeconds(5))
        .build();
    while (true) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Commune stopped while starting; see " + log);
      }
      try {
        if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          break;
        }
      } catch (IOException notYet) {
        // Not listening yet.
      }
      if (System.nanoTime() - start > Duration.ofMinutes(5).toNanos()) {
        throw new IllegalStateException("Commune did not answer within 5 minutes; see " + log);
      }
      Thread.sleep(100);
    }
    System.out.printf("%s served by process %d (log %s), up in %.1f s%n", url(), process.pid(), log,
        (System.nanoTime() - start) / 1e9);
  }

  /** The child's database, through the port and password files it keeps in its data directory. */
  JdbcClient database() {
    try {
      DataDirectory directory = new DataDirectory(data);
      String dbPort = Files.readString(directory.portFile(), StandardCharsets.UTF_8).strip();
      String password = Files.readString(directory.keys().resolve("database.password"), StandardCharsets.UTF_8).strip();
      SimpleDriverDataSource source = new SimpleDriverDataSource(new Driver(),
          "jdbc:postgresql://localhost:" + dbPort + "/postgres", "postgres", password);
      return JdbcClient.create(source);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** CPU seconds the server process (not its database) has used so far. */
  double cpuSeconds() {
    return process.toHandle().info().totalCpuDuration().map(d -> d.toNanos() / 1e9).orElse(Double.NaN);
  }

  @Override
  public void close() throws InterruptedException {
    if (process != null && process.isAlive()) {
      process.destroy(); // SIGTERM: Spring closes and stops the embedded PostgreSQL
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
