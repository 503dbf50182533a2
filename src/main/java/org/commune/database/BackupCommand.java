package org.commune.database;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.nio.file.Files;
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
 * every table (one consistent snapshot, taken while Commune may be running) and the signing keys.
 */
public final class BackupCommand {

  private BackupCommand() {}

  public static int run(String[] args) {
    if (args.length != 1) {
      System.err.println("Usage: commune backup <file>");
      return 2;
    }
    Path target = Path.of(args[0]).toAbsolutePath();
    if (Files.exists(target)) {
      System.err.println("Not overwriting " + target + ": choose a new file name.");
      return 2;
    }
    DataDirectory dataDirectory = DataDirectory.fromEnvironment("data");
    try (DatabaseConnection database = DatabaseConnection.open(dataDirectory)) {
      Path partial = target.resolveSibling(target.getFileName() + ".partial");
      int tables = write(database, dataDirectory, partial);
      Files.move(partial, target);
      System.out.println("Backed up " + tables + " tables and the keys of " + dataDirectory.root() + " to " + target);
      return 0;
    } catch (IOException | SQLException | RuntimeException e) {
      System.err.println("Backup failed: " + e.getMessage());
      return 1;
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
      if (Files.isDirectory(dataDirectory.keys())) {
        try (Stream<Path> keys = Files.list(dataDirectory.keys())) {
          for (Path key : keys.filter(Files::isRegularFile).sorted().toList()) {
            zip.putNextEntry(new ZipEntry(BackupFormat.KEYS + key.getFileName()));
            Files.copy(key, zip);
            zip.closeEntry();
          }
        }
      }
      zip.putNextEntry(new ZipEntry(BackupFormat.MANIFEST));
      StringWriter text = new StringWriter();
      manifest.store(text, "Commune backup");
      zip.write(text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
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
