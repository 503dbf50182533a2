package org.commune.transparency;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.commune.transparency.merkle.MerkleTree;
import org.commune.transparency.merkle.Rfc9162;

/**
 * A log served from memory, built the way the server builds it (one signed checkpoint per append),
 * whose stored leaves a test can then tamper with as someone with database access could.
 */
final class InMemoryLog implements LogSource {

  final List<LogLeaf> entries = new ArrayList<>();
  final List<Checkpoint> checkpoints = new ArrayList<>();
  private final MerkleTree honestTree = new MerkleTree();
  private final KeyPair key;

  InMemoryLog() throws Exception {
    key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
  }

  static InMemoryLog withEntries(int count) throws Exception {
    InMemoryLog log = new InMemoryLog();
    for (int i = 0; i < count; i++) {
      log.append(LeafCodec.encode("member.joined", Instant.ofEpochSecond(1_700_000_000L + i),
          Map.of("member", "m-" + i, "via", "invitation")));
    }
    return log;
  }

  void append(String leaf) throws Exception {
    appendUnsealed(leaf);
    seal();
  }

  /** Adds an entry without a checkpoint, as the server does inside a grouped append. */
  void appendUnsealed(String leaf) {
    entries.add(new LogLeaf(entries.size(), leaf));
    honestTree.appendLeafHash(Rfc9162.leafHash(leaf.getBytes(StandardCharsets.UTF_8)));
  }

  /** Signs a checkpoint for everything appended so far. */
  void seal() throws Exception {
    long size = honestTree.size();
    byte[] root = honestTree.rootHash(size);
    Instant at = Instant.ofEpochSecond(1_700_000_000L + size);
    Signature signature = Signature.getInstance("Ed25519");
    signature.initSign(key.getPrivate());
    signature.update(Checkpoint.signedText(size, root, at));
    checkpoints.add(new Checkpoint(size, root, at, signature.sign()));
  }

  /**
   * What a server restarted on a rewritten database does: rebuilds its tree from the entries as they
   * are now, forgets checkpoints above {@code keep}, and signs a new checkpoint over what it has.
   */
  void resignAfterRewrite(long keep) throws Exception {
    checkpoints.removeIf(c -> c.treeSize() > keep);
    honestTree.truncate(0);
    for (LogLeaf entry : entries) {
      honestTree.appendLeafHash(Rfc9162.leafHash(entry.leaf().getBytes(StandardCharsets.UTF_8)));
    }
    seal();
  }

  /** Renumbers entries 0..n-1 in list order, as an attacker hiding a deletion or insertion would. */
  void renumber() {
    for (int i = 0; i < entries.size(); i++) {
      entries.set(i, new LogLeaf(i, entries.get(i).leaf()));
    }
  }

  @Override
  public byte[] publicKey() {
    return key.getPublic().getEncoded();
  }

  @Override
  public Optional<Checkpoint> latestCheckpoint() {
    return checkpoints.isEmpty() ? Optional.empty() : Optional.of(checkpoints.get(checkpoints.size() - 1));
  }

  @Override
  public List<LogLeaf> entries(long start, int count) {
    return entries.stream().filter(e -> e.index() >= start).limit(count).toList();
  }

  @Override
  public List<Checkpoint> checkpoints(long fromSize, int count) {
    return checkpoints.stream().filter(c -> c.treeSize() >= fromSize).limit(count).toList();
  }

  /** Proofs come from the honest tree, as a server that kept its in-memory tree would give. */
  @Override
  public List<byte[]> inclusionProof(long index, long treeSize) {
    return honestTree.inclusionProof(index, treeSize);
  }

  @Override
  public List<byte[]> consistencyProof(long first, long second) {
    return honestTree.consistencyProof(first, second);
  }
}
