package org.commune.transparency;

import java.util.List;
import java.util.Optional;

/** Where a verifier reads a log from: a server over HTTP, or (in tests) anything else. */
public interface LogSource {

  byte[] publicKey();

  Optional<Checkpoint> latestCheckpoint();

  /** Entries from start on, at most count, in index order: (index, exact leaf text). */
  List<LogLeaf> entries(long start, int count);

  /** Checkpoints with tree size ≥ fromSize, at most count, in size order. */
  List<Checkpoint> checkpoints(long fromSize, int count);

  List<byte[]> inclusionProof(long index, long treeSize);

  List<byte[]> consistencyProof(long first, long second);
}
