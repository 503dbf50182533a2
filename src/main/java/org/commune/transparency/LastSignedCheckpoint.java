package org.commune.transparency;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.commune.database.DataDirectory;
import org.commune.transparency.merkle.MerkleTree;
import org.commune.transparency.merkle.Rfc9162;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The last checkpoint this server signed (tree size and root hash), kept OUTSIDE the database in
 * the data directory's {@code keys/} folder next to the signing key. Whoever holds only the
 * database can rewrite entries and their stored hashes and delete later checkpoints; without this
 * file the server would then sign a checkpoint over the rewritten tree, and a verifier without
 * history would accept it. Before every signature the new tree must extend this one (an RFC 9162
 * consistency proof, computed from the entries the database holds); if it does not, or the tree
 * shrank, the server refuses to sign, says so in its log, and reports DOWN in health until a
 * person looks.
 *
 * <p>Written atomically (temporary file, fsync, rename, fsync of the folder) after the append's
 * transaction commits, so the file never runs ahead of what the database holds.
 */
@Component("transparencyLogSigning")
class LastSignedCheckpoint implements HealthIndicator {

  static final String FILE = "log-last-checkpoint";

  private static final Logger log = LoggerFactory.getLogger(LastSignedCheckpoint.class);

  /** Size and root of a signed tree. */
  record Head(long treeSize, byte[] rootHash) {}

  private final Path file;
  private @Nullable Head last;
  private volatile @Nullable String refusal;

  @Autowired
  LastSignedCheckpoint(DataDirectory dataDirectory) {
    this(dataDirectory.ensurePrivate(dataDirectory.keys()).resolve(FILE));
  }

  LastSignedCheckpoint(Path file) {
    this.file = file;
    this.last = read(file);
  }

  /** A gauge for monitoring: 1 while the server refuses to sign, else 0. */
  @Autowired(required = false)
  void metrics(io.micrometer.core.instrument.MeterRegistry registry) {
    io.micrometer.core.instrument.Gauge.builder("commune.log.signing.refused", this, c -> c.refusal == null ? 0 : 1)
        .description("1 while the server refuses to sign log checkpoints because the database's log was changed")
        .register(registry);
  }

  /** The last signed head on record, if any. */
  synchronized Optional<Head> last() {
    return Optional.ofNullable(last);
  }

  /**
   * Refuses (throws) unless the tree of {@code newSize} leaves extends the last signed head. The
   * proof is computed from {@code tree}, which holds the leaf hashes the database gave.
   */
  synchronized void checkExtends(MerkleTree tree, long newSize) {
    Head head = last;
    if (head == null) {
      return;
    }
    String problem = null;
    if (newSize < head.treeSize()) {
      problem = "the log would shrink from " + head.treeSize() + " to " + newSize + " entries";
    } else {
      byte[] newRoot = tree.rootHash(newSize);
      List<byte[]> proof = tree.consistencyProof(head.treeSize(), newSize);
      if (!Rfc9162.verifyConsistency(head.treeSize(), newSize, head.rootHash(), newRoot, proof)) {
        problem = "the first " + head.treeSize() + " entries in the database no longer match the checkpoint"
            + " this server signed last";
      }
    }
    if (problem != null) {
      refuse(problem);
    }
  }

  /** Records and reports loudly that the server will not sign, and throws. */
  void refuse(String problem) {
    refusal = problem;
    log.error("REFUSING TO SIGN a log checkpoint: {}. Someone changed the log in the database; nothing more"
          + " is appended until the database is restored from a backup (see docs/transparency-log.md). Record: {}",
          problem, file);
    throw new LogTampered(problem);
  }

  /**
   * Records a newly signed head (only ever forward: a lower size is ignored). Called after the
   * transaction that stored the checkpoint committed.
   */
  synchronized void signed(long treeSize, byte[] rootHash) {
    if (last != null && last.treeSize() >= treeSize) {
      return;
    }
    write(file, treeSize, rootHash);
    last = new Head(treeSize, rootHash.clone());
  }

  /** Adopts the database's latest checkpoint when no record exists yet (first start of this release). */
  synchronized void adoptIfAbsent(long treeSize, byte[] rootHash) {
    if (last == null) {
      log.info("No record of the last signed log checkpoint outside the database yet; recording size {}", treeSize);
      signed(treeSize, rootHash);
    }
  }

  /** Why the server refused to sign, or null when it has not. */
  @Nullable String refusal() {
    return refusal;
  }

  @Override
  public Health health() {
    String why = refusal;
    return why == null
        ? Health.up().build()
        : Health.down().withDetail("log", "refusing to sign: " + why).build();
  }

  private static @Nullable Head read(Path file) {
    if (!Files.exists(file)) {
      return null;
    }
    try {
      List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      return new Head(Long.parseLong(lines.get(0).strip()), Base64.getDecoder().decode(lines.get(1).strip()));
    } catch (IOException | RuntimeException e) {
      // A damaged record must not silently turn into "no record": that would let a rewrite through.
      throw new IllegalStateException("The record of the last signed log checkpoint " + file
          + " cannot be read; restore it from a backup of the data directory", e);
    }
  }

  private static void write(Path file, long treeSize, byte[] rootHash) {
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    byte[] text = (treeSize + "\n" + Base64.getEncoder().encodeToString(rootHash) + "\n")
        .getBytes(StandardCharsets.UTF_8);
    try {
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
        channel.write(ByteBuffer.wrap(text));
        channel.force(true);
      }
      DataDirectory.ownerOnly(temporary);
      try {
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
      }
      // The rename is durable only once the folder's entry is on disk.
      try (FileChannel folder = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
        folder.force(true);
      } catch (IOException | UnsupportedOperationException ignored) {
        // Some platforms cannot open a directory; the rename itself is still atomic.
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot record the last signed log checkpoint in " + file, e);
    }
  }

  /** The database's log does not extend what this server signed before. */
  static final class LogTampered extends IllegalStateException {
    LogTampered(String message) {
      super("refusing to sign a log checkpoint: " + message);
    }
  }
}
