package org.commune.transparency;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import org.commune.transparency.merkle.MerkleTree;
import org.commune.transparency.merkle.Rfc9162;
import org.jspecify.annotations.Nullable;

/**
 * Checks a whole log as an outsider would: rebuilds the Merkle tree from every entry's leaf text,
 * checks every checkpoint's signature and root against it (in order, so the first mismatch points
 * at the first bad entry), and checks the server's inclusion and consistency proofs with the RFC
 * 9162 algorithms. Optionally remembers the last verified checkpoint, so that a history rewritten
 * and re-signed since the previous run is caught too.
 */
public final class LogVerifier {

  static final int PAGE = TransparencyLog.MAX_PAGE;

  /** Proof requests in flight at once. */
  private static final Executor PROOF_FETCHERS =
      Executors.newFixedThreadPool(4, Thread.ofPlatform().daemon(true).factory());

  private final LogSource source;
  private final int proofSamples;
  private @Nullable Checkpoint verifiedLatest;
  private @Nullable MerkleTree verifiedTree;

  /** proofSamples: how many inclusion and consistency proofs to check; all of them when the log is smaller. */
  public LogVerifier(LogSource source, int proofSamples) {
    this.source = source;
    this.proofSamples = proofSamples;
  }

  private CompletableFuture<List<LogLeaf>> fetch(long start, long n) {
    return CompletableFuture.supplyAsync(() -> source.entries(start, (int) Math.min(PAGE, n - start)));
  }

  /**
   * A checkpoint trusted from an earlier run (the state file) or, later, from a witness. When the
   * earlier run kept the leaf hashes it verified, a rewrite since then is found at its exact index
   * and its kind (rewritten, deleted, inserted, reordered, cut) told from the old and new hashes.
   */
  public record Remembered(long treeSize, byte[] rootHash, byte @Nullable [] leafHashes) {
    public Remembered(long treeSize, byte[] rootHash) {
      this(treeSize, rootHash, null);
    }

    long cachedLeaves() {
      return leafHashes == null ? 0 : leafHashes.length / Rfc9162.HASH_LENGTH;
    }

    byte[] leaf(long index) {
      int from = (int) (index * Rfc9162.HASH_LENGTH);
      return Arrays.copyOfRange(Objects.requireNonNull(leafHashes), from, from + Rfc9162.HASH_LENGTH);
    }
  }

  public VerificationReport verify(byte @Nullable [] pinnedKey, @Nullable Remembered remembered) {
    return verifyAgainst(pinnedKey, remembered == null ? List.of() : List.of(remembered));
  }

