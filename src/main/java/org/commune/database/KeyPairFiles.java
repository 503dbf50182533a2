package org.commune.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.function.Supplier;

/**
 * An instance key pair kept in the data directory's {@code keys/} folder: the private half PKCS#8 and
 * owner-only (written to a temporary file first, so a crash never leaves half a key), the public half X.509.
 * Made on first start; backups carry the folder. One place for every key the instance signs with.
 */
public final class KeyPairFiles {

  private KeyPairFiles() {}

  public static KeyPair loadOrCreate(Path dir, String privateName, String publicName, String algorithm,
      Supplier<KeyPair> generate) throws IOException, GeneralSecurityException {
    Path privateFile = dir.resolve(privateName);
    Path publicFile = dir.resolve(publicName);
    KeyFactory factory = KeyFactory.getInstance(algorithm);
    if (Files.exists(privateFile) && Files.exists(publicFile)) {
      return new KeyPair(
          factory.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(publicFile))),
          factory.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(privateFile))));
    }
    KeyPair pair = generate.get();
    Path temporary = Files.createTempFile(dir, privateName, ".tmp");
    DataDirectory.ownerOnly(temporary);
    Files.write(temporary, pair.getPrivate().getEncoded());
    Files.move(temporary, privateFile, StandardCopyOption.ATOMIC_MOVE);
    Files.write(publicFile, pair.getPublic().getEncoded());
    return pair;
  }
}
