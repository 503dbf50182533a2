package org.commune.testing;

import java.io.ByteArrayOutputStream;
import java.security.InvalidKeyException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import javax.crypto.spec.SecretKeySpec;
import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;

/** What an authenticator app does with the key it is shown: decode base32 and make TOTP codes. */
public final class Base32Decoder {

  private Base32Decoder() {}

  public static byte[] decode(String text) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int buffer = 0;
    int bits = 0;
    for (char c : text.toCharArray()) {
      buffer = (buffer << 5) | alphabet.indexOf(c);
      bits += 5;
      if (bits >= 8) {
        out.write((buffer >> (bits - 8)) & 0xff);
        bits -= 8;
      }
    }
    return out.toByteArray();
  }

  /** The six-digit code for the key, stepOffset 30-second steps from now (on the given clock). */
  public static String totp(String base32Key, Clock clock, int stepOffset) {
    try {
      var generator = new TimeBasedOneTimePasswordGenerator(Duration.ofSeconds(30), 6);
      Instant at = clock.instant().plusSeconds(30L * stepOffset);
      return String.format("%06d",
          generator.generateOneTimePassword(new SecretKeySpec(decode(base32Key), generator.getAlgorithm()), at));
    } catch (InvalidKeyException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A six-digit code that matches none of the steps a server accepts now (the current one and one either side). */
  public static String wrongTotp(String base32Key, Clock clock) {
    List<String> valid = List.of(totp(base32Key, clock, -1), totp(base32Key, clock, 0), totp(base32Key, clock, 1));
    return Stream.of("000000", "111111", "222222", "333333").filter(c -> !valid.contains(c)).findFirst().orElseThrow();
  }
}
