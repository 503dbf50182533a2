package org.commune.database;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;

/**
 * {@code ./commune restore FILE}: brings a backup back into an empty data directory (or an empty
 * external database): builds the schema with the same migrations, loads every table, restores the
 * keys. Refuses to touch a data directory that holds anything.
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
    try {
      if (!isEmpty(dataDirectory.postgres()) || !isEmpty(dataDirectory.keys())) {
        System.err.println(
            "Refusing to restore into " + dataDirectory.root() + ": it already holds data. Choose an empty data"
                + " directory with COMMUNE_DATA_DIR.");
        return 2;
      }
      restore(file, dataDirectory);
      System.out.println("Restored " + file + " into " + dataDirectory.root());
      return 0;
    } catch (IOException | SQLException | RuntimeException e) {
      System.err.println("Restore failed: " + e.getMessage());
      return 1;
    }
  }

  static void restore(Path file, DataDirectory dataDirectory) throws IOException, SQLException {
    try (ZipFile zip = new ZipFile(file.toFile())) {
      Properties manifest = manifest(zip);
      try (DatabaseConnection database = DatabaseConnection.open(dataDirectory)) {
        Flyway flyway = Migrations.flyway(database.dataSource());
        flyway.migrate();
        String version = flyway.info().current() == null ? "" : flyway.info().current().getVersion().getVersion();
        if (!version.equals(manifest.getProperty("schemaVersion"))) {
          throw new IllegalStateException(
              "the backup has schema version " + manifest.getProperty("schemaVersion") + " but this Commune has "
                  + version + ": restore with the Commune version that made the backup");
        }
        try (Connection connection = database.connect()) {
          connection.setAutoCommit(false);
          try (Statement statement = connection.createStatement()) {
            // Load rows as they were, without foreign-key checks or the log's append-only triggers.
            statement.execute("SET session_replication_role = replica");
          }
          PGConnection pg = connection.unwrap(PGConnection.class);
          List<String> tables = Arrays.stream(manifest.getProperty("tables").split(",")).filter(t -> !t.isBlank()).toList();
          for (String table : tables) {
            ZipEntry entry = zip.getEntry(BackupFormat.TABLES + table + ".copy");
            if (entry == null) {
              throw new IllegalStateException("the backup lacks table " + table);
            }
            try (InputStream in = zip.getInputStream(entry)) {
              pg.getCopyAPI().copyIn("COPY " + BackupCommand.quote(table) + " FROM STDIN (FORMAT binary)", in);
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
      }
      Path keys = dataDirectory.ensurePrivate(dataDirectory.keys());
      var entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry entry = entries.nextElement();
        String name = entry.getName();
        if (name.startsWith(BackupFormat.KEYS) && !entry.isDirectory()) {
          String keyName = name.substring(BackupFormat.KEYS.length());
          if (!keyName.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalStateException("unexpected key file name in backup: " + keyName);
          }
          try (InputStream in = zip.getInputStream(entry)) {
            Files.copy(in, keys.resolve(keyName));
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
