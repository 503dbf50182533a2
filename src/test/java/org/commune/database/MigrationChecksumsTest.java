package org.commune.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Committed migrations are frozen: an existing data directory has run them, and Flyway refuses to
 * start when a script it ran has changed. {@code src/test/resources/migrations.sha256} pins every
 * migration's SHA-256 ({@code sha256sum} format); a change goes into a new migration instead.
 */
class MigrationChecksumsTest {

  static final Path RESOURCES = Path.of("src/main/resources");
  static final Path MIGRATIONS = RESOURCES.resolve(Migrations.ROOT);
  static final Path PINNED = Path.of("src/test/resources/migrations.sha256");

  static final String HOW =
      "\nA committed migration never changes: put the change in a new migration instead. After adding a new one, "
          + "pin it: (cd src/main/resources && sha256sum db/migration/<module>/<file>.sql) >> " + PINNED;

  @Test
  void committedMigrationsAreUnchangedAndNewOnesArePinned() throws IOException {
    Map<String, String> pinned = pinned();
    Map<String, String> present = present();
    List<String> problems = new ArrayList<>();
    pinned.forEach((file, sum) -> {
      if (!present.containsKey(file)) {
        problems.add(file + " was removed or renamed");
      } else if (!present.get(file).equals(sum)) {
        problems.add(file + " changed after it was committed");
      }
    });
    present.keySet().stream().filter(file -> !pinned.containsKey(file))
        .forEach(file -> problems.add(file + " is not pinned yet"));
    assertThat(problems).as(String.join("\n", problems) + HOW).isEmpty();
  }

  /** Every folder that holds migrations is one the server runs. */
  @Test
  void everyMigrationFolderIsDiscovered() throws IOException {
    List<String> folders;
    try (Stream<Path> entries = Files.list(MIGRATIONS)) {
      folders = entries.filter(Files::isDirectory).map(f -> "classpath:" + Migrations.ROOT + f.getFileName()).toList();
    }
    assertThat(Migrations.locations()).containsExactlyInAnyOrderElementsOf(folders).hasSizeGreaterThanOrEqualTo(6);
  }

  private static Map<String, String> pinned() throws IOException {
    Map<String, String> pinned = new TreeMap<>();
    for (String line : Files.readAllLines(PINNED)) {
      if (!line.isBlank()) {
        String[] parts = line.strip().split("\\s+\\*?", 2);
        pinned.put(parts[1], parts[0]);
      }
    }
    return pinned;
  }

  private static Map<String, String> present() throws IOException {
    Map<String, String> present = new TreeMap<>();
    try (Stream<Path> files = Files.walk(MIGRATIONS)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        present.put(RESOURCES.relativize(file).toString().replace('\\', '/'), sha256(Files.readAllBytes(file)));
      }
    }
    return present;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
