package org.commune.transparency;

import java.time.Instant;
import java.util.List;

/**
 * Who witnessed this log: the newest cosignatures of its checkpoints received from other Communes, for the
 * log page. Federation provides it (its allies cosign); without federation the page shows none.
 */
public interface LogWitnesses {

  /** One cosignature: the witness's address, the tree size and when it was cosigned. */
  record Witnessed(String witness, String witnessKeyFingerprint, long treeSize, Instant cosignedAt) {}

  List<Witnessed> newest(int count);
}
