package org.commune.members;

import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/** Argon2id password hashing (BouncyCastle), with a fixed decoy hash to even out sign-in timing. */
@Component
class Passwords {

  private final PasswordEncoder encoder = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
  private final String decoy = encoder.encode("decoy password that nobody has");

  String hash(String password) {
    return encoder.encode(password);
  }

  boolean matches(String password, String hash) {
    return encoder.matches(password, hash);
  }

  /** Spends the same time as a real check, for accounts that do not exist. */
  void spendTimeOnDecoy(String password) {
    encoder.matches(password, decoy);
  }
}
