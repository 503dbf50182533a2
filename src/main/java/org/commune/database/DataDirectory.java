package org.commune.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The directory that holds everything an instance owns on disk: the PostgreSQL cluster, the signing
 * keys and (later) search indexes. One directory, so that backing it up is one decision.
 */
public record DataDirectory(Path root) {

  /** The property that names the data directory; the environment variable COMMUNE_DATA_DIR sets it. */
  public static final String PROPERTY = "commune.data-dir";

  public DataDirectory {
    root = root.toAbsolutePath().normalize();
  }

  /** The data directory chosen by system property, environment, or the default {@code ./data}. */
  public static DataDirectory fromEnvironment(String fallback) {
    String configured = System.getProperty(PROPERTY);
    if (configured == null || configured.isBlank()) {
      configured = System.getenv("COMMUNE_DATA_DIR");
    }
    return new DataDirectory(Path.of(configured == null || configured.isBlank() ? fallback : configured));
  }

  public Path postgres() {
    return root.resolve("postgres");
  }

  public Path keys() {
    return root.resolve("keys");
  }

  /** Where the extracted PostgreSQL binaries are kept between runs (not part of a backup). */
  public Path binaries() {
    return root.resolve(".pg-binaries");
  }

  /** Locked by the one process that uses this directory (see {@link DataDirectoryLock}). */
  public Path lockFile() {
    return root.resolve(DataDirectoryLock.FILE);
  }

  /** Files that tell the offline commands how to reach a running instance's database. */
  public Path portFile() {
    return root.resolve("run").resolve("postgres.port");
  }

  /** Creates a private subdirectory (owner-only permissions where the file system supports it). */
  public Path ensurePrivate(Path dir) {
    try {
      Files.createDirectories(dir);
      try {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
      } catch (UnsupportedOperationException ignored) {
        // Not a POSIX file system: rely on the platform's defaults.
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + dir, e);
    }
  }

  /**
   * Makes a file readable and writable by its owner only. On a file system without POSIX permissions
   * (not Linux or macOS) there is nothing to set: the platform's defaults apply.
   */
  public static void ownerOnly(Path file) throws IOException {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException notPosix) {
      // Nothing to set on this file system.
    }
  }
}
