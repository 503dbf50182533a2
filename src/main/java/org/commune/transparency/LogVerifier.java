package org.commune.transparency;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
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
final class LogVerifier {

  static final int PAGE = TransparencyLog.MAX_PAGE;

  /** Proof requests in flight at once. */
  private static final java.util.concurrent.Executor PROOF_FETCHERS =
      java.util.concurrent.Executors.newFixedThreadPool(4, Thread.ofPlatform().daemon(true).factory());

  private final LogSource source;
  private final int proofSamples;
  private @Nullable Checkpoint verifiedLatest;

  /** proofSamples: how many inclusion and consistency proofs to check; all of them when the log is smaller. */
  LogVerifier(LogSource source, int proofSamples) {
    this.source = source;
    this.proofSamples = proofSamples;
  }

  private CompletableFuture<List<LogLeaf>> fetch(long start, long n) {
    return CompletableFuture.supplyAsync(() -> source.entries(start, (int) Math.min(PAGE, n - start)));
  }

  /** A checkpoint trusted from an earlier run. */
  record Remembered(long treeSize, byte[] rootHash) {}

  VerificationReport verify(byte @Nullable [] pinnedKey, @Nullable Remembered remembered) {
    Counts counts = new Counts();
    byte[] keyBytes = source.publicKey();
    if (pinnedKey != null && !Arrays.equals(pinnedKey, keyBytes)) {
      return counts.fail("the server's public key is not the pinned key", null, null);
    }
    PublicKey key;
    try {
      key = LogSignatures.publicKey(keyBytes);
    } catch (GeneralSecurityException e) {
      return counts.fail("the server's public key is not an Ed25519 key", null, null);
    }
    Optional<Checkpoint> latestFound = source.latestCheckpoint();
    if (latestFound.isEmpty()) {
      return remembered == null
          ? counts.ok()
          : counts.fail("the log is empty but an earlier run saw " + remembered.treeSize() + " entries", 0L, null);
    }
    Checkpoint latest = latestFound.get();
    counts.treeSize = latest.treeSize();
    if (!LogSignatures.verify(key, latest)) {
      return counts.fail("the latest checkpoint's signature is invalid", null, null);
    }

    MerkleTree tree = new MerkleTree();
    long n = latest.treeSize();
    // Fetch the next page while hashing this one: over HTTP the two take similar time.
    CompletableFuture<List<LogLeaf>> next = fetch(0, n);
    while (tree.size() < n) {
      long start = tree.size();
      List<LogLeaf> page = next.join();
      if (page.isEmpty()) {
        return counts.fail("entries end at " + start + " but the checkpoint says " + n, start, null);
      }
      long after = page.get(page.size() - 1).index() + 1;
      next = after < n ? fetch(after, n) : CompletableFuture.completedFuture(List.of());
      for (LogLeaf entry : page) {
        if (entry.index() != tree.size()) {
          return counts.fail("entry " + tree.size() + " is missing or out of order", tree.size(), null);
        }
        tree.appendLeafHash(Rfc9162.leafHash(entry.leaf().getBytes(StandardCharsets.UTF_8)));
        counts.entries++;
        if (tree.size() == n) {
          break;
        }
      }
    }

    // Every checkpoint, in size order: the first whose root differs bounds the first bad entry.
    List<Checkpoint> all = new ArrayList<>();
    long previousGood = 0;
    long from = 1;
    while (from <= n) {
      List<Checkpoint> page = source.checkpoints(from, PAGE);
      if (page.isEmpty()) {
        break;
      }
      for (Checkpoint checkpoint : page) {
        if (checkpoint.treeSize() > n) {
          break;
        }
        if (!LogSignatures.verify(key, checkpoint)) {
          return counts.fail(
              "the checkpoint for tree size " + checkpoint.treeSize() + " has an invalid signature",
              previousGood, checkpoint.treeSize() - 1);
        }
        if (!Arrays.equals(tree.rootHash(checkpoint.treeSize()), checkpoint.rootHash())) {
          java.util.OptionalLong exact = pinpoint(tree, checkpoint, previousGood);
          return counts.fail(
              "the entries do not match the signed checkpoint for tree size " + checkpoint.treeSize(),
              exact.orElse(previousGood), exact.isPresent() ? exact.getAsLong() : checkpoint.treeSize() - 1);
        }
        previousGood = checkpoint.treeSize();
        all.add(checkpoint);
        counts.checkpoints++;
      }
      from = page.get(page.size() - 1).treeSize() + 1;
    }
    if (all.isEmpty() || all.get(all.size() - 1).treeSize() != n) {
      return counts.fail("the latest checkpoint is missing from the list of checkpoints", null, null);
    }

    if (remembered != null) {
      if (remembered.treeSize() > n) {
        return counts.fail("the log shrank since an earlier run saw " + remembered.treeSize() + " entries", n, null);
      }
      if (!Arrays.equals(tree.rootHash(remembered.treeSize()), remembered.rootHash())) {
        return counts.fail(
            "the first " + remembered.treeSize() + " entries changed since an earlier run", 0L,
            remembered.treeSize() - 1);
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
            : counts.fail("the server's inclusion proof for entry " + index + " does not verify", index, index);
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
            : counts.fail("the server's consistency proof from " + first.treeSize() + " to " + second.treeSize()
                + " does not verify", null, null);
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
    return counts.ok();
  }

  /** The checkpoint the last successful run verified, to remember for the next run. */
  Optional<Checkpoint> verifiedLatest() {
    return Optional.ofNullable(verifiedLatest);
  }

  /**
   * One checkpoint may seal many entries (the server groups appends). To name the bad one, check
   * each entry of the range against the signed root with the server's inclusion proof: the server
   * builds proofs from the leaf hashes it stored when appending, so an entry whose text was changed
   * afterwards is the first whose rebuilt hash does not verify. Falls back to the start of the range
   * when the stored hashes were rewritten too.
   */
  private java.util.OptionalLong pinpoint(MerkleTree tree, Checkpoint checkpoint, long from) {
    long size = checkpoint.treeSize();
    if (size - from == 1) {
      return java.util.OptionalLong.of(from);
    }
    if (size - from > MAX_PINPOINT) {
      return java.util.OptionalLong.empty();
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
        return java.util.OptionalLong.empty();
      }
    }
    // If every proof fails, the server's stored hashes were rewritten as well: only the range is known.
    return failing > 0 && failing < size - from ? java.util.OptionalLong.of(first) : java.util.OptionalLong.empty();
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

    VerificationReport fail(String message, @Nullable Long firstBad, @Nullable Long lastBad) {
      return new VerificationReport(
          false, treeSize, entries, checkpoints, inclusionProofs, consistencyProofs, firstBad, lastBad, message);
    }
  }
}
