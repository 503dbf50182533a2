package org.commune.transparency;

/**
 * What kind of tampering a failed verification points to. The verifier names the most likely
 * explanation of the first difference it finds; the exact index or checkpoint comes with it.
 */
public enum Tampering {
  ENTRY_REWRITTEN("an entry was rewritten"),
  ENTRY_DELETED("an entry was deleted (later entries renumbered or missing)"),
  ENTRY_INSERTED("an entry was inserted"),
  ENTRIES_REORDERED("entries were reordered"),
  TAIL_CUT("the end of the log was cut off"),
  CHECKPOINT_BAD_SIGNATURE("a checkpoint is forged (its signature does not verify)"),
  CHECKPOINT_INCONSISTENT("a signed checkpoint is inconsistent with an earlier one"),
  KEY_CHANGED("the log's signing key changed"),
  CHECKPOINT_MISSING("the latest checkpoint is missing from the list of checkpoints"),
  PROOF_INVALID("a proof served by the server does not verify");

  private final String description;

  Tampering(String description) {
    this.description = description;
  }

  public String description() {
    return description;
  }
}
