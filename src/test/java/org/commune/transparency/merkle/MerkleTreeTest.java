package org.commune.transparency.merkle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The fast Merkle tree against RFC 9162's own definitions and the CT test vectors. */
class MerkleTreeTest {

  private static final HexFormat HEX = HexFormat.of();

  /** The eight leaves used by the Certificate Transparency reference tests. */
  private static final List<byte[]> CT_LEAVES =
      List.of(
          HEX.parseHex(""),
          HEX.parseHex("00"),
          HEX.parseHex("10"),
          HEX.parseHex("2021"),
          HEX.parseHex("3031"),
          HEX.parseHex("40414243"),
          HEX.parseHex("5051525354555657"),
          HEX.parseHex("606162636465666768696a6b6c6d6e6f"));

  /** Roots of the first 1..8 of those leaves, as published with the CT reference implementation. */
  private static final List<String> CT_ROOTS =
      List.of(
          "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
          "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
          "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
          "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
          "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
          "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
          "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
          "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");

  /** The empty tree's root is the hash of nothing, as RFC 9162 defines. */
  @Test
  void emptyTreeRootIsHashOfEmptyString() {
    assertThat(HEX.formatHex(new MerkleTree().rootHash(0)))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  /** Roots match the Certificate Transparency reference vectors for every prefix. */
  @Test
  void rootsMatchCertificateTransparencyVectors() {
    MerkleTree tree = treeOf(CT_LEAVES);
    for (int size = 1; size <= 8; size++) {
      assertThat(HEX.formatHex(tree.rootHash(size))).as("root of %d leaves", size).isEqualTo(CT_ROOTS.get(size - 1));
    }
  }

  /** Roots, inclusion paths and consistency proofs equal the RFC's recursive definitions. */
  @Property(tries = 200)
  void agreesWithTheRfcDefinitions(@ForAll("leaves") List<byte[]> leaves, @ForAll @IntRange(min = 0, max = 10_000) int pick) {
    MerkleTree tree = treeOf(leaves);
    int n = leaves.size();
    int size = 1 + pick % n;
    List<byte[]> prefix = leaves.subList(0, size);
    assertThat(tree.rootHash(size)).isEqualTo(ReferenceMerkle.mth(prefix));
    int m = pick % size;
    assertSameHashes(tree.inclusionProof(m, size), ReferenceMerkle.path(m, prefix));
    int first = 1 + pick % size;
    assertSameHashes(tree.consistencyProof(first, size), ReferenceMerkle.proof(first, prefix));
  }

  /** Every inclusion proof verifies, and fails for any other leaf, index or root. */
  @Property(tries = 200)
  void inclusionProofsVerifyAndDetectChanges(@ForAll("leaves") List<byte[]> leaves, @ForAll @IntRange(max = 10_000) int pick) {
    MerkleTree tree = treeOf(leaves);
    long n = leaves.size();
    long index = pick % n;
    byte[] root = tree.rootHash(n);
    List<byte[]> path = tree.inclusionProof(index, n);
    byte[] leafHash = Rfc9162.leafHash(leaves.get((int) index));
    assertThat(Rfc9162.verifyInclusion(index, n, leafHash, path, root)).isTrue();

    byte[] otherLeaf = Rfc9162.leafHash(("not " + pick).getBytes());
    assertThat(Rfc9162.verifyInclusion(index, n, otherLeaf, path, root)).isFalse();
    if (n > 1) {
      long otherIndex = (index + 1) % n;
      boolean sameLeaf = Arrays.equals(leaves.get((int) otherIndex), leaves.get((int) index));
      if (!sameLeaf) {
        assertThat(Rfc9162.verifyInclusion(otherIndex, n, leafHash, path, root)).isFalse();
      }
    }
    byte[] wrongRoot = root.clone();
    wrongRoot[pick % 32] ^= 1;
    assertThat(Rfc9162.verifyInclusion(index, n, leafHash, path, wrongRoot)).isFalse();
    if (!path.isEmpty()) {
      List<byte[]> damaged = new ArrayList<>(path);
      byte[] hash = damaged.get(pick % damaged.size()).clone();
      hash[0] ^= (byte) 0x80;
      damaged.set(pick % damaged.size(), hash);
      assertThat(Rfc9162.verifyInclusion(index, n, leafHash, damaged, root)).isFalse();
    }
  }

  /** Consistency proofs verify between any two sizes and fail when either history changed. */
  @Property(tries = 200)
  void consistencyProofsVerifyAndDetectRewrites(@ForAll("leaves") List<byte[]> leaves, @ForAll @IntRange(max = 10_000) int pick) {
    MerkleTree tree = treeOf(leaves);
    long second = 1 + pick % leaves.size();
    long first = 1 + (pick / 7) % second;
    List<byte[]> proof = tree.consistencyProof(first, second);
    byte[] firstRoot = tree.rootHash(first);
    byte[] secondRoot = tree.rootHash(second);
    assertThat(Rfc9162.verifyConsistency(first, second, firstRoot, secondRoot, proof)).isTrue();

    // Rewrite one leaf of the older history: the new tree is no longer consistent with the old root.
    List<byte[]> rewritten = new ArrayList<>(leaves);
    int victim = (int) (pick % first);
    rewritten.set(victim, ("rewritten " + pick).getBytes());
    MerkleTree forged = treeOf(rewritten);
    if (first < second) {
      assertThat(Rfc9162.verifyConsistency(
              first, second, firstRoot, forged.rootHash(second), forged.consistencyProof(first, second)))
          .isFalse();
    } else {
      assertThat(Rfc9162.verifyConsistency(first, second, firstRoot, forged.rootHash(second), List.of())).isFalse();
    }
  }

  /** Truncating (a rolled-back append) gives back exactly the earlier tree. */
  @Property(tries = 100)
  void truncateRestoresEarlierTree(@ForAll("leaves") List<byte[]> leaves, @ForAll @IntRange(max = 10_000) int pick) {
    MerkleTree tree = treeOf(leaves);
    int keep = pick % (leaves.size() + 1);
    tree.truncate(keep);
    MerkleTree expected = treeOf(leaves.subList(0, keep));
    assertThat(tree.size()).isEqualTo(keep);
    assertThat(tree.rootHash(keep)).isEqualTo(expected.rootHash(keep));
    for (byte[] leaf : leaves.subList(keep, leaves.size())) {
      tree.appendLeafHash(Rfc9162.leafHash(leaf));
    }
    assertThat(tree.rootHash(leaves.size())).isEqualTo(treeOf(leaves).rootHash(leaves.size()));
  }

  @Provide
  Arbitrary<List<byte[]>> leaves() {
    Arbitrary<byte[]> leaf =
        Combinators.combine(Arbitraries.integers().between(0, 1_000_000), Arbitraries.strings().ofMaxLength(8))
            .as((i, s) -> (i + ":" + s).getBytes());
    return leaf.list().ofMinSize(1).ofMaxSize(140);
  }

  private static MerkleTree treeOf(List<byte[]> leaves) {
    MerkleTree tree = new MerkleTree();
    for (byte[] leaf : leaves) {
      tree.appendLeafHash(Rfc9162.leafHash(leaf));
    }
    return tree;
  }

  private static void assertSameHashes(List<byte[]> actual, List<byte[]> expected) {
    assertThat(actual).hasSameSizeAs(expected);
    for (int i = 0; i < expected.size(); i++) {
      assertThat(actual.get(i)).as("hash %d", i).isEqualTo(expected.get(i));
    }
  }
}
