package org.commune.federation.http;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.commune.database.DataDirectory;
import org.commune.database.KeyPairFiles;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The organisation actor's RSA 2048 key pair (Mastodon and most servers accept only RSA for HTTP
 * Signatures). Made on first start in the data directory's {@code keys/} folder, owner-only, carried by
 * backups and archives' manifests (the public half only). Distinct from the log's Ed25519 key: each key
 * signs one kind of thing.
 */
@Component
public class ActorKeys {

  static final String PRIVATE_FILE = "actor-rsa.pk8";
  static final String PUBLIC_FILE = "actor-rsa.pub";

  private final PrivateKey privateKey;
  private final PublicKey publicKey;

  @Autowired
  ActorKeys(DataDirectory dataDirectory) {
    Path dir = dataDirectory.ensurePrivate(dataDirectory.keys());
    try {
      KeyPair pair = KeyPairFiles.loadOrCreate(dir, PRIVATE_FILE, PUBLIC_FILE, "RSA", ActorKeys::generate);
      this.privateKey = pair.getPrivate();
      this.publicKey = pair.getPublic();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or write the actor key in " + dir, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("The actor key in " + dir + " is damaged", e);
    }
  }

  /** For tests and tools: a given pair. */
  public ActorKeys(KeyPair pair) {
    this.privateKey = pair.getPrivate();
    this.publicKey = pair.getPublic();
  }

  public static KeyPair generate() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA is missing from this JDK", e);
    }
  }

  public PrivateKey privateKey() {
    return privateKey;
  }

  public PublicKey publicKey() {
    return publicKey;
  }

  /** The public key as the actor document's {@code publicKeyPem}. */
  public String publicKeyPem() {
    return pem(publicKey);
  }

  public static String pem(PublicKey key) {
    String body = Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded());
    return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
  }

  /** Reads a {@code publicKeyPem} as other servers publish it (SubjectPublicKeyInfo; PKCS#1 RSA too). */
  public static PublicKey parsePem(String pem) throws GeneralSecurityException {
    boolean pkcs1 = pem.contains("BEGIN RSA PUBLIC KEY");
    String base64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    byte[] der = Base64.getDecoder().decode(base64);
    if (pkcs1) {
      der = Pkcs1.toSubjectPublicKeyInfo(der);
    }
    return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
  }
}
