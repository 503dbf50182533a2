package org.commune.transparency;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;

/**
 * A witness's cosignature of another log's checkpoint: "I, holder of this log key, saw that log (named by
 * its key's fingerprint) at this tree size with this root, and it extended every checkpoint I cosigned
 * before". The idea of C2SP tlog-cosignature: the signed text is its own, domain-separated from
 * checkpoints, so a cosignature can never pass for a checkpoint signature or the reverse.
 *
 * @param witnessKey the witness's Ed25519 log key (X.509 DER)
 * @param originKey the cosigned log's Ed25519 key (X.509 DER)
 * @param time when the witness cosigned, epoch seconds
 */
public record Cosignature(byte[] witnessKey, byte[] originKey, long treeSize, byte[] rootHash, long time,
    byte[] signature) {

  /** The first line of every cosigned text. */
  public static final String HEADER = "commune log cosignature v1";

  public static byte[] signedText(byte[] witnessKey, byte[] originKey, long treeSize, byte[] rootHash, long time) {
    String text = HEADER + "\n"
        + "witness " + LogSignatures.fingerprint(witnessKey) + "\n"
        + "origin " + LogSignatures.fingerprint(originKey) + "\n"
        + treeSize + "\n"
        + Base64.getEncoder().encodeToString(rootHash) + "\n"
        + "time " + time + "\n";
    return text.getBytes(StandardCharsets.UTF_8);
  }

  public byte[] signedText() {
    return signedText(witnessKey, originKey, treeSize, rootHash, time);
  }

  /** Whether the signature is the witness key's over this text (false for anything malformed). */
  public boolean verifies() {
    try {
      PublicKey key = LogSignatures.publicKey(witnessKey);
      Signature check = Signature.getInstance("Ed25519");
      check.initVerify(key);
      check.update(signedText());
      return check.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }

  /** Whether this cosigns the given checkpoint (same size and root). */
  public boolean covers(Checkpoint checkpoint) {
    return checkpoint.treeSize() == treeSize && Arrays.equals(checkpoint.rootHash(), rootHash);
  }
}
