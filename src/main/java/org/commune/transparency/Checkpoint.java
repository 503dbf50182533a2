package org.commune.transparency;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

/**
 * A signed tree head: the log had {@code treeSize} entries with this root hash at this time. The
 * signature covers {@link #signedText()}, a short text anyone can rebuild from the fields.
 */
public record Checkpoint(long treeSize, byte[] rootHash, Instant issuedAt, byte[] signature) {

  /** The first line of every signed text: names the format, so a signature is never reused elsewhere. */
  public static final String ORIGIN = "commune transparency log v1";

  public static byte[] signedText(long treeSize, byte[] rootHash, Instant issuedAt) {
    String text =
        ORIGIN + "\n" + treeSize + "\n" + Base64.getEncoder().encodeToString(rootHash) + "\n"
            + issuedAt.getEpochSecond() + "\n";
    return text.getBytes(StandardCharsets.UTF_8);
  }

  public byte[] signedText() {
    return signedText(treeSize, rootHash, issuedAt);
  }
}
