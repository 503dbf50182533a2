package org.commune;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.commune.database.BackupCommand;
import org.commune.database.DataDirectory;
import org.commune.database.DataDirectoryInUseException;
import org.commune.database.DataDirectoryLock;
import org.commune.database.EmbeddedDatabase;
import org.commune.database.RestoreCommand;
import org.commune.federation.archive.ArchiveCommand;
import org.commune.federation.archive.ServeArchiveCommand;
import org.commune.federation.archive.VerifyArchiveCommand;
import org.commune.governance.TallyCommand;
import org.commune.transparency.VerifyLogCommand;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.modulith.Modulithic;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Commune's entry point. Without arguments it serves; the launcher script passes a command name
 * for the offline tools (verifying a log, backing up, restoring) so that they run from the same
 * jar without starting the web server.
 */
@Modulithic
@SpringBootApplication
@EnableAsync
@EnableScheduling
public class Application {

  public static void main(String[] args) {
    String command = args.length == 0 ? "serve" : args[0];
    String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
    int exit =
        switch (command) {
          case "serve" -> serve(rest, false);
          case "demo" -> serve(rest, true);
          case "verify-log" -> VerifyLogCommand.run(rest);
          case "backup" -> BackupCommand.run(rest);
          case "restore" -> RestoreCommand.run(rest);
          case "tally" -> TallyCommand.run(rest);
          case "archive" -> ArchiveCommand.run(rest, Application::startForCommand);
          case "verify-archive" -> VerifyArchiveCommand.run(rest);
          case "serve-archive" -> ServeArchiveCommand.run(rest);
          default -> {
            if (command.startsWith("--")) {
              yield serve(args, false);
            }
            System.err.println("Unknown command: " + command);
            System.err.println("Commands: serve, demo, verify-log <base-url>, backup <file>, restore <file>, tally <file>,"
                + " archive <file>, verify-archive <file>, serve-archive <file>");
            yield 2;
          }
        };
    if (exit >= 0) {
      System.exit(exit);
    }
  }

  /** The embedded database is used unless a JDBC URL is configured (environment or argument). */
  private static boolean embedded(String[] args) {
    String url = System.getenv("SPRING_DATASOURCE_URL");
    boolean inArgs = Arrays.stream(args).anyMatch(a -> a.startsWith("--spring.datasource.url="));
    return (url == null || url.isBlank()) && System.getProperty("spring.datasource.url") == null && !inArgs;
  }

  /** The data directory given as an argument, which Spring ranks above the environment. */
  private static String dataDirectoryArgument(String[] args) {
    return Arrays.stream(args)
        .filter(a -> a.startsWith("--" + DataDirectory.PROPERTY + "="))
        .map(a -> a.substring(DataDirectory.PROPERTY.length() + 3))
        .reduce((first, second) -> second)
        .orElse(null);
  }

  /** Held for the life of the process: the operating system releases it when the process ends. */
  private static DataDirectoryLock dataDirectoryLock;

  private static int serve(String[] args, boolean demo) {
    return start(args, demo) == null ? 1 : -1; // keep running: the web server owns the process now
  }

  /**
   * Commune started for a command that needs its services (the archive reads articles and the log through
   * them): on loopback, on a free port, so that nobody reaches it while the command runs. Null when the data
   * directory is in use (the reason is printed).
   */
  private static @Nullable ConfigurableApplicationContext startForCommand(String[] args) {
    List<String> quiet = new ArrayList<>(Arrays.asList(args));
    // The public URL stays the instance's own: by default it is derived from the port, which changes here.
    if (quiet.stream().noneMatch(a -> a.startsWith("--commune.public-url="))) {
      String port = quiet.stream().filter(a -> a.startsWith("--server.port=")).map(a -> a.substring("--server.port=".length()))
          .reduce((first, second) -> second).orElse("${PORT:8080}");
      quiet.add("--commune.public-url=${COMMUNE_PUBLIC_URL:http://localhost:" + port + "}");
    }
    quiet.removeIf(a -> a.startsWith("--server.port=") || a.startsWith("--server.address="));
    quiet.addAll(List.of("--server.port=0", "--server.address=127.0.0.1", "--spring.main.banner-mode=off"));
    return start(quiet.toArray(String[]::new), false);
  }

  private static @Nullable ConfigurableApplicationContext start(String[] args, boolean demo) {
    String argument = dataDirectoryArgument(args);
    DataDirectory dataDirectory = argument != null
        ? new DataDirectory(Path.of(argument))
        : DataDirectory.fromEnvironment(demo ? "data-demo" : "data");
    // First of all: a second Commune on the same data directory stops here, before it touches anything
    // (above all the running instance's PostgreSQL, which would otherwise look like an orphan).
    try {
      dataDirectoryLock = DataDirectoryLock.acquire(dataDirectory);
    } catch (DataDirectoryInUseException e) {
      System.err.println(e.getMessage());
      return null;
    }
    if (embedded(args)) {
      EmbeddedDatabase.startEarly(dataDirectoryLock);
    }
    SpringApplication application = new SpringApplication(Application.class);
    if (demo) {
      application.setAdditionalProfiles("demo");
    }
    return application.run(args);
  }
}
