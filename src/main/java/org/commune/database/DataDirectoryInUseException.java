package org.commune.database;

import java.util.Optional;

/** Another Commune (or an offline command) holds the data directory's lock: this one must not touch it. */
public final class DataDirectoryInUseException extends IllegalStateException {

  DataDirectoryInUseException(DataDirectory directory, Optional<Long> holder) {
    super("Another Commune is running on this data directory ("
        + holder.map(pid -> "pid " + pid).orElse("pid unknown") + "): " + directory.root()
        + ". Nothing was changed. Stop it first, or choose another data directory with COMMUNE_DATA_DIR.");
  }
}
