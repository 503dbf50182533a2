package org.commune.database;

import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.postgresql.PGConnection;

/**
 * {@code ./commune backup FILE}: writes one file with everything needed to bring the instance back:
 * every table (one consistent snapshot, taken while Commune may be running) and the data directory's
 * keys. The file is readable by its owner only; an existing file is replaced only with --overwrite.
 */
public final class BackupCommand {

  private BackupCommand() {}

  public static int run(String[] args) {
    boolean overwrite = args.length == 2 && args[0].equals("--overwrite");
    if (args.length != 1 && !overwrite) {
      System.err.println("Usage: commune backup [--overwrite] <file>");
      return 2;
    }
    Path target = Path.of(args[args.length - 1]).toAbsolutePath();
    if (Files.exists(target, LinkOption.NOFOLLOW_LINKS) && !overwrite) {
      System.err.println("Not overwriting " + target + ": choose a new file name (or add --overwrite).");
      return 2;
    }
    if (Files.isDirectory(target)) {
      System.err.println(target + " is a directory: name the backup file.");
      return 2;
    }
    DataDirectory dataDirectory = DataDirectory.fromEnvironment("data");
    Path partial = null;
    try (DatabaseConnection database = DatabaseConnection.open(dataDirectory)) {
      partial = PartialFile.beside(target);
      int tables = write(database, dataDirectory, partial);
      PartialFile.publish(partial, target, overwrite);
      partial = null;
      System.out.println("Backed up " + tables + " tables and the keys of " + dataDirectory.root() + " to " + target);
      return 0;
    } catch (IOException | SQLException | RuntimeException e) {
      System.err.println("Backup failed: " + e.getMessage());
      return 1;
    } finally {
      PartialFile.discard(partial);
    }
  }

  static int write(DatabaseConnection database, DataDirectory dataDirectory, Path file) throws IOException, SQLException {
    try (Connection connection = database.connect();
        OutputStream out = new BufferedOutputStream(Files.newOutputStream(file));
        ZipOutputStream zip = new ZipOutputStream(out)) {
      connection.setAutoCommit(false);
      try (Statement statement = connection.createStatement()) {
        // One snapshot for every table: the backup is consistent even while members keep working.
        statement.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
      }
      List<String> tables = tablesInRestoreOrder(connection);
      Properties manifest = new Properties();
      manifest.setProperty("format", BackupFormat.FORMAT);
      manifest.setProperty("created", Instant.now().toString());
      manifest.setProperty("schemaVersion", schemaVersion(connection));
      manifest.setProperty("tables", String.join(",", tables));
      addSequences(connection, manifest);
      PGConnection pg = connection.unwrap(PGConnection.class);
      for (String table : tables) {
        zip.putNextEntry(new ZipEntry(BackupFormat.TABLES + table + ".copy"));
        pg.getCopyAPI().copyOut("COPY " + quote(table) + " TO STDOUT (FORMAT binary)", zip);
        zip.closeEntry();
      }
      connection.commit();
      // The whole keys/ folder, subfolders too: the log's signing key, the instance key that opens
      // values encrypted at rest, and whatever state is kept beside them.
      Path keyDir = dataDirectory.keys();
      if (Files.isDirectory(keyDir)) {
        try (Stream<Path> keys = Files.walk(keyDir)) {
          // Not the database password: it belongs to this machine's server (a restore makes its own).
          for (Path key : keys.filter(Files::isRegularFile)
              .filter(k -> !k.equals(keyDir.resolve(DatabasePassword.FILE))).sorted().toList()) {
            String relative = keyDir.relativize(key).toString().replace(File.separatorChar, '/');
            zip.putNextEntry(new ZipEntry(BackupFormat.KEYS + relative));
            Files.copy(key, zip);
            zip.closeEntry();
          }
        }
      }
      zip.putNextEntry(new ZipEntry(BackupFormat.MANIFEST));
      StringWriter text = new StringWriter();
      manifest.store(text, "Commune backup");
      zip.write(text.toString().getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
      return tables.size();
    }
  }

  /** Tables of the public schema, parents before the tables that reference them. */
  static List<String> tablesInRestoreOrder(Connection connection) throws SQLException {
    List<String> all = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> '"
                + BackupFormat.SCHEMA_HISTORY + "' ORDER BY tablename")) {
      while (rs.next()) {
        all.add(rs.getString(1));
      }
    }
    // Restore runs with foreign-key triggers off, so order matters only for readability.
    return all;
  }

  private static String schemaVersion(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(
            "SELECT version FROM " + BackupFormat.SCHEMA_HISTORY
                + " WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC LIMIT 1")) {
      return rs.next() ? rs.getString(1) : "";
    }
  }

  private static void addSequences(Connection connection, Properties manifest) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rs = statement.executeQuery(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public' AND last_value IS NOT NULL")) {
      while (rs.next()) {
        manifest.setProperty("sequence." + rs.getString(1), Long.toString(rs.getLong(2)));
      }
    }
  }

  static String quote(String identifier) {
    if (!identifier.matches("[a-z_][a-z0-9_]*")) {
      throw new IllegalArgumentException("unexpected table name " + identifier);
    }
    return "\"" + identifier + "\"";
  }
}