  /**
   * Verifies the whole log. {@code earlier}: checkpoints trusted before (the state of earlier runs,
   * and, once federation exists, witnesses' checkpoints); the log must extend each of them.
   */
  public VerificationReport verifyAgainst(byte @Nullable [] pinnedKey, List<Remembered> earlier) {
    Counts counts = new Counts();
    byte[] keyBytes = source.publicKey();
    if (pinnedKey != null && !Arrays.equals(pinnedKey, keyBytes)) {
      return counts.fail(Tampering.KEY_CHANGED, "the server's public key " + LogSignatures.fingerprint(keyBytes)
          + " is not the expected key " + LogSignatures.fingerprint(pinnedKey), null, null, null);
    }
    PublicKey key;
    try {
      key = LogSignatures.publicKey(keyBytes);
    } catch (GeneralSecurityException e) {
      return counts.fail(Tampering.KEY_CHANGED, "the server's public key is not an Ed25519 key", null, null, null);
    }
    Optional<Checkpoint> latestFound = source.latestCheckpoint();
    if (latestFound.isEmpty()) {
      for (Remembered r : earlier) {
        if (r.treeSize() > 0) {
          return counts.fail(Tampering.TAIL_CUT,
              "the log is empty but an earlier run verified " + r.treeSize() + " entries", 0L, null, null);
        }
      }
      return counts.ok();
    }
    Checkpoint latest = latestFound.get();
    counts.treeSize = latest.treeSize();
    if (!LogSignatures.verify(key, latest)) {
      return counts.fail(Tampering.CHECKPOINT_BAD_SIGNATURE, "the latest checkpoint's signature is invalid",
          null, null, latest.treeSize());
    }

    MerkleTree tree = new MerkleTree();
    long n = latest.treeSize();
    @Nullable Long gapAt = null;
    Tampering gapKind = Tampering.ENTRY_DELETED;
    // Fetch the next page while hashing this one: over HTTP the two take similar time.
    CompletableFuture<List<LogLeaf>> next = fetch(0, n);
    fetching:
    while (tree.size() < n) {
      List<LogLeaf> page = next.join();
      if (page.isEmpty()) {
        break;
      }
      long after = page.get(page.size() - 1).index() + 1;
      next = after < n ? fetch(after, n) : CompletableFuture.completedFuture(List.of());
      for (LogLeaf entry : page) {
        if (entry.index() != tree.size()) {
          gapAt = tree.size();
          gapKind = entry.index() > tree.size() ? Tampering.ENTRY_DELETED : Tampering.ENTRY_INSERTED;
          break fetching;
        }
        tree.appendLeafHash(Rfc9162.leafHash(entry.leaf().getBytes(StandardCharsets.UTF_8)));
        counts.entries++;
        if (tree.size() == n) {
          break;
        }
      }
    }
    long available = tree.size();

    // What earlier runs verified, leaf by leaf where they kept the hashes: the exact first change.
    for (Remembered r : earlier) {
      if (r.leafHashes() != null) {
        VerificationReport changed = compareWithEarlier(counts, tree, r, gapAt != null);
        if (changed != null) {
          return changed;
        }
      }
    }

    // Every checkpoint, in size order: the first whose root differs bounds the first bad entry.
    List<Checkpoint> all = new ArrayList<>();
    long previousGood = 0;
    long from = 1;
    walk:
    while (from <= n) {
      List<Checkpoint> page = source.checkpoints(from, PAGE);
      if (page.isEmpty()) {
        break;
      }
      for (Checkpoint checkpoint : page) {
        if (checkpoint.treeSize() > n) {
          break walk;
        }
        if (!LogSignatures.verify(key, checkpoint)) {
          // A checkpoint's fault, not an entry's: no entry is blamed.
          return counts.fail(Tampering.CHECKPOINT_BAD_SIGNATURE,
              "the checkpoint for tree size " + checkpoint.treeSize() + " has an invalid signature",
              null, null, checkpoint.treeSize());
        }
        if (checkpoint.treeSize() > available) {
          break walk;
        }
        if (!Arrays.equals(tree.rootHash(checkpoint.treeSize()), checkpoint.rootHash())) {
          return mismatch(counts, tree, available, n, checkpoint, previousGood);
        }
        previousGood = checkpoint.treeSize();
        all.add(checkpoint);
        counts.checkpoints++;
      }
      from = page.get(page.size() - 1).treeSize() + 1;
    }
    if (gapAt != null) {
      return counts.fail(gapKind, gapKind == Tampering.ENTRY_DELETED
          ? "entry " + gapAt + " is missing: the next entry served has a later index"
          : "entry " + gapAt + " is served twice or out of order", gapAt, gapAt, null);
    }
    if (available < n) {
      return counts.fail(Tampering.TAIL_CUT,
          "entries end at " + available + " but a signed checkpoint covers " + n, available, null, n);
    }
    if (all.isEmpty() || all.get(all.size() - 1).treeSize() != n) {
      return counts.fail(Tampering.CHECKPOINT_MISSING, "the latest checkpoint is missing from the list of checkpoints",
          null, null, n);
    }

    // Checkpoints trusted before must be extended by this one (RFC 9162 consistency, computed here).
    for (Remembered r : earlier) {
      if (r.treeSize() > n) {
        return counts.fail(Tampering.TAIL_CUT, "the log shrank: an earlier run verified " + r.treeSize()
            + " entries, the latest checkpoint covers " + n, n, null, n);
      }
      if (!Arrays.equals(tree.rootHash(r.treeSize()), r.rootHash())) {
        return counts.fail(Tampering.CHECKPOINT_INCONSISTENT, "the checkpoint for tree size " + n
            + " is not consistent with the checkpoint for tree size " + r.treeSize()
            + " verified in an earlier run: entries before " + r.treeSize() + " were changed and re-signed",
            0L, r.treeSize() - 1, n);
      }
    }

    // The server's proofs, checked with the RFC algorithms against what we rebuilt, a few at a time.
    byte[] root = latest.rootHash();
    List<CompletableFuture<@Nullable VerificationReport>> checks = new ArrayList<>();
    for (long index : sample(n, proofSamples)) {
      checks.add(CompletableFuture.supplyAsync(() -> {
        List<byte[]> path = source.inclusionProof(index, n);
        return Rfc9162.verifyInclusion(index, n, tree.leafHash(index), path, root)
            ? null
            : counts.fail(Tampering.PROOF_INVALID,
                "the server's inclusion proof for entry " + index + " does not verify", index, index, null);
      }, PROOF_FETCHERS));
    }
    int inclusionChecks = checks.size();
    for (long i : sample(all.size() - 1L, proofSamples)) {
      Checkpoint first = all.get((int) i);
      Checkpoint second = all.get((int) i + 1);
      checks.add(CompletableFuture.supplyAsync(() -> {
        List<byte[]> proof = source.consistencyProof(first.treeSize(), second.treeSize());
        return Rfc9162.verifyConsistency(first.treeSize(), second.treeSize(), first.rootHash(), second.rootHash(), proof)
            ? null
            : counts.fail(Tampering.PROOF_INVALID, "the server's consistency proof from " + first.treeSize() + " to "
                + second.treeSize() + " does not verify", null, null, second.treeSize());
      }, PROOF_FETCHERS));
    }
    for (int i = 0; i < checks.size(); i++) {
      VerificationReport failure = checks.get(i).join();
      if (failure != null) {
        return failure;
      }
      if (i < inclusionChecks) {
        counts.inclusionProofs++;
      } else {
        counts.consistencyProofs++;
      }
    }
    verifiedLatest = latest;
    verifiedTree = tree;
    return counts.ok();
  }

