package org.commune.transparency;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.commune.transparency.merkle.MerkleTree;
import org.commune.transparency.merkle.Rfc9162;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The log's API: append (for this module's listeners), read entries and checkpoints, and prove
 * inclusion and consistency. The Merkle tree is kept in memory, rebuilt from the stored leaf hashes
 * and caught up with the database before use, so several processes can share one database.
 */
@Service
public class TransparencyLog {

  /** The most entries or checkpoints one API call returns. */
  public static final int MAX_PAGE = 10_000;

  private final LogRepository log;
  private final LogSigningKey key;
  private final Clock clock;
  private final LastSignedCheckpoint lastSigned;
  private final MerkleTree tree = new MerkleTree();

  TransparencyLog(LogRepository log, LogSigningKey key, Clock clock, LastSignedCheckpoint lastSigned) {
    this.log = log;
    this.key = key;
    this.clock = clock;
    this.lastSigned = lastSigned;
  }

  /** Appends entries in one transaction and seals them with one signed checkpoint. */
  @Transactional
  Checkpoint append(List<NewLogEntry> entries) {
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("nothing to append");
    }
    log.lockForAppend();
    long start = log.size();
    catchUp(start);
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    synchronized (tree) {
      tree.truncate(Math.min(tree.size(), start));
      TransactionSynchronizationManager.registerSynchronization(new ForgetOnRollback(start));
      long index = start;
      List<LogRepository.Row> rows = new ArrayList<>(entries.size());
      for (NewLogEntry entry : entries) {
        String leaf = LeafCodec.encode(entry.type(), entry.at(), entry.data());
        byte[] leafHash = Rfc9162.leafHash(leaf.getBytes(StandardCharsets.UTF_8));
        rows.add(new LogRepository.Row(index, entry.type(), leaf, leafHash, entry.sourceEvent(), now));
        tree.appendLeafHash(leafHash);
        index++;
      }
      log.insertAll(rows);
      byte[] root = tree.rootHash(index);
      // Never sign a tree that does not extend the last one this server signed (kept outside the database).
      adoptDatabaseCheckpointIfUnrecorded(start);
      lastSigned.checkExtends(tree, index);
      long signedSize = index;
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCommit() {
          lastSigned.signed(signedSize, root);
        }
      });
      Checkpoint checkpoint =
          new Checkpoint(index, root, now, key.sign(Checkpoint.signedText(index, root, now)));
      log.insertCheckpoint(checkpoint);
      return checkpoint;
    }
  }

  /**
   * The first start of a release that keeps the record: adopt the database's latest checkpoint if it
   * matches the entries (an older database that already disagrees with its own signature is refused).
   */
  private void adoptDatabaseCheckpointIfUnrecorded(long sizeBefore) {
    if (lastSigned.last().isPresent()) {
      return;
    }
    log.latestCheckpoint().filter(c -> c.treeSize() <= sizeBefore).ifPresent(c -> {
      if (!Arrays.equals(tree.rootHash(c.treeSize()), c.rootHash())) {
        lastSigned.refuse("the database's entries do not match its own latest checkpoint (size " + c.treeSize() + ")");
      }
      lastSigned.adoptIfAbsent(c.treeSize(), c.rootHash());
    });
  }

  /**
   * Appends the entries whose events are not in the log yet (each event is logged at most once,
   * however often it is delivered).
   */
  @Transactional
  void appendNew(List<NewLogEntry> entries) {
    Set<UUID> events = new HashSet<>();
    for (NewLogEntry entry : entries) {
      if (entry.sourceEvent() != null) {
        events.add(entry.sourceEvent());
      }
    }
    Set<UUID> logged = log.loggedEvents(events);
    Set<UUID> seen = new HashSet<>();
    List<NewLogEntry> fresh = entries.stream()
        .filter(e -> e.sourceEvent() == null || (!logged.contains(e.sourceEvent()) && seen.add(e.sourceEvent())))
        .toList();
    if (!fresh.isEmpty()) {
      append(fresh);
    }
  }

  public long size() {
    return log.size();
  }

  public List<LogEntry> entries(long start, int count) {
    return log.entries(Math.max(0, start), Math.clamp(count, 0, MAX_PAGE));
  }

  /** Entries as (index, exact leaf text), for the API and verifiers. */
  public List<LogLeaf> leaves(long start, int count) {
    return log.leaves(Math.max(0, start), Math.clamp(count, 0, MAX_PAGE));
  }

  public List<LogEntry> newest(@Nullable String type, long before, int count) {
    return log.newest(type, before, count);
  }

  public long count(@Nullable String type) {
    return log.count(type);
  }

  public List<String> types() {
    return log.types();
  }

  public Optional<Checkpoint> latestCheckpoint() {
    return log.latestCheckpoint();
  }

  public List<Checkpoint> checkpoints(long fromSize, int count) {
    return log.checkpoints(fromSize, Math.clamp(count, 0, MAX_PAGE));
  }

  /** PATH(index, D[size]); the caller checks 0 ≤ index < size ≤ log size. */
  public List<byte[]> inclusionProof(long index, long size) {
    catchUp(log.size());
    return tree.inclusionProof(index, size);
  }

  public List<byte[]> consistencyProof(long first, long second) {
    catchUp(log.size());
    return tree.consistencyProof(first, second);
  }

  public byte[] leafHash(long index) {
    catchUp(log.size());
    return tree.leafHash(index);
  }

  public byte[] publicKey() {
    return key.publicKey();
  }

  /**
   * This instance, as a witness, cosigns another log's checkpoint with its own log key (a text of its
   * own kind, see {@link Cosignature}). The caller has checked that checkpoint first.
   */
  public Cosignature cosign(byte[] originKey, long treeSize, byte[] rootHash) {
    long time = clock.instant().getEpochSecond();
    byte[] witnessKey = key.publicKey();
    return new Cosignature(witnessKey, originKey, treeSize, rootHash, time,
        key.sign(Cosignature.signedText(witnessKey, originKey, treeSize, rootHash, time)));
  }

  /** Loads leaf hashes the in-memory tree has not seen (at start, or appended by another process). */
  private void catchUp(long databaseSize) {
    synchronized (tree) {
      if (tree.size() > databaseSize) {
        tree.truncate(databaseSize);
      }
      if (tree.size() < databaseSize) {
        log.leafHashesFrom(tree.size(), (hash, index) -> {
          if (index == tree.size()) {
            tree.appendLeafHash(hash);
          }
        });
      }
    }
  }

  private final class ForgetOnRollback implements TransactionSynchronization {
    private final long sizeBefore;

    ForgetOnRollback(long sizeBefore) {
      this.sizeBefore = sizeBefore;
    }

    @Override
    public void afterCompletion(int status) {
      if (status != STATUS_COMMITTED) {
        synchronized (tree) {
          tree.truncate(Math.min(sizeBefore, tree.size()));
        }
      }
    }
  }
}
