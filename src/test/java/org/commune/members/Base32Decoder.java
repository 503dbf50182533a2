package org.commune.members;

import java.io.ByteArrayOutputStream;

/** Decodes RFC 4648 base32, as an authenticator app does with the secret it is shown. */
final class Base32Decoder {

  private Base32Decoder() {}

  static byte[] decode(String text) {
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
}