  /** Leaf hashes the last successful run verified (32 bytes each, in order), to keep for the next run. */
  byte[] verifiedLeafHashes() {
    MerkleTree tree = verifiedTree;
    if (tree == null || verifiedLatest == null) {
      return new byte[0];
    }
    long n = verifiedLatest.treeSize();
    byte[] all = new byte[Math.toIntExact(n * Rfc9162.HASH_LENGTH)];
    for (long i = 0; i < n; i++) {
      System.arraycopy(tree.leafHash(i), 0, all, (int) (i * Rfc9162.HASH_LENGTH), Rfc9162.HASH_LENGTH);
    }
    return all;
  }

  /** Compares the entries now with the leaf hashes an earlier run verified; null when they agree. */
  private @Nullable VerificationReport compareWithEarlier(
      Counts counts, MerkleTree tree, Remembered earlier, boolean stoppedAtAGap) {
    long old = earlier.cachedLeaves();
    long now = tree.size();
    long common = Math.min(old, now);
    for (long d = 0; d < common; d++) {
      if (Arrays.equals(tree.leafHash(d), earlier.leaf(d))) {
        continue;
      }
      Tampering kind = Tampering.ENTRY_REWRITTEN;
      for (long j = d + 1; j < common; j++) {
        if (Arrays.equals(tree.leafHash(d), earlier.leaf(j)) && Arrays.equals(tree.leafHash(j), earlier.leaf(d))) {
          kind = Tampering.ENTRIES_REORDERED;
          break;
        }
      }
      if (kind == Tampering.ENTRY_REWRITTEN) {
        if (d + 1 < old && Arrays.equals(tree.leafHash(d), earlier.leaf(d + 1))) {
          kind = Tampering.ENTRY_DELETED;
        } else if (d + 1 < now && Arrays.equals(tree.leafHash(d + 1), earlier.leaf(d))) {
          kind = Tampering.ENTRY_INSERTED;
        }
      }
      return counts.fail(kind, "entry " + d + " differs from what an earlier run verified (tree size "
          + earlier.treeSize() + ")", d, d, null);
    }
    if (now < old && !stoppedAtAGap) {
      return counts.fail(Tampering.TAIL_CUT, "the log now ends at entry " + now + " but an earlier run verified "
          + old + " entries", now, null, null);
    }
    return null;
  }

  /**
   * The entries do not give the root of {@code checkpoint}: name the first bad entry and the most
   * likely kind. The entries before {@code previousGood} match an earlier checkpoint.
   */
  private VerificationReport mismatch(
      Counts counts, MerkleTree tree, long available, long n, Checkpoint checkpoint, long previousGood) {
    long size = checkpoint.treeSize();
    String message = "the entries do not match the signed checkpoint for tree size " + size;
    OptionalLong exact = pinpoint(tree, checkpoint, previousGood);
    if (exact.isEmpty()) {
      Tampering kind = available < n ? Tampering.ENTRY_DELETED : Tampering.ENTRY_REWRITTEN;
      return counts.fail(kind, message, previousGood, size - 1, null);
    }
    long bad = exact.getAsLong();
    if (available < n) {
      // Fewer entries than signed, and the first difference is inside: one was taken out and the rest moved up.
      return counts.fail(Tampering.ENTRY_DELETED, message + "; " + (n - available) + " entries are missing",
          bad, bad, null);
    }
    // Would a later entry in this place give the signed root? Then entries were moved, not rewritten.
    List<byte[]> path = tree.inclusionProof(bad, size);
    long limit = Math.min(available, bad + 1 + MAX_REORDER_SEARCH);
    for (long j = Math.max(bad + 1, size); j < limit; j++) {
      if (Rfc9162.verifyInclusion(bad, size, tree.leafHash(j), path, checkpoint.rootHash())) {
        Tampering kind = j == bad + 1 && insertedAt(tree, bad) ? Tampering.ENTRY_INSERTED : Tampering.ENTRIES_REORDERED;
        return counts.fail(kind, message + "; entry " + j + " belongs at " + bad, bad, bad, null);
      }
    }
    return counts.fail(Tampering.ENTRY_REWRITTEN, message, bad, bad, null);
  }

