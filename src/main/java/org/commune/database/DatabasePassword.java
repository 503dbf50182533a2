package org.commune.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;

/**
 * The embedded PostgreSQL's superuser password. Without one, the server trusted every connection from
 * this machine, so any local Unix user became its superuser and could read the instance and signing
 * keys through it (found by an attacker review). A random password is made on first start in
 * {@code keys/database.password} (owner-only), set on the role, and the server's {@code pg_hba.conf}
 * is switched from {@code trust} to {@code scram-sha-256} — also for a data directory made by an
 * earlier release, at its first start under this one.
 */
final class DatabasePassword {

  static final String FILE = "database.password";

  private DatabasePassword() {}

  /** The file holding the password (made on first use); initdb reads it for a new cluster. */
  static Path file(DataDirectory dataDirectory) {
    of(dataDirectory);
    return dataDirectory.keys().resolve(FILE);
  }

  /** The password, made on first use (base64url: safe in a JDBC URL and an SQL literal). */
  static String of(DataDirectory dataDirectory) {
    Path file = dataDirectory.ensurePrivate(dataDirectory.keys()).resolve(FILE);
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
      }
      byte[] random = new byte[24];
      new SecureRandom().nextBytes(random);
      String fresh = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      Files.writeString(file, fresh + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
      DataDirectory.ownerOnly(file);
      return fresh;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or write the database password " + file, e);
    }
  }

  /**
   * While the server still trusts local connections: sets the password on the role, then requires it
   * for every connection (TCP and socket) and reloads the configuration. Does nothing once done.
   */
  static void require(DataDirectory dataDirectory, String jdbcUrlWithPassword, String password) {
    Path hba = dataDirectory.postgres().resolve("pg_hba.conf");
    try {
      String conf = Files.readString(hba, StandardCharsets.UTF_8);
      if (!trusts(conf)) {
        return;
      }
      try (Connection connection = DriverManager.getConnection(jdbcUrlWithPassword);
          Statement statement = connection.createStatement()) {
        statement.execute("SET password_encryption = 'scram-sha-256'");
        statement.execute("ALTER ROLE postgres PASSWORD '" + password.replace("'", "''") + "'");
        StringBuilder secured = new StringBuilder();
        for (String line : conf.split("\n", -1)) {
          String stripped = line.strip();
          secured.append(stripped.startsWith("#") || stripped.isEmpty() ? line
              : line.replaceAll("\\btrust\\s*$", "scram-sha-256")).append('\n');
        }
        Path fresh = hba.resolveSibling("pg_hba.conf.new");
        Files.writeString(fresh, secured.toString().stripTrailing() + "\n", StandardCharsets.UTF_8);
        Files.move(fresh, hba, StandardCopyOption.REPLACE_EXISTING,
            StandardCopyOption.ATOMIC_MOVE);
        statement.execute("SELECT pg_reload_conf()");
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot secure " + hba, e);
    } catch (SQLException e) {
      throw new IllegalStateException("Cannot set the embedded PostgreSQL's password: " + e.getMessage(), e);
    }
  }

  static boolean trusts(String hbaConf) {
    return hbaConf.lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
        .anyMatch(l -> l.matches(".*\\btrust$"));
  }
}
