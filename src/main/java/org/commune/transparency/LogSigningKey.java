package org.commune.transparency;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import org.commune.database.DataDirectory;
import org.commune.database.KeyPairFiles;
import org.springframework.stereotype.Component;

/**
 * The instance's Ed25519 key for signing checkpoints. Made on first start and kept in the data
 * directory's {@code keys/} folder, readable by the owner only; backups carry it.
 */
@Component
class LogSigningKey {

  static final String PRIVATE_FILE = "log-ed25519.pk8";
  static final String PUBLIC_FILE = "log-ed25519.pub";

  private final PrivateKey privateKey;
  private final PublicKey publicKey;

  LogSigningKey(DataDirectory dataDirectory) {
    Path dir = dataDirectory.ensurePrivate(dataDirectory.keys());
    try {
      KeyPair pair = KeyPairFiles.loadOrCreate(dir, PRIVATE_FILE, PUBLIC_FILE, "Ed25519", () -> {
        try {
          return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException("Ed25519 is missing from this JDK", e);
        }
      });
      this.privateKey = pair.getPrivate();
      this.publicKey = pair.getPublic();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or write the log signing key in " + dir, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The log signing key in " + dir + " is damaged", e);
    }
  }

  byte[] sign(byte[] message) {
    try {
      Signature signature = Signature.getInstance("Ed25519");
      signature.initSign(privateKey);
      signature.update(message);
      return signature.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  /** The public key, X.509 SubjectPublicKeyInfo DER. */
  byte[] publicKey() {
    return publicKey.getEncoded();
  }
}
