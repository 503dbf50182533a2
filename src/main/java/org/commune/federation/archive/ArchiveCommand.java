package org.commune.federation.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.commune.database.DataDirectory;
import org.commune.database.PartialFile;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ./commune archive [--overwrite] FILE}: writes the signed archive of everything public. Commune's
 * services read the articles and the log, so the command starts Commune on the data directory (on loopback,
 * on a free port) the way the server starts, and stops it when the file is written; while a Commune runs on
 * the directory a steward downloads the same archive from {@code /admin/federation/archive} instead.
 */
public final class ArchiveCommand {

  static final String USAGE = "Usage: commune archive [--overwrite] <file>";

  private ArchiveCommand() {}

  /** start: Commune started for a command with these settings, or null when it cannot be (reason printed). */
  public static int run(String[] args, Function<String[], @Nullable ConfigurableApplicationContext> start) {
    boolean overwrite = false;
    @Nullable String name = null;
    List<String> settings = new ArrayList<>();
    for (String arg : args) {
      if (arg.equals("--overwrite")) {
        overwrite = true;
      } else if (arg.startsWith("--") && arg.contains("=")) {
        settings.add(arg); // --commune.data-dir=… and other settings, for Commune
      } else if (!arg.startsWith("--") && name == null) {
        name = arg;
      } else {
        System.err.println(USAGE);
        return 2;
      }
    }
    if (name == null) {
      System.err.println(USAGE);
      return 2;
    }
    Path target = CallerPath.of(name);
    if (Files.isDirectory(target)) {
      System.err.println(target + " is a directory: name the archive file.");
      return 2;
    }
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !overwrite) {
      System.err.println("Not overwriting " + target + ": choose a new file name (or add --overwrite).");
      return 2;
    }
    if (target.getParent() == null || !Files.isDirectory(target.getParent())) {
      System.err.println("No such folder: " + target.getParent());
      return 2;
    }
    if (!hasData(settings)) {
      return 1;
    }
    ConfigurableApplicationContext commune = start.apply(settings.toArray(String[]::new));
    if (commune == null) {
      System.err.println("While Commune runs, a steward downloads the archive from /admin/federation/archive.");
      return 1;
    }
    try (commune) {
      return write(commune.getBean(ArchiveContents.class), target, overwrite);
    }
  }

  /**
   * Starting Commune on a data directory that holds none would set up a new, empty instance: an archive of
   * nothing, and a directory the operator did not ask for. An external database is taken as it is.
   */
  static boolean hasData(List<String> settings) {
    String external = System.getenv("SPRING_DATASOURCE_URL");
    if ((external != null && !external.isBlank()) || settings.stream().anyMatch(s -> s.startsWith("--spring.datasource.url="))) {
      return true;
    }
    String prefix = "--" + DataDirectory.PROPERTY + "=";
    DataDirectory dir = settings.stream().filter(s -> s.startsWith(prefix)).reduce((a, b) -> b)
        .map(s -> new DataDirectory(Path.of(s.substring(prefix.length())))).orElseGet(() -> DataDirectory.fromEnvironment("data"));
    if (!Files.isDirectory(dir.postgres())) {
      System.err.println("No Commune data in " + dir.root().toAbsolutePath() + ": nothing to archive (set COMMUNE_DATA_DIR).");
      return false;
    }
    return true;
  }

  static int write(ArchiveContents contents, Path target, boolean overwrite) {
    Path partial = null;
    try {
      partial = PartialFile.beside(target);
      int articles;
      try (OutputStream out = Files.newOutputStream(partial)) {
        articles = contents.write(out);
      }
      try {
        // Public content: readable by whoever the operator hands it to.
        Files.setPosixFilePermissions(partial, PosixFilePermissions.fromString("rw-r--r--"));
      } catch (UnsupportedOperationException notPosix) {
        // The file system's default applies.
      }
      PartialFile.publish(partial, target, overwrite);
      partial = null;
      System.out.println("Archived " + articles + " articles and the public log to " + target
          + ". Check it with: ./commune verify-archive " + target);
      return 0;
    } catch (FileAlreadyExistsException e) {
      System.err.println("Not overwriting " + target + ": it appeared while the archive was written.");
      return 1;
    } catch (IOException | RuntimeException e) {
      System.err.println("Archive failed: " + e.getMessage());
      return 1;
    } finally {
      PartialFile.discard(partial);
    }
  }
}
