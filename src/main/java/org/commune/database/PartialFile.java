package org.commune.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.jspecify.annotations.Nullable;

/**
 * How the commands write a file a person named (a backup, an archive): into a new partial file beside it,
 * moved into place only once complete, so that a failed run never leaves a half-written file under the name.
 */
public final class PartialFile {

  private PartialFile() {}

  /**
   * A new, empty file beside the target, readable by the owner only from the moment it exists (a backup
   * holds password hashes and keys; an archive is made readable once complete).
   */
  public static Path beside(Path target) throws IOException {
    Path dir = target.getParent();
    String prefix = "." + target.getFileName() + ".";
    try {
      // createTempFile makes the file with exactly these permissions (O_CREAT|O_EXCL, mode 0600).
      return Files.createTempFile(dir, prefix, ".partial",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException notPosix) {
      return Files.createTempFile(dir, prefix, ".partial");
    }
  }

  /** Moves the complete file into place; without overwrite it fails rather than replace a file that appeared meanwhile. */
  public static void publish(Path partial, Path target, boolean overwrite) throws IOException {
    if (overwrite) {
      Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } else {
      Files.move(partial, target);
    }
  }

  /** Removes what a failed run left (null: nothing was left). */
  public static void discard(@Nullable Path partial) {
    if (partial != null) {
      try {
        Files.deleteIfExists(partial);
      } catch (IOException ignored) {
        // Its name says it is partial.
      }
    }
  }
}
