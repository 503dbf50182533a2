package org.commune.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.commune.members.Role;
import org.commune.testing.RunningCommune;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** One backup file brings back an identical instance: every table and the signing keys. */
class BackupRestoreIT extends RunningCommune {

  /** Backing up the running instance and restoring into an empty directory gives the same data and keys. */
  @Test
  void restoredInstanceIsIdentical() throws Exception {
    member("backed-up", Role.MODERATOR);
    Path dir = Path.of("target/it-backups", UUID.randomUUID().toString());
    Files.createDirectories(dir);
    Path file = dir.resolve("commune.backup");
    Path restoredData = dir.resolve("restored-data");

    Map<String, String> before;
    Map<String, String> after;
    do {
      waitForQuietEvents();
      before = checksums(jdbc);
      assertThat(withDataDir(Path.of(DATA_DIR), () -> BackupCommand.run(new String[] {file.toString()}))).isZero();
      after = checksums(jdbc);
      if (!before.equals(after)) {
        Files.delete(file);
      }
    } while (!before.equals(after));

    assertThat(withDataDir(restoredData, () -> RestoreCommand.run(new String[] {file.toString()}))).isZero();
    assertThat(withDataDir(restoredData, () -> RestoreCommand.run(new String[] {file.toString()})))
        .as("restoring into a directory that holds data is refused").isEqualTo(2);

    try (EmbeddedDatabase restored = EmbeddedDatabase.start(new DataDirectory(restoredData))) {
      PGSimpleDataSource source = new PGSimpleDataSource();
      source.setURL(restored.jdbcUrl());
      assertThat(checksums(JdbcClient.create((DataSource) source))).isEqualTo(before);
    }
    for (String key : new String[] {"log-ed25519.pk8", "log-ed25519.pub"}) {
      assertThat(Files.readAllBytes(restoredData.resolve("keys").resolve(key)))
          .isEqualTo(Files.readAllBytes(Path.of(DATA_DIR, "keys", key)));
    }
  }

  /** A file that is not a backup is refused with a message, and the directory stays empty. */
  @Test
  void refusesSomethingThatIsNotABackup() throws Exception {
    Path dir = Files.createDirectories(Path.of("target/it-backups", UUID.randomUUID().toString()));
    Path notBackup = Files.writeString(dir.resolve("notes.txt"), "hello");
    assertThat(withDataDir(dir.resolve("data"), () -> RestoreCommand.run(new String[] {notBackup.toString()}))).isEqualTo(1);
  }

  private void waitForQuietEvents() {
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
        jdbc.sql("SELECT count(*) FROM event_publication WHERE completion_date IS NULL").query(Long.class).single() == 0);
  }

  /** One checksum per table over all its rows, in a stable order. */
  static Map<String, String> checksums(JdbcClient db) {
    Map<String, String> sums = new TreeMap<>();
    for (String table : db.sql("SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'flyway_schema_history'")
        .query(String.class).list()) {
      sums.put(table, db.sql("SELECT coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM \"" + table + "\" t")
          .query(String.class).single());
    }
    return sums;
  }

  private static int withDataDir(Path dir, java.util.function.IntSupplier command) {
    String previous = System.getProperty(DataDirectory.PROPERTY);
    System.setProperty(DataDirectory.PROPERTY, dir.toString());
    try {
      return command.getAsInt();
    } finally {
      if (previous == null) {
        System.clearProperty(DataDirectory.PROPERTY);
      } else {
        System.setProperty(DataDirectory.PROPERTY, previous);
      }
    }
  }
}
