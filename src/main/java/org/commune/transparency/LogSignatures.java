package org.commune.transparency;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import org.commune.web.Sha256;

/** Checking checkpoint signatures and naming keys; shared by the server and the verifier. */
public final class LogSignatures {

  private LogSignatures() {}

  public static PublicKey publicKey(byte[] x509) throws GeneralSecurityException {
    return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(x509));
  }

  public static boolean verify(PublicKey key, Checkpoint checkpoint) {
    try {
      Signature signature = Signature.getInstance("Ed25519");
      signature.initVerify(key);
      signature.update(checkpoint.signedText());
      return signature.verify(checkpoint.signature());
    } catch (GeneralSecurityException e) {
      return false;
    }
  }

  /** A short fingerprint of a public key (first 16 bytes of its SHA-256, hex) for people to compare. */
  public static String fingerprint(byte[] x509) {
    return HexFormat.ofDelimiter(":").formatHex(Sha256.of(x509), 0, 16);
  }
}
