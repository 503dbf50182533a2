package org.commune.transparency;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.commune.transparency.merkle.MerkleTree;
import org.commune.transparency.merkle.Rfc9162;

/**
 * A Merkle tree rebuilt from a log's leaf texts, for those who serve a copy of another log (an ally's
 * mirror): the same RFC 9162 roots and proofs the origin serves, from the same code.
 */
public final class LogTree {

  private final MerkleTree tree = new MerkleTree();

  public static LogTree of(List<String> leaves) {
    LogTree tree = new LogTree();
    leaves.forEach(tree::append);
    return tree;
  }

  public void append(String leaf) {
    tree.appendLeafHash(Rfc9162.leafHash(leaf.getBytes(StandardCharsets.UTF_8)));
  }

  public long size() {
    return tree.size();
  }

  public byte[] rootHash(long size) {
    return tree.rootHash(size);
  }

  public byte[] leafHash(long index) {
    return tree.leafHash(index);
  }

  public List<byte[]> inclusionProof(long index, long size) {
    return tree.inclusionProof(index, size);
  }

  public List<byte[]> consistencyProof(long first, long second) {
    return tree.consistencyProof(first, second);
  }

  /** The leaf hashes, 32 bytes each in order, as {@link LogVerifier.Remembered} takes them. */
  public byte[] leafHashes() {
    byte[] all = new byte[Math.toIntExact(tree.size() * Rfc9162.HASH_LENGTH)];
    for (long i = 0; i < tree.size(); i++) {
      System.arraycopy(tree.leafHash(i), 0, all, (int) (i * Rfc9162.HASH_LENGTH), Rfc9162.HASH_LENGTH);
    }
    return all;
  }
}
