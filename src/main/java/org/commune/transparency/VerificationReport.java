package org.commune.transparency;

import org.jspecify.annotations.Nullable;

/**
 * What the verifier found. When the log fails, {@code firstBadIndex} is the first entry that cannot
 * be trusted and {@code lastPossibleBadIndex} bounds it when checkpoints were sparse.
 */
record VerificationReport(
    boolean ok,
    long treeSize,
    long entriesChecked,
    long checkpointsChecked,
    long inclusionProofsChecked,
    long consistencyProofsChecked,
    @Nullable Long firstBadIndex,
    @Nullable Long lastPossibleBadIndex,
    String message) {

  String describe() {
    String counts =
        "tree size " + treeSize + ", " + entriesChecked + " entries, " + checkpointsChecked + " signed checkpoints, "
            + inclusionProofsChecked + " inclusion proofs, " + consistencyProofsChecked + " consistency proofs";
    if (ok) {
      return "OK: " + counts;
    }
    String where = "";
    if (firstBadIndex != null) {
      where =
          lastPossibleBadIndex == null || lastPossibleBadIndex.equals(firstBadIndex)
              ? " First bad index: " + firstBadIndex + "."
              : " First bad index: between " + firstBadIndex + " and " + lastPossibleBadIndex + ".";
    }
    return "FAILED: " + message + "." + where + " (" + counts + ")";
  }
}
