package org.commune.federation.survival;

import java.util.List;
import java.util.Optional;
import org.commune.transparency.Checkpoint;
import org.commune.transparency.LogLeaf;
import org.commune.transparency.LogSource;
import org.commune.transparency.LogTree;

/** A mirrored log as stored here: what the mirror serves, and what it re-verifies before saying "verified". */
final class StoredLogSource implements LogSource {

  private final MirrorRepository mirror;
  private final Ally ally;
  private final LogTree tree;

  StoredLogSource(MirrorRepository mirror, Ally ally) {
    this.mirror = mirror;
    this.ally = ally;
    this.tree = LogTree.of(mirror.allLeaves(ally.host()));
  }

  long size() {
    return tree.size();
  }

  byte[] leafHash(long index) {
    return tree.leafHash(index);
  }

  @Override
  public byte[] publicKey() {
    return ally.logKey();
  }

  @Override
  public Optional<Checkpoint> latestCheckpoint() {
    return mirror.latestCheckpoint(ally.host());
  }

  @Override
  public List<LogLeaf> entries(long start, int count) {
    return mirror.leaves(ally.host(), start, count);
  }

  @Override
  public List<Checkpoint> checkpoints(long fromSize, int count) {
    return mirror.checkpoints(ally.host(), fromSize, count);
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
