package org.commune.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one Commune that may use a data directory: an exclusive lock on {@code <data-dir>/commune.lock},
 * held by the JVM for as long as it uses the directory. Whoever holds it may start, stop and clean up
 * the embedded PostgreSQL there; a second server or a restore on the same directory is refused before
 * it touches anything, because the operating system says the lock is taken (a pid file alone could
 * not tell a running instance from a killed one). The lock dies with the process, so a crash never
 * leaves it behind.
 */
public final class DataDirectoryLock implements AutoCloseable {

  static final String FILE = "commune.lock";

  /**
   * Locks this JVM holds. A JVM cannot lock a file twice (and closing a second channel on the file
   * would drop the first lock on some systems), so a second use from this JVM is answered from here
   * without opening the file again.
   */
  private static final Map<Path, DataDirectoryLock> HELD = new ConcurrentHashMap<>();

  private final DataDirectory directory;
  private final Path key;
  private final FileChannel channel;
  private final FileLock lock;

  private DataDirectoryLock(DataDirectory directory, Path key, FileChannel channel, FileLock lock) {
    this.directory = directory;
    this.key = key;
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock, or fails at once with {@link DataDirectoryInUseException} naming the holder. */
  public static DataDirectoryLock acquire(DataDirectory directory) {
    return tryAcquire(directory).orElseThrow(() -> new DataDirectoryInUseException(directory, holder(directory)));
  }

  /** Takes the lock if no one holds it; empty if a running Commune (this JVM or another) does. */
  static Optional<DataDirectoryLock> tryAcquire(DataDirectory directory) {
    synchronized (HELD) {
      directory.ensurePrivate(directory.root());
      if (HELD.containsKey(key(directory))) {
        return Optional.empty();
      }
      Path file = directory.lockFile();
      FileChannel channel = null;
      try {
        channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        DataDirectory.ownerOnly(file);
        FileLock lock;
        try {
          lock = channel.tryLock();
        } catch (OverlappingFileLockException heldHere) {
          lock = null;
        }
        if (lock == null) {
          channel.close();
          return Optional.empty();
        }
        // The holder's pid, for the message the next one gets; read only by other processes.
        channel.truncate(0);
        channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
        channel.force(false);
        Path key = key(directory);
        DataDirectoryLock held = new DataDirectoryLock(directory, key, channel, lock);
        HELD.put(key, held);
        return Optional.of(held);
      } catch (IOException e) {
        closeQuietly(channel);
        throw new UncheckedIOException("Cannot lock the data directory " + directory.root() + " (" + file + ")", e);
      }
    }
  }

  /** The pid written by the process holding the lock, if it can be read. */
  private static Optional<Long> holder(DataDirectory directory) {
    if (HELD.containsKey(key(directory))) {
      return Optional.of(ProcessHandle.current().pid());
    }
    try {
      String text = Files.readString(directory.lockFile(), StandardCharsets.US_ASCII).strip();
      return text.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(text));
    } catch (IOException | NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The directory's real path: two names for one directory (a symbolic link) are one lock. */
  private static Path key(DataDirectory directory) {
    try {
      return directory.root().toRealPath();
    } catch (IOException e) {
      return directory.root();
    }
  }

  public DataDirectory directory() {
    return directory;
  }

  /** Fails unless this lock is still held: what only the holder may do checks this first. */
  void checkHeld() {
    if (!lock.isValid() || HELD.get(key) != this) {
      throw new IllegalStateException("The data directory " + directory.root() + " is not locked by this process");
    }
  }

  /** Releases the lock (the file stays: removing it could let two processes lock different files). */
  @Override
  public void close() {
    synchronized (HELD) {
      HELD.remove(key, this);
      try {
        lock.release();
      } catch (IOException ignored) {
        // Closing the channel below releases it as well.
      }
      closeQuietly(channel);
    }
  }


  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Nothing more to release.
      }
    }
  }
}