  /**
   * Entry bad+1 is the original entry bad: inserted at bad (everything after moved down one) or
   * swapped with its neighbour? The checkpoint for bad+2, where there is one, tells them apart.
   */
  private boolean insertedAt(MerkleTree tree, long bad) {
    if (bad + 2 >= tree.size()) {
      return false;
    }
    List<Checkpoint> found = source.checkpoints(bad + 2, 1);
    if (found.isEmpty() || found.get(0).treeSize() != bad + 2) {
      return false;
    }
    MerkleTree shifted = new MerkleTree();
    for (long i = 0; i < bad; i++) {
      shifted.appendLeafHash(tree.leafHash(i));
    }
    shifted.appendLeafHash(tree.leafHash(bad + 1));
    shifted.appendLeafHash(tree.leafHash(bad + 2));
    return Arrays.equals(shifted.rootHash(bad + 2), found.get(0).rootHash());
  }

  /** How many later entries are tried in the place of the first bad one to recognise a reordering. */
  static final int MAX_REORDER_SEARCH = 100_000;

  /** The checkpoint the last successful run verified, to remember for the next run. */
  public Optional<Checkpoint> verifiedLatest() {
    return Optional.ofNullable(verifiedLatest);
  }

  /**
   * One checkpoint may seal many entries (the server groups appends). To name the bad one, check
   * each entry of the range against the signed root with the server's inclusion proof: the server
   * builds proofs from the leaf hashes it stored when appending, so an entry whose text was changed
   * afterwards is the first whose rebuilt hash does not verify. Falls back to the start of the range
   * when the stored hashes were rewritten too.
   */
  private OptionalLong pinpoint(MerkleTree tree, Checkpoint checkpoint, long from) {
    long size = checkpoint.treeSize();
    if (size - from == 1) {
      return OptionalLong.of(from);
    }
    if (size - from > MAX_PINPOINT) {
      return OptionalLong.empty();
    }
    int failing = 0;
    long first = -1;
    for (long index = from; index < size; index++) {
      try {
        List<byte[]> path = source.inclusionProof(index, size);
        if (!Rfc9162.verifyInclusion(index, size, tree.leafHash(index), path, checkpoint.rootHash())) {
          failing++;
          if (first < 0) {
            first = index;
          }
        }
      } catch (RuntimeException unavailable) {
        return OptionalLong.empty();
      }
    }
    // If every proof fails, the server's stored hashes were rewritten as well: only the range is known.
    return failing > 0 && failing < size - from ? OptionalLong.of(first) : OptionalLong.empty();
  }

  /** Largest checkpoint range searched entry by entry for the first bad one. */
  static final int MAX_PINPOINT = 2_000;

  /** All of 0..n-1 when n ≤ samples, else the first, the last and evenly random others. */
  static TreeSet<Long> sample(long n, int samples) {
    TreeSet<Long> chosen = new TreeSet<>();
    if (n <= 0) {
      return chosen;
    }
    if (n <= samples) {
      for (long i = 0; i < n; i++) {
        chosen.add(i);
      }
      return chosen;
    }
    chosen.add(0L);
    chosen.add(n - 1);
    SplittableRandom random = new SplittableRandom();
    while (chosen.size() < samples) {
      chosen.add(random.nextLong(n));
    }
    return chosen;
  }

  private static final class Counts {
    long treeSize;
    long entries;
    long checkpoints;
    long inclusionProofs;
    long consistencyProofs;

    VerificationReport ok() {
      return new VerificationReport(
          true, treeSize, entries, checkpoints, inclusionProofs, consistencyProofs, null, null, "all checks passed");
    }

    VerificationReport fail(Tampering kind, String message, @Nullable Long firstBad, @Nullable Long lastBad,
        @Nullable Long badCheckpoint) {
      return new VerificationReport(false, treeSize, entries, checkpoints, inclusionProofs, consistencyProofs,
          firstBad, lastBad, message, kind, badCheckpoint);
    }
  }
}
