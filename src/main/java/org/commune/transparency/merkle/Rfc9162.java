package org.commune.transparency.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The hashing rules and proof verification algorithms of RFC 9162 section 2.1, written to follow
 * the text step by step so that a reader can check them against the RFC.
 */
public final class Rfc9162 {

  /** Length of a SHA-256 hash in bytes. */
  public static final int HASH_LENGTH = 32;

  private Rfc9162() {}

  /**
   * A digest to feed in pieces (a prefix byte, then the leaf or both children), as RFC 9162 hashes; not
   * {@code org.commune.web.Sha256}, which hashes whole texts: this core depends on the JDK alone.
   */
  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }

  /** MTH({}) = SHA-256() — the hash of an empty tree. */
  public static byte[] emptyRoot() {
    return sha256().digest();
  }

  /** MTH({d(0)}) = SHA-256(0x00 || d(0)). */
  public static byte[] leafHash(byte[] leaf) {
    MessageDigest digest = sha256();
    digest.update((byte) 0x00);
    return digest.digest(leaf);
  }

  /** SHA-256(0x01 || left || right). */
  public static byte[] nodeHash(byte[] left, byte[] right) {
    MessageDigest digest = sha256();
    digest.update((byte) 0x01);
    digest.update(left);
    return digest.digest(right);
  }

  static byte[] nodeHash(MessageDigest digest, byte[] left, byte[] right) {
    digest.update((byte) 0x01);
    digest.update(left);
    return digest.digest(right);
  }

  /** The largest power of two strictly smaller than n (n > 1). */
  static long largestPowerOfTwoBelow(long n) {
    return Long.highestOneBit(n - 1);
  }

  /** Section 2.1.3.2: verifies that leafHash is the leaf at leafIndex of the tree with rootHash. */
  public static boolean verifyInclusion(
      long leafIndex, long treeSize, byte[] leafHash, List<byte[]> path, byte[] rootHash) {
    if (leafIndex < 0 || leafIndex >= treeSize) {
      return false;
    }
    long fn = leafIndex;
    long sn = treeSize - 1;
    byte[] r = leafHash;
    MessageDigest digest = sha256();
    for (byte[] p : path) {
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        r = nodeHash(digest, p, r);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        r = nodeHash(digest, r, p);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return sn == 0 && Arrays.equals(r, rootHash);
  }

  /** Section 2.1.4.2: verifies that the tree (secondSize, secondHash) extends (firstSize, firstHash). */
  public static boolean verifyConsistency(
      long firstSize, long secondSize, byte[] firstHash, byte[] secondHash, List<byte[]> proof) {
    if (firstSize < 0 || secondSize < firstSize) {
      return false;
    }
    if (firstSize == secondSize) {
      return proof.isEmpty() && Arrays.equals(firstHash, secondHash);
    }
    if (firstSize == 0) {
      // Every tree extends the empty tree; RFC 9162 defines no proof for it.
      return proof.isEmpty();
    }
    if (proof.isEmpty()) {
      return false;
    }
    List<byte[]> path = new ArrayList<>(proof.size() + 1);
    if (Long.bitCount(firstSize) == 1) {
      path.add(firstHash);
    }
    path.addAll(proof);
    long fn = firstSize - 1;
    long sn = secondSize - 1;
    while ((fn & 1) == 1) {
      fn >>= 1;
      sn >>= 1;
    }
    byte[] fr = path.get(0);
    byte[] sr = path.get(0);
    MessageDigest digest = sha256();
    for (int i = 1; i < path.size(); i++) {
      byte[] c = path.get(i);
      if (sn == 0) {
        return false;
      }
      if ((fn & 1) == 1 || fn == sn) {
        fr = nodeHash(digest, c, fr);
        sr = nodeHash(digest, c, sr);
        if ((fn & 1) == 0) {
          while ((fn & 1) == 0 && fn != 0) {
            fn >>= 1;
            sn >>= 1;
          }
        }
      } else {
        sr = nodeHash(digest, sr, c);
      }
      fn >>= 1;
      sn >>= 1;
    }
    return Arrays.equals(fr, firstHash) && Arrays.equals(sr, secondHash) && sn == 0;
  }
}
