package org.commune.transparency;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.commune.transparency.merkle.MerkleTree;
import org.commune.transparency.merkle.Rfc9162;

/**
 * A log held in memory as it was copied (an archive, a mirror): the exact leaf texts, the signed checkpoints
 * and the key. Serves pages and proofs the way the server's API does, with the proofs computed from the held
 * leaves, so a copy can be verified with {@link LogVerifier} and re-served for {@code verify-log}. It trusts
 * nothing it holds: the verifier decides.
 */
public final class HeldLog implements LogSource {

  private final byte[] publicKey;
  private final List<LogLeaf> leaves;
  private final List<Checkpoint> checkpoints;
  private final MerkleTree tree = new MerkleTree();

  /** Leaves in index order (as read; gaps and duplicates are kept for the verifier to find). */
  public HeldLog(byte[] publicKey, List<LogLeaf> leaves, List<Checkpoint> checkpoints) {
    this.publicKey = publicKey.clone();
    this.leaves = List.copyOf(leaves);
    this.checkpoints = checkpoints.stream().sorted(Comparator.comparingLong(Checkpoint::treeSize)).toList();
    for (LogLeaf leaf : this.leaves) {
      tree.appendLeafHash(Rfc9162.leafHash(leaf.leaf().getBytes(StandardCharsets.UTF_8)));
    }
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  /** How many leaves are held. */
  public long size() {
    return leaves.size();
  }

  @Override
  public Optional<Checkpoint> latestCheckpoint() {
    return checkpoints.isEmpty() ? Optional.empty() : Optional.of(checkpoints.get(checkpoints.size() - 1));
  }

  @Override
  public List<LogLeaf> entries(long start, int count) {
    if (start < 0 || start >= leaves.size() || count < 1) {
      return List.of();
    }
    return leaves.subList((int) start, (int) Math.min(leaves.size(), start + Math.min(count, TransparencyLog.MAX_PAGE)));
  }

  @Override
  public List<Checkpoint> checkpoints(long fromSize, int count) {
    return checkpoints.stream().filter(c -> c.treeSize() >= fromSize)
        .limit(Math.clamp(count, 0, TransparencyLog.MAX_PAGE)).toList();
  }

  /** The leaf hash at index, for the inclusion proof API; the caller checks 0 ≤ index < size. */
  public byte[] leafHash(long index) {
    return tree.leafHash(index);
  }

  @Override
  public List<byte[]> inclusionProof(long index, long treeSize) {
    return tree.inclusionProof(index, treeSize);
  }

  @Override
  public List<byte[]> consistencyProof(long first, long second) {
    return tree.consistencyProof(first, second);
  }
}
