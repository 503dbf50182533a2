package org.commune.database;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;

/**
 * {@code ./commune restore FILE}: brings a backup back into an empty data directory (or an empty
 * external database): builds the schema with the same migrations, loads every table, restores the
 * keys. Refuses to touch a data directory that holds anything or that a running Commune holds. The
 * new directory is built beside the target and renamed into place only when complete.
 */
public final class RestoreCommand {

  private RestoreCommand() {}

  public static int run(String[] args) {
    if (args.length != 1) {
      System.err.println("Usage: commune restore <file>");
      return 2;
    }
    Path file = Path.of(args[0]).toAbsolutePath();
    if (!Files.isRegularFile(file)) {
      System.err.println("No backup file at " + file);
      return 2;
    }
    DataDirectory dataDirectory = DataDirectory.fromEnvironment("data");
    Path target = dataDirectory.root();
    DataDirectoryLock targetLock = null;
    boolean lockFileWasThere = Files.exists(dataDirectory.lockFile());
    Path staging = null;
    try {
      if (Files.exists(target)) {
        // Nothing may start on the directory while it is restored, and nothing running may be replaced.
        targetLock = DataDirectoryLock.acquire(dataDirectory);
        if (!isEmpty(dataDirectory.postgres()) || !isEmpty(dataDirectory.keys())) {
          System.err.println(
              "Refusing to restore into " + target + ": it already holds data. Choose an empty data"
                  + " directory with COMMUNE_DATA_DIR.");
          return 2;
        }
      }
      // Built next to the target and moved into place only when complete: a restore that fails
      // halfway leaves the target as it was, so that the next try can use it.
      staging = target.resolveSibling("." + target.getFileName() + ".restoring-" + UUID.randomUUID());
      DataDirectory building = new DataDirectory(staging);
      building.ensurePrivate(staging);
      restore(file, building);
      moveIntoPlace(staging, target);
      staging = null;
      System.out.println("Restored " + file + " into " + target);
      return 0;
    } catch (DataDirectoryInUseException e) {
      System.err.println("Restore refused: " + e.getMessage());
      return 1;
    } catch (ZipException e) {
      System.err.println("Restore failed: " + file + " is not a readable backup (truncated or damaged: "
          + e.getMessage() + "). " + target + " was left as it was.");
      return 1;
    } catch (IOException | SQLException | RuntimeException e) {
      System.err.println("Restore failed: " + e.getMessage() + ". " + target + " was left as it was.");
      return 1;
    } finally {
      if (staging != null) {
        deleteRecursively(staging);
      }
      if (targetLock != null) {
        if (!lockFileWasThere && staging != null) {
          // Failed: leave the directory as it was, without the lock file this restore added.
          deleteRecursively(dataDirectory.lockFile());
        }
        targetLock.close();
      }
    }
  }

  /**
   * Replaces the (empty) target with the finished directory in one rename. What an empty target may
   * still hold (its lock file, the extracted PostgreSQL binaries, a stale port file) is removed first.
   */
  private static void moveIntoPlace(Path staging, Path target) throws IOException {
    if (Files.exists(target)) {
      for (String leftover : new String[] {DataDirectoryLock.FILE, "run", ".pg-binaries", "postgres", "keys"}) {
        deleteRecursively(target.resolve(leftover));
      }
    }
    try {
      Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
    } catch (DirectoryNotEmptyException | FileAlreadyExistsException e) {
      throw new IllegalStateException("something was written into " + target + " during the restore", e);
    }
  }

