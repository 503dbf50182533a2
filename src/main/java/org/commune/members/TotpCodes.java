package org.commune.members;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 time-based one-time codes (30-second steps, 6 digits, HMAC-SHA1 as authenticator apps
 * use). A code is accepted for the current step and one step either side, for clock drift.
 */
final class TotpCodes {

  static final Duration STEP = Duration.ofSeconds(30);

  private static final TimeBasedOneTimePasswordGenerator GENERATOR = new TimeBasedOneTimePasswordGenerator(STEP, 6);

  private TotpCodes() {}

  /** The time step whose code matches, if any. */
  static OptionalLong matchingStep(byte[] secret, String code, Instant now) {
    if (code == null || !code.matches("\\d{6}")) {
      return OptionalLong.empty();
    }
    int wanted = Integer.parseInt(code);
    long step = now.getEpochSecond() / STEP.getSeconds();
    for (long candidate = step - 1; candidate <= step + 1; candidate++) {
      if (codeAt(secret, candidate) == wanted) {
        return OptionalLong.of(candidate);
      }
    }
    return OptionalLong.empty();
  }

  // The generator reuses one Mac, which is not thread-safe.
  static synchronized int codeAt(byte[] secret, long step) {
    try {
      return GENERATOR.generateOneTimePassword(
          new SecretKeySpec(secret, GENERATOR.getAlgorithm()), Instant.ofEpochSecond(step * STEP.getSeconds()));
    } catch (InvalidKeyException e) {
      throw new IllegalStateException("TOTP secret rejected by HMAC", e);
    }
  }

  static String otpauthUri(String issuer, String account, byte[] secret) {
    String label = encode(issuer) + ":" + encode(account);
    return "otpauth://totp/" + label + "?secret=" + Base32.encode(secret) + "&issuer=" + encode(issuer)
        + "&algorithm=SHA1&digits=6&period=30";
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
