package org.commune.transparency.merkle;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An append-only Merkle tree that keeps the hash of every complete, aligned subtree (level l holds
 * the roots of subtrees of 2^l leaves). Any MTH(D[a:b]) that the RFC 9162 recursions ask for is then
 * either one stored hash or the combination of O(log n) of them, so roots and proofs for any past
 * tree size cost O(log² n) hashes at most. Memory: about 64 bytes per leaf.
 *
 * <p>Thread-safe: appends are serialised and readers see a consistent prefix.
 */
public final class MerkleTree {

  private final List<HashColumn> levels = new ArrayList<>();
  private long size;

  /** Appends one leaf hash (already SHA-256(0x00 || leaf)). */
  public synchronized void appendLeafHash(byte[] leafHash) {
    if (leafHash.length != Rfc9162.HASH_LENGTH) {
      throw new IllegalArgumentException("leaf hash must be 32 bytes");
    }
    MessageDigest digest = Rfc9162.sha256();
    column(0).add(leafHash);
    size++;
    // Each completed pair at one level completes a node at the next.
    long index = size - 1;
    int level = 0;
    byte[] hash = leafHash;
    while ((index & 1) == 1) {
      byte[] left = column(level).get(index - 1);
      hash = Rfc9162.nodeHash(digest, left, hash);
      level++;
      index >>= 1;
      column(level).add(hash);
    }
  }

  /** Forgets leaves from treeSize on, e.g. when the transaction that appended them rolled back. */
  public synchronized void truncate(long treeSize) {
    checkSize(treeSize);
    size = treeSize;
    for (int level = 0; level < levels.size(); level++) {
      levels.get(level).count = treeSize >> level;
    }
  }

  public synchronized long size() {
    return size;
  }

  /** The root hash of the tree made of the first treeSize leaves. */
  public synchronized byte[] rootHash(long treeSize) {
    checkSize(treeSize);
    if (treeSize == 0) {
      return Rfc9162.emptyRoot();
    }
    return subtreeHash(0, treeSize, Rfc9162.sha256());
  }

  /** The leaf hash at index. */
  public synchronized byte[] leafHash(long index) {
    if (index < 0 || index >= size) {
      throw new IllegalArgumentException("no leaf at index " + index);
    }
    return column(0).get(index);
  }

  /** PATH(m, D[n]) of RFC 9162 section 2.1.3.1, for leaf index m in the tree of size n. */
  public synchronized List<byte[]> inclusionProof(long leafIndex, long treeSize) {
    checkSize(treeSize);
    if (leafIndex < 0 || leafIndex >= treeSize) {
      throw new IllegalArgumentException("leaf index must be below the tree size");
    }
    List<byte[]> proof = new ArrayList<>();
    MessageDigest digest = Rfc9162.sha256();
    path(leafIndex, 0, treeSize, proof, digest);
    return proof;
  }

  /** PROOF(m, D[n]) of RFC 9162 section 2.1.4.1. */
  public synchronized List<byte[]> consistencyProof(long firstSize, long secondSize) {
    checkSize(secondSize);
    if (firstSize < 0 || firstSize > secondSize) {
      throw new IllegalArgumentException("first size must be between 0 and the second size");
    }
    List<byte[]> proof = new ArrayList<>();
    if (firstSize == 0 || firstSize == secondSize) {
      return proof;
    }
    subproof(firstSize, 0, secondSize, true, proof, Rfc9162.sha256());
    return proof;
  }

  private void path(long m, long start, long n, List<byte[]> proof, MessageDigest digest) {
    if (n <= 1) {
      return;
    }
    long k = Rfc9162.largestPowerOfTwoBelow(n);
    if (m < k) {
      path(m, start, k, proof, digest);
      proof.add(subtreeHash(start + k, n - k, digest));
    } else {
      path(m - k, start + k, n - k, proof, digest);
      proof.add(subtreeHash(start, k, digest));
    }
  }

  private void subproof(
      long m, long start, long n, boolean complete, List<byte[]> proof, MessageDigest digest) {
    if (m == n) {
      if (!complete) {
        proof.add(subtreeHash(start, n, digest));
      }
      return;
    }
    long k = Rfc9162.largestPowerOfTwoBelow(n);
    if (m <= k) {
      subproof(m, start, k, complete, proof, digest);
      proof.add(subtreeHash(start + k, n - k, digest));
    } else {
      subproof(m - k, start + k, n - k, false, proof, digest);
      proof.add(subtreeHash(start, k, digest));
    }
  }

  /** MTH(D[start:start+n]); the RFC recursions only ask for ranges whose start is aligned. */
  private byte[] subtreeHash(long start, long n, MessageDigest digest) {
    if (Long.bitCount(n) == 1) {
      int level = Long.numberOfTrailingZeros(n);
      return column(level).get(start >> level);
    }
    long k = Rfc9162.largestPowerOfTwoBelow(n);
    byte[] left = subtreeHash(start, k, digest);
    byte[] right = subtreeHash(start + k, n - k, digest);
    return Rfc9162.nodeHash(digest, left, right);
  }

  private void checkSize(long treeSize) {
    if (treeSize < 0 || treeSize > size) {
      throw new IllegalArgumentException("tree size must be between 0 and " + size);
    }
  }

  private HashColumn column(int level) {
    while (levels.size() <= level) {
      levels.add(new HashColumn());
    }
    return levels.get(level);
  }

  /** A growable array of 32-byte hashes stored back to back, to avoid an object per hash. */
  private static final class HashColumn {
    private byte[] bytes = new byte[Rfc9162.HASH_LENGTH * 16];
    private long count;

    void add(byte[] hash) {
      long needed = (count + 1) * Rfc9162.HASH_LENGTH;
      if (needed > bytes.length) {
        long grown = Math.max(needed, (long) bytes.length * 2);
        if (grown > Integer.MAX_VALUE - 8) {
          throw new IllegalStateException("log too large for one in-memory column");
        }
        bytes = Arrays.copyOf(bytes, (int) grown);
      }
      System.arraycopy(hash, 0, bytes, (int) (count * Rfc9162.HASH_LENGTH), Rfc9162.HASH_LENGTH);
      count++;
    }

    byte[] get(long index) {
      int from = (int) (index * Rfc9162.HASH_LENGTH);
      return Arrays.copyOfRange(bytes, from, from + Rfc9162.HASH_LENGTH);
    }
  }
}