  private static void deleteRecursively(Path path) {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> all = Files.walk(path)) {
      for (Path each : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(each);
      }
    } catch (IOException e) {
      System.err.println("Could not remove " + path + ": " + e.getMessage());
    }
  }

  static void restore(Path file, DataDirectory dataDirectory) throws IOException, SQLException {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      Properties manifest = manifest(zip);
      try (DatabaseConnection database = DatabaseConnection.open(dataDirectory)) {
        // The schema as the backup's release left it: its rows go in as they were, then this release's
        // later migrations upgrade them, exactly as they upgrade a data directory of that release.
        String backupVersion = manifest.getProperty("schemaVersion", "");
        Flyway all = Migrations.flyway(database.dataSource());
        boolean known = Arrays.stream(all.info().all())
            .anyMatch(m -> m.getVersion() != null && m.getVersion().getVersion().equals(backupVersion));
        if (!known) {
          throw new IllegalStateException("the backup has schema version " + backupVersion
              + ", which this Commune does not know: restore with the Commune version that made the backup, or a newer one");
        }
        Migrations.flyway(database.dataSource(), backupVersion).migrate();
        try (Connection connection = database.connect()) {
          connection.setAutoCommit(false);
          try (Statement statement = connection.createStatement()) {
            // Load rows as they were, without foreign-key checks or the log's append-only triggers.
            statement.execute("SET session_replication_role = replica");
          }
          PGConnection pg = connection.unwrap(PGConnection.class);
          List<String> tables = Arrays.stream(manifest.getProperty("tables").split(",")).filter(t -> !t.isBlank()).toList();
          try (Statement statement = connection.createStatement()) {
            // Migrations may seed rows (settings with one row); the backup's rows replace them.
            for (String table : tables) {
              statement.execute("DELETE FROM " + BackupCommand.quote(table));
            }
          }
          for (String table : tables) {
            ZipEntry entry = zip.getEntry(BackupFormat.TABLES + table + ".copy");
            if (entry == null) {
              throw new IllegalStateException("the backup lacks table " + table);
            }
            try (InputStream in = zip.getInputStream(entry)) {
              pg.getCopyAPI().copyIn("COPY " + BackupCommand.quote(table) + " FROM STDIN (FORMAT binary)", in);
            } catch (SQLException | IOException damaged) {
              throw new IllegalStateException(
                  "table " + table + " in the backup is damaged or truncated (" + damaged.getMessage() + ")", damaged);
            }
          }
          for (String name : manifest.stringPropertyNames()) {
            if (name.startsWith("sequence.")) {
              try (var statement = connection.prepareStatement("SELECT setval(?, ?)")) {
                statement.setString(1, BackupCommand.quote(name.substring("sequence.".length())));
                statement.setLong(2, Long.parseLong(manifest.getProperty(name)));
                statement.execute();
              }
            }
          }
          connection.commit();
        }
        all.migrate();
      }
      Path keys = dataDirectory.ensurePrivate(dataDirectory.keys());
      var entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        String name = entry.getName();
        if (name.startsWith(BackupFormat.KEYS) && !entry.isDirectory()) {
          String keyName = name.substring(BackupFormat.KEYS.length());
          // Names only from this alphabet, no "." or ".." segments: a crafted backup writes nowhere else.
          if (!keyName.matches("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*")
              || keyName.contains("..")) {
            throw new IllegalStateException("unexpected key file name in backup: " + keyName);
          }
          if (keyName.equals(DatabasePassword.FILE)) {
            continue; // the restored server has its own password, set when it was made
          }
          Path keyFile = keys.resolve(keyName);
          dataDirectory.ensurePrivate(keyFile.getParent());
          try (InputStream in = zip.getInputStream(entry);
              OutputStream out = Files.newOutputStream(keyFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            DataDirectory.ownerOnly(keyFile);
            in.transferTo(out);
          }
        }
      }
    }
  }


  private static Properties manifest(ZipFile zip) throws IOException {
    ZipEntry entry = zip.getEntry(BackupFormat.MANIFEST);
    if (entry == null) {
      throw new IllegalStateException("not a Commune backup (no manifest)");
    }
    Properties manifest = new Properties();
    try (InputStream in = zip.getInputStream(entry)) {
      manifest.load(new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
    }
    if (!BackupFormat.FORMAT.equals(manifest.getProperty("format"))) {
      throw new IllegalStateException("unknown backup format " + manifest.getProperty("format"));
    }
    return manifest;
  }

  private static boolean isEmpty(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return true;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.findAny().isEmpty();
    }
  }
}
