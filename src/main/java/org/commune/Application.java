package org.commune;

import java.util.Arrays;
import org.commune.database.BackupCommand;
import org.commune.database.RestoreCommand;
import org.commune.governance.TallyCommand;
import org.commune.transparency.VerifyLogCommand;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.modulith.Modulithic;
import org.springframework.scheduling.annotation.EnableAsync;

/**
 * Commune's entry point. Without arguments it serves; the launcher script passes a command name
 * for the offline tools (verifying a log, backing up, restoring) so that they run from the same
 * jar without starting the web server.
 */
@Modulithic
@SpringBootApplication
@EnableAsync
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
          default -> {
            if (command.startsWith("--")) {
              yield serve(args, false);
            }
            System.err.println("Unknown command: " + command);
            System.err.println("Commands: serve, demo, verify-log <base-url>, backup <file>, restore <file>, tally <file>");
            yield 2;
          }
        };
    if (exit >= 0) {
      System.exit(exit);
    }
  }

  private static int serve(String[] args, boolean demo) {
    SpringApplication application = new SpringApplication(Application.class);
    if (demo) {
      application.setAdditionalProfiles("demo");
    }
    application.run(args);
    return -1; // keep running: the web server owns the process now
  }
}
