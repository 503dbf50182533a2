package org.commune.transparency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The attacker holds the database (and, for the re-signed cases, a server that signs whatever tree
 * the database gives it). For each kind of tampering the verifier must name the kind and the exact
 * entry or checkpoint: never a range, never an innocent entry.
 */
class TamperKindsTest {

  static final int SIZE = 60;

  interface Attack {
    VerificationReport run() throws Exception;
  }

  record Case(String name, Tampering kind, @Nullable Long index, @Nullable Long checkpoint, Attack attack) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("entry rewritten", Tampering.ENTRY_REWRITTEN, 30L, null, () -> {
          InMemoryLog log = InMemoryLog.withEntries(SIZE);
          rewrite(log, 30);
          return check(log, null);
        }),
        new Case("entry rewritten inside a grouped append", Tampering.ENTRY_REWRITTEN, 25L, null, () -> {
          InMemoryLog log = InMemoryLog.withEntries(10);
          for (int i = 10; i < SIZE; i++) {
            log.appendUnsealed(leaf(i));
          }
          log.seal();
          rewrite(log, 25);
          return check(log, null);
        }),
        new Case("entry deleted, a gap in the indexes", Tampering.ENTRY_DELETED, 30L, null, () -> {
          InMemoryLog log = InMemoryLog.withEntries(SIZE);
          log.entries.remove(30);
          return check(log, null);
        }),
        new Case("entry deleted, a gap, known to an earlier run", Tampering.ENTRY_DELETED, 30L, null, () -> {
          InMemoryLog log = InMemoryLog.withEntries(SIZE);
          LogVerifier.Remembered before = remember(log, true);
          log.entries.remove(30);
          return check(log, before);
        }),
        new Case("entry deleted and the rest renumbered", Tampering.ENTRY_DELETED, 30L, null, () -> {
          InMemoryLog log = InMemoryLog.withEntries(SIZE);
          log.entries.remove(30);
          log.renumber();
          return check(log, null);
        }),
        new Case("entry inserted and the rest renumbered", Tampering.ENTRY_INSERTED, 30L, null, () -> {
          InMemoryLog log = InMemoryLog.withEntries(SIZE);
          log.entries.add(30, new LogLeaf(30, leaf(999)));
          log.renumber();
          return check(log, null);
        }),
        new Case("entries swapped far apart", Tampering.ENTRIES_REORDERED, 30L, null, () -> {
          InMemoryLog log = InMemoryLog.withEntries(SIZE);
          swap(log, 30, 41);
          return check(log, null);
        }),
        new Case("neighbouring entries swapped", Tampering.ENTRIES_REORDERED, 30L, null, () -> {
          InMemoryLog log = InMemoryLog.withEntries(SIZE);
          swap(log, 30, 31);
          return check(log, null);
        }),
        new Case("tail cut, checkpoints left", Tampering.TAIL_CUT, 45L, (long) SIZE, () -> {
          InMemoryLog log = InMemoryLog.withEntries(SIZE);
          log.entries.subList(45, SIZE).clear();
          return check(log, null);
        }),
        new Case("tail cut with its checkpoints, known to an earlier run", Tampering.TAIL_CUT, 45L, null, () -> {
          InMemoryLog log = InMemoryLog.withEntries(SIZE);
          LogVerifier.Remembered before = remember(log, true);
          log.entries.subList(45, SIZE).clear();
          log.checkpoints.removeIf(c -> c.treeSize() > 45);
          return check(log, before);
        }),
        new Case("tail cut with its checkpoints, earlier run kept no leaves", Tampering.TAIL_CUT, 45L, 45L, () -> {
          InMemoryLog log = InMemoryLog.withEntries(SIZE);
          LogVerifier.Remembered before = remember(log, false);
          log.entries.subList(45, SIZE).clear();
          log.checkpoints.removeIf(c -> c.treeSize() > 45);
          return check(log, before);
        }),
        new Case("checkpoint forged, no entry changed", Tampering.CHECKPOINT_BAD_SIGNATURE, null, 40L, () -> {
          InMemoryLog log = InMemoryLog.withEntries(SIZE);
          Checkpoint original = log.checkpoints.get(39);
          byte[] root = original.rootHash().clone();
          root[0] ^= 1;
          log.checkpoints.set(39, new Checkpoint(original.treeSize(), root, original.issuedAt(), original.signature()));
          return check(log, null);
        }),
        new Case("latest checkpoint forged", Tampering.CHECKPOINT_BAD_SIGNATURE, null, (long) SIZE, () -> {
          InMemoryLog log = InMemoryLog.withEntries(SIZE);
          Checkpoint original = log.checkpoints.get(SIZE - 1);
          log.checkpoints.set(SIZE - 1, new Checkpoint(original.treeSize(), original.rootHash(),
              original.issuedAt().plusSeconds(1), original.signature()));
          return check(log, null);
        }),
        new Case("rewritten and re-signed, caught by the earlier run's leaves", Tampering.ENTRY_REWRITTEN, 30L, null,
            () -> {
              InMemoryLog log = InMemoryLog.withEntries(SIZE);
              LogVerifier.Remembered before = remember(log, true);
              rewrite(log, 30);
              log.resignAfterRewrite(30);
              return check(log, before);
            }),
        new Case("deleted and re-signed, caught by the earlier run's leaves", Tampering.ENTRY_DELETED, 30L, null, () -> {
          InMemoryLog log = InMemoryLog.withEntries(SIZE);
          LogVerifier.Remembered before = remember(log, true);
          log.entries.remove(30);
          log.renumber();
          log.resignAfterRewrite(30);
          return check(log, before);
        }),
        new Case("reordered and re-signed, caught by the earlier run's leaves", Tampering.ENTRIES_REORDERED, 30L, null,
            () -> {
              InMemoryLog log = InMemoryLog.withEntries(SIZE);
              LogVerifier.Remembered before = remember(log, true);
              swap(log, 30, 41);
              log.resignAfterRewrite(30);
              return check(log, before);
            }),
        new Case("rewritten and re-signed, earlier run kept only its checkpoint", Tampering.CHECKPOINT_INCONSISTENT,
            0L, (long) SIZE, () -> {
              InMemoryLog log = InMemoryLog.withEntries(SIZE);
              LogVerifier.Remembered before = remember(log, false);
              rewrite(log, 30);
              log.resignAfterRewrite(30);
              return check(log, before);
            }),
        new Case("signing key replaced", Tampering.KEY_CHANGED, null, null, () -> {
          InMemoryLog log = InMemoryLog.withEntries(SIZE);
          byte[] pinned = new InMemoryLog().publicKey();
          return new LogVerifier(log, 50).verify(pinned, null);
        }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void namesTheKindAndTheExactPlace(Case c) throws Exception {
    VerificationReport report = c.attack().run();
    assertThat(report.ok()).as(report.describe()).isFalse();
    assertThat(report.kind()).as(report.describe()).isEqualTo(c.kind());
    assertThat(report.firstBadIndex()).as(report.describe()).isEqualTo(c.index());
    if (c.index() != null && c.kind() != Tampering.CHECKPOINT_INCONSISTENT) {
      // An exact index, not a range.
      assertThat(report.lastPossibleBadIndex()).as(report.describe()).isIn(null, c.index());
    }
    assertThat(report.badCheckpoint()).as(report.describe()).isEqualTo(c.checkpoint());
    assertThat(report.describe()).contains(c.kind().name());
  }

  /** Without any earlier state a rewrite re-signed by the server is invisible: why state is kept by default. */
  @Test
  void aReSignedRewriteNeedsState() throws Exception {
    InMemoryLog log = InMemoryLog.withEntries(SIZE);
    LogVerifier.Remembered before = remember(log, true);
    rewrite(log, 30);
    log.resignAfterRewrite(30);
    assertThat(check(log, null).ok()).isTrue();
    assertThat(check(log, before).ok()).isFalse();
  }

  static String leaf(int i) {
    return LeafCodec.encode("member.joined", Instant.ofEpochSecond(1_700_000_000L + i),
        Map.of("member", "m-" + i, "via", "invitation"));
  }

  static void rewrite(InMemoryLog log, int index) {
    String leaf = log.entries.get(index).leaf();
    log.entries.set(index, new LogLeaf(index, leaf.replace("invitation", "registration")));
  }

  static void swap(InMemoryLog log, int a, int b) {
    String leafA = log.entries.get(a).leaf();
    log.entries.set(a, new LogLeaf(a, log.entries.get(b).leaf()));
    log.entries.set(b, new LogLeaf(b, leafA));
  }

  static VerificationReport check(InMemoryLog log, LogVerifier.@Nullable Remembered before) {
    return new LogVerifier(log, 50).verify(null, before);
  }

  static LogVerifier.Remembered remember(InMemoryLog log, boolean withLeaves) {
    LogVerifier verifier = new LogVerifier(log, 50);
    assertThat(verifier.verify(null, null).ok()).isTrue();
    Checkpoint seen = verifier.verifiedLatest().orElseThrow();
    return new LogVerifier.Remembered(seen.treeSize(), seen.rootHash(), withLeaves ? verifier.verifiedLeafHashes() : null);
  }
}
