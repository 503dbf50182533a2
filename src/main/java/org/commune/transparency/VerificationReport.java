package org.commune.transparency;

import org.jspecify.annotations.Nullable;

/**
 * What the verifier found. When the log fails, {@code kind} says what kind of tampering it points
 * to; {@code firstBadIndex} is the first entry that cannot be trusted ({@code lastPossibleBadIndex}
 * bounds it when only a range is known), and {@code badCheckpoint} the tree size of the checkpoint
 * at fault when the fault is a checkpoint's rather than an entry's.
 */
public record VerificationReport(
    boolean ok,
    long treeSize,
    long entriesChecked,
    long checkpointsChecked,
    long inclusionProofsChecked,
    long consistencyProofsChecked,
    @Nullable Long firstBadIndex,
    @Nullable Long lastPossibleBadIndex,
    String message,
    @Nullable Tampering kind,
    @Nullable Long badCheckpoint) {

  VerificationReport(boolean ok, long treeSize, long entriesChecked, long checkpointsChecked,
      long inclusionProofsChecked, long consistencyProofsChecked, @Nullable Long firstBadIndex,
      @Nullable Long lastPossibleBadIndex, String message) {
    this(ok, treeSize, entriesChecked, checkpointsChecked, inclusionProofsChecked, consistencyProofsChecked,
        firstBadIndex, lastPossibleBadIndex, message, null, null);
  }

  public String describe() {
    String counts =
        "tree size " + treeSize + ", " + entriesChecked + " entries, " + checkpointsChecked + " signed checkpoints, "
            + inclusionProofsChecked + " inclusion proofs, " + consistencyProofsChecked + " consistency proofs";
    if (ok) {
      return "OK: " + counts;
    }
    String what = kind == null ? "" : " Kind: " + kind.name() + " (" + kind.description() + ").";
    String where = "";
    if (firstBadIndex != null) {
      where =
          lastPossibleBadIndex == null || lastPossibleBadIndex.equals(firstBadIndex)
              ? " First bad index: " + firstBadIndex + "."
              : " First bad index: between " + firstBadIndex + " and " + lastPossibleBadIndex + ".";
    }
    if (badCheckpoint != null) {
      where += " Bad checkpoint: tree size " + badCheckpoint + ".";
    }
    return "FAILED: " + message + "." + what + where + " (" + counts + ")";
  }
}
