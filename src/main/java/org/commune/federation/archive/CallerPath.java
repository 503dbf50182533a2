package org.commune.federation.archive;

import java.nio.file.Path;

/** A file named on the command line: the launcher runs from Commune's directory and passes the caller's. */
final class CallerPath {

  private CallerPath() {}

  static Path of(String name) {
    String caller = System.getenv("COMMUNE_CALLER_DIR");
    Path path = Path.of(name);
    return caller == null || path.isAbsolute() ? path.toAbsolutePath() : Path.of(caller).resolve(path).normalize();
  }
}
