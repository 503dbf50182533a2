package org.commune.federation.http;

import java.io.ByteArrayOutputStream;

/** Wraps a PKCS#1 RSAPublicKey in a SubjectPublicKeyInfo (some older servers publish the bare form). */
final class Pkcs1 {

  private static final byte[] RSA_ALGORITHM = {
      0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00};

  private Pkcs1() {}

  static byte[] toSubjectPublicKeyInfo(byte[] rsaPublicKey) {
    ByteArrayOutputStream bitString = new ByteArrayOutputStream();
    bitString.write(0);
    bitString.writeBytes(rsaPublicKey);
    byte[] bits = tagged(0x03, bitString.toByteArray());
    ByteArrayOutputStream sequence = new ByteArrayOutputStream();
    sequence.writeBytes(RSA_ALGORITHM);
    sequence.writeBytes(bits);
    return tagged(0x30, sequence.toByteArray());
  }

  private static byte[] tagged(int tag, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int length = content.length;
    if (length < 0x80) {
      out.write(length);
    } else if (length < 0x100) {
      out.write(0x81);
      out.write(length);
    } else {
      out.write(0x82);
      out.write(length >> 8);
      out.write(length & 0xff);
    }
    out.writeBytes(content);
    return out.toByteArray();
  }
}
