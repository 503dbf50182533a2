package org.commune.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Secret keys that must live outside the database, so that whoever can read the database (or a
 * dump of it) cannot undo what they protect: encryption of secrets at rest, keyed hashes of
 * private text, pseudonymous public ids. One random master key in {@code keys/instance.key}
 * (owner-only, made on first start); each use gets its own key derived from it by purpose, so that
 * one purpose's key says nothing about another's.
 */
@Component
public class InstanceKeys {

  static final String FILE = "instance.key";
  private static final int GCM_NONCE = 12;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] master;

  @Autowired
  public InstanceKeys(DataDirectory dataDirectory) {
    this(dataDirectory.ensurePrivate(dataDirectory.keys()).resolve(FILE));
  }

  InstanceKeys(Path file) {
    this.master = loadOrCreate(file);
  }

  private static byte[] loadOrCreate(Path file) {
    try {
      if (Files.exists(file)) {
        byte[] stored = Files.readAllBytes(file);
        if (stored.length != 32) {
          throw new IllegalStateException("The instance key " + file + " is damaged (expected 32 bytes)");
        }
        return stored;
      }
      byte[] fresh = new byte[32];
      RANDOM.nextBytes(fresh);
      Files.write(file, fresh, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      DataDirectory.ownerOnly(file);
      return fresh;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or write the instance key " + file, e);
    }
  }

  /** A 32-byte key for one purpose (e.g. "totp", "public-ids"), stable for this instance. */
  public byte[] key(String purpose) {
    return hmac(master, "commune-key:" + purpose);
  }

  /** HMAC-SHA256 of the text under the purpose's key, lower-case hex. */
  public String keyedHash(String purpose, String text) {
    return HexFormat.of().formatHex(hmac(key(purpose), text));
  }

  /** AES-256-GCM under the purpose's key; the result carries its random nonce. */
  public byte[] encrypt(String purpose, byte[] plain) {
    try {
      byte[] nonce = new byte[GCM_NONCE];
      RANDOM.nextBytes(nonce);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key(purpose), "AES"), new GCMParameterSpec(128, nonce));
      cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(plain);
      byte[] out = new byte[nonce.length + sealed.length];
      System.arraycopy(nonce, 0, out, 0, nonce.length);
      System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
      return out;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Encryption failed", e);
    }
  }

  /** Opens what {@link #encrypt} sealed for the same purpose; fails if it was altered. */
  public byte[] decrypt(String purpose, byte[] sealed) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key(purpose), "AES"),
          new GCMParameterSpec(128, sealed, 0, GCM_NONCE));
      cipher.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
      return cipher.doFinal(sealed, GCM_NONCE, sealed.length - GCM_NONCE);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("A value sealed with the instance key could not be opened (altered, or another instance's key)", e);
    }
  }

  private static byte[] hmac(byte[] key, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 unavailable", e);
    }
  }
}
