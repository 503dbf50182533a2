package org.commune.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where the shared reference data lives (../shared), for tests that read it. */
public final class SharedPaths {

  private SharedPaths() {}

  public static Optional<Path> shared() {
    Path path = Path.of(System.getProperty("commune.shared", "../shared"));
    return Files.isDirectory(path) ? Optional.of(path) : Optional.empty();
  }
}
