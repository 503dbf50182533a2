package org.commune.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.commune.testing.RunningCommune;
import org.junit.jupiter.api.Test;

/**
 * Another user on the same machine (or anything that reaches localhost) tries the embedded PostgreSQL:
 * before, it trusted every local connection, so any Unix user was its superuser and could read the
 * instance and signing keys through {@code pg_read_binary_file} (found by an attacker review).
 */
class EmbeddedDatabasePasswordIT extends RunningCommune {

  @Test
  void theEmbeddedDatabaseWantsItsPassword() throws Exception {
    Path data = Path.of(DATA_DIR);
    int port = Integer.parseInt(Files.readString(data.resolve("run/postgres.port")).strip());
    String url = "jdbc:postgresql://localhost:" + port + "/postgres?user=postgres";
    assertThatThrownBy(() -> DriverManager.getConnection(url).close()).as("no password")
        .isInstanceOf(SQLException.class).hasMessageContaining("password");
    assertThatThrownBy(() -> DriverManager.getConnection(url + "&password=guess").close()).as("a guess")
        .isInstanceOf(SQLException.class);
    Path passwordFile = data.resolve("keys").resolve(DatabasePassword.FILE);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");
    try (Connection owner = DriverManager.getConnection(url + "&password=" + Files.readString(passwordFile).strip())) {
      assertThat(owner.isValid(2)).isTrue();
    }
    assertThat(DatabasePassword.trusts(Files.readString(data.resolve("postgres/pg_hba.conf")))).isFalse();
  }

  @Test
  void trustLinesAreRecognised() {
    assertThat(DatabasePassword.trusts("# comment trust\nhost all all 127.0.0.1/32 trust\n")).isTrue();
    assertThat(DatabasePassword.trusts("local all all scram-sha-256\nhost all all ::1/128 scram-sha-256")).isFalse();
  }
}
