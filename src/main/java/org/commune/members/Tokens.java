package org.commune.members;

import java.security.SecureRandom;
import java.util.Base64;
import org.commune.web.Sha256;

/**
 * Single-use secrets sent by link (invitations, password resets, the setup link). Only their
 * SHA-256 is stored: a database leak gives nobody a working link.
 */
final class Tokens {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Tokens() {}

  /** 256 random bits, URL-safe. */
  static String newToken() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static byte[] hash(String token) {
    return Sha256.of(token);
  }

  /** A token looks plausible (right alphabet and length) before it is looked up. */
  static boolean wellFormed(String token) {
    return token != null && token.matches("[A-Za-z0-9_-]{43}");
  }

  static byte[] randomBytes(int length) {
    byte[] bytes = new byte[length];
    RANDOM.nextBytes(bytes);
    return bytes;
  }
}
