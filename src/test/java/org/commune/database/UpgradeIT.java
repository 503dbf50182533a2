package org.commune.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import javax.sql.DataSource;
import org.flywaydb.core.api.MigrationInfo;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Upgrading what the previous release made: {@code upgrade/previous-release.backup} is a backup that
 * the previous release (commit c2906ab, {@code ./commune demo}, then {@code ./commune backup}) wrote.
 * This release restores it, runs its own later migrations on it, and finds the data. When a release
 * ships, replace the file with a backup made by that release (docs/architecture.md, "Migrations").
 */
class UpgradeIT {

  static final Path FIXTURE = Path.of("src/test/resources/upgrade/previous-release.backup");
  /** The previous release's last migration, as recorded in the fixture's manifest. */
  static final String PREVIOUS_VERSION = "20261128.0500";

  @Test
  void aBackupOfThePreviousReleaseIsRestoredAndUpgraded() throws Exception {
    Path data = Path.of("target/it-upgrade", UUID.randomUUID().toString(), "data");
    Files.createDirectories(data.getParent());
    String previous = System.getProperty(DataDirectory.PROPERTY);
    System.setProperty(DataDirectory.PROPERTY, data.toString());
    try {
      assertThat(RestoreCommand.run(new String[] {FIXTURE.toString()})).isZero();
    } finally {
      if (previous == null) {
        System.clearProperty(DataDirectory.PROPERTY);
      } else {
        System.setProperty(DataDirectory.PROPERTY, previous);
      }
    }
    try (EmbeddedDatabase database = EmbeddedDatabase.start(new DataDirectory(data))) {
      PGSimpleDataSource source = new PGSimpleDataSource();
      source.setURL(database.jdbcUrl());
      JdbcClient jdbc = JdbcClient.create((DataSource) source);
      var flyway = Migrations.flyway(source);
      flyway.validate();
      MigrationInfo[] applied = flyway.info().applied();
      assertThat(Arrays.stream(applied).map(m -> m.getVersion().getVersion()))
          .as("this release's later migrations ran on the old data").contains(PREVIOUS_VERSION)
          .anyMatch(v -> v.compareTo(PREVIOUS_VERSION) > 0);
      assertThat(flyway.info().pending()).isEmpty();

      // The demo organisation, its members, proposals and public log, as the previous release left them.
      assertThat(jdbc.sql("SELECT count(*) FROM organisation").query(Long.class).single()).isEqualTo(1);
      assertThat(jdbc.sql("SELECT count(*) FROM member").query(Long.class).single()).isGreaterThan(3);
      assertThat(jdbc.sql("SELECT count(*) FROM proposal").query(Long.class).single()).isGreaterThan(0);
      assertThat(jdbc.sql("SELECT count(*) FROM log_entry").query(Long.class).single()).isGreaterThan(5);
      assertThat(jdbc.sql("SELECT count(*) FROM public_name_consent").query(Long.class).single()).isZero();
    }
    assertThat(data.resolve("keys").resolve(InstanceKeys.FILE)).exists();
  }

  /**
   * An event the previous release stored but had not appended to the log yet (its listener was
   * {@code AppendToLog.on(MemberJoined)}) goes to the one listener that replaced those.
   */
  @Test
  void aPendingLogEventOfThePreviousReleaseGoesToTheNewListener() throws Exception {
    Path data = Path.of("target/it-upgrade", UUID.randomUUID().toString(), "data");
    try (EmbeddedDatabase database = EmbeddedDatabase.start(new DataDirectory(data))) {
      PGSimpleDataSource source = new PGSimpleDataSource();
      source.setURL(database.jdbcUrl());
      JdbcClient jdbc = JdbcClient.create((DataSource) source);
      Migrations.flyway(source, PREVIOUS_VERSION).migrate();
      String pending = "INSERT INTO event_publication (id, listener_id, event_type, serialized_event, publication_date, "
          + "completion_date) VALUES (:id, :listener, 'org.commune.members.MemberJoined', '{}', now(), :done)";
      UUID waiting = UUID.randomUUID();
      UUID done = UUID.randomUUID();
      String old = "org.commune.transparency.AppendToLog.on(org.commune.members.MemberJoined)";
      jdbc.sql(pending).param("id", waiting).param("listener", old).param("done", null).update();
      jdbc.sql(pending).param("id", done).param("listener", old).param("done", Timestamp.from(Instant.EPOCH))
          .update();
      Migrations.flyway(source).migrate();
      String listener = "SELECT listener_id FROM event_publication WHERE id = :id";
      assertThat(jdbc.sql(listener).param("id", waiting).query(String.class).single())
          .isEqualTo(PUBLIC_FACT_LISTENER);
      assertThat(jdbc.sql(listener).param("id", done).query(String.class).single()).as("history stays").isEqualTo(old);
    }
  }

  /** Spring's id of the log's one listener, as the event publication registry stores it (PublicFactsIT checks it). */
  static final String PUBLIC_FACT_LISTENER = "org.commune.transparency.AppendToLog.on(org.commune.transparency.PublicFact)";
}
