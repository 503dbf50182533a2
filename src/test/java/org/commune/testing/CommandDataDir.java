package org.commune.testing;

import java.nio.file.Path;
import java.util.function.IntSupplier;
import org.commune.database.DataDirectory;

/** Runs an offline command (backup, restore) on a given data directory, as COMMUNE_DATA_DIR would choose it. */
public final class CommandDataDir {

  private CommandDataDir() {}

  public static int withDataDir(Path dir, IntSupplier command) {
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
