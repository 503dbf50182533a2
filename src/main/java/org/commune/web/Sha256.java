package org.commune.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 digests, the one place the application hashes whole texts and byte strings (published hashes of
 * charters and proposal texts, stored hashes of tokens, key fingerprints). Text is hashed as its UTF-8
 * bytes. Keyed digests of private text are HMACs ({@code InstanceKeys}), not this; the Merkle tree of the
 * public log keeps its own digests, which feed prefixed bytes in pieces as RFC 9162 defines them.
 */
public final class Sha256 {

  private Sha256() {}

  /** The digest of {@code bytes}. */
  public static byte[] of(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** The digest of the UTF-8 bytes of {@code text}. */
  public static byte[] of(String text) {
    return of(text.getBytes(StandardCharsets.UTF_8));
  }

  /** The digest of the UTF-8 bytes of {@code text}, as 64 lower-case hex digits. */
  public static String hex(String text) {
    return HexFormat.of().formatHex(of(text));
  }
}
