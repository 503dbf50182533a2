package org.commune.database;

import static org.assertj.core.api.Assertions.assertThat;
import static org.commune.testing.CommandDataDir.withDataDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;
import java.util.function.IntSupplier;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.commune.members.Role;
import org.commune.testing.RunningCommune;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One backup file brings back an identical instance: every table and every key (the log's signing
 * key, the instance key). The file is owner-only; a failed restore leaves nothing half-built.
 */
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
    // The instance key opens values encrypted at rest: without it a restored instance could not read them.
    for (String key : new String[] {"log-ed25519.pk8", "log-ed25519.pub", InstanceKeys.FILE}) {
      assertThat(Files.readAllBytes(restoredData.resolve("keys").resolve(key)))
          .isEqualTo(Files.readAllBytes(Path.of(DATA_DIR, "keys", key)));
    }
    assertThat(mode(restoredData.resolve("keys").resolve(InstanceKeys.FILE))).isEqualTo("rw-------");
    assertThat(mode(file)).as("a backup holds password hashes and keys: owner only").isEqualTo("rw-------");
  }

  /** An existing file is never replaced by accident; asked to, the new file is still owner-only. */
  @Test
  void backupFileIsOwnerOnlyAndNotOverwrittenUnlessAsked() throws Exception {
    Path dir = Files.createDirectories(Path.of("target/it-backups", UUID.randomUUID().toString()));
    Path existing = Files.writeString(dir.resolve("precious.backup"), "keep me");
    Files.setPosixFilePermissions(existing, PosixFilePermissions.fromString("rw-r--r--"));
    assertThat(withDataDir(Path.of(DATA_DIR), () -> BackupCommand.run(new String[] {existing.toString()}))).isEqualTo(2);
    assertThat(Files.readString(existing)).isEqualTo("keep me");

    assertThat(withDataDir(Path.of(DATA_DIR), () -> BackupCommand.run(new String[] {"--overwrite", existing.toString()})))
        .isZero();
    assertThat(mode(existing)).isEqualTo("rw-------");
    assertThat(Files.size(existing)).isGreaterThan(100);
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).containsExactly("precious.backup");
    }
  }

  /**
   * A restore that fails halfway (a table cut short in the file, after the cluster was built and the
   * schema migrated) or at once (a truncated file) leaves the target as it was, so that the next try
   * with a good file works.
   */
  @Test
  void failedRestoreLeavesTheTargetUsable() throws Exception {
    member("restored-after-failure", Role.MEMBER);
    Path dir = Files.createDirectories(Path.of("target/it-backups", UUID.randomUUID().toString()));
    Path good = dir.resolve("good.backup");
    waitForQuietEvents();
    assertThat(withDataDir(Path.of(DATA_DIR), () -> BackupCommand.run(new String[] {good.toString()}))).isZero();

    Path damaged = dir.resolve("damaged-table.backup");
    try (ZipFile in = new ZipFile(good.toFile());
        ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(damaged))) {
      for (ZipEntry entry : Collections.list(in.entries())) {
        byte[] bytes = in.getInputStream(entry).readAllBytes();
        if (entry.getName().equals("tables/member.copy")) {
          bytes = Arrays.copyOf(bytes, bytes.length / 2);
        }
        out.putNextEntry(new ZipEntry(entry.getName()));
        out.write(bytes);
        out.closeEntry();
      }
    }
    Path truncated = dir.resolve("truncated.backup");
    byte[] whole = Files.readAllBytes(good);
    Files.write(truncated, Arrays.copyOf(whole, whole.length / 2));

    Path target = dir.resolve("data");
    String[] failure = new String[1];
    assertThat(withDataDir(target, () -> captureErr(failure, () -> RestoreCommand.run(new String[] {damaged.toString()}))))
        .isEqualTo(1);
    assertThat(failure[0]).contains("member").contains("damaged or truncated").contains("left as it was");
    assertThat(target).doesNotExist();
    assertNoStagingLeft(dir);

    Files.createDirectories(target); // an operator's empty directory stays empty
    assertThat(withDataDir(target, () -> captureErr(failure, () -> RestoreCommand.run(new String[] {truncated.toString()}))))
        .isEqualTo(1);
    assertThat(failure[0]).contains("not a readable backup");
    assertThat(target).isEmptyDirectory();
    assertThat(withDataDir(target, () -> RestoreCommand.run(new String[] {damaged.toString()}))).isEqualTo(1);
    try (Stream<Path> left = Files.list(target)) {
      assertThat(left.map(f -> f.getFileName().toString())).doesNotContain("postgres", "keys");
    }
    assertNoStagingLeft(dir);

    assertThat(withDataDir(target, () -> RestoreCommand.run(new String[] {good.toString()}))).as("the retry works").isZero();
    try (EmbeddedDatabase restored = EmbeddedDatabase.start(new DataDirectory(target))) {
      PGSimpleDataSource source = new PGSimpleDataSource();
      source.setURL(restored.jdbcUrl());
      assertThat(JdbcClient.create((DataSource) source).sql("SELECT count(*) FROM member WHERE username = 'restored-after-failure'")
          .query(Long.class).single()).isEqualTo(1);
    }
  }

  private static void assertNoStagingLeft(Path dir) throws Exception {
    try (Stream<Path> files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString())).noneMatch(name -> name.contains(".restoring-"));
    }
  }

  private static int captureErr(String[] into, IntSupplier command) {
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      return command.getAsInt();
    } finally {
      System.setErr(err);
      into[0] = captured.toString(StandardCharsets.UTF_8);
      err.print(into[0]);
    }
  }

  private static String mode(Path file) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
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
}
