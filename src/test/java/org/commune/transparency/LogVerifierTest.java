package org.commune.transparency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The verifier accepts an honest log and finds the first bad entry of a tampered one. */
class LogVerifierTest {

  /** An untouched log verifies, with every entry, checkpoint and (small log) proof checked. */
  @Test
  void acceptsAnHonestLog() throws Exception {
    InMemoryLog log = InMemoryLog.withEntries(40);
    VerificationReport report = new LogVerifier(log, 1000).verify(null, null);
    assertThat(report.ok()).as(report.describe()).isTrue();
    assertThat(report.entriesChecked()).isEqualTo(40);
    assertThat(report.checkpointsChecked()).isEqualTo(40);
    assertThat(report.inclusionProofsChecked()).isEqualTo(40);
    assertThat(report.consistencyProofsChecked()).isEqualTo(39);
  }

  /** An empty log verifies. */
  @Test
  void acceptsAnEmptyLog() throws Exception {
    assertThat(new LogVerifier(new InMemoryLog(), 10).verify(null, null).ok()).isTrue();
  }

  /** Changing any one entry's text is reported at exactly that index. */
  @Property(tries = 60)
  void findsAChangedEntry(@ForAll @IntRange(min = 1, max = 60) int size, @ForAll @IntRange(max = 1000) int pick) throws Exception {
    InMemoryLog log = InMemoryLog.withEntries(size);
    int victim = pick % size;
    String leaf = log.entries.get(victim).leaf();
    log.entries.set(victim, new LogLeaf(victim, leaf.replace("invitation", "registration")));
    VerificationReport report = new LogVerifier(log, 50).verify(null, null);
    assertThat(report.ok()).isFalse();
    assertThat(report.firstBadIndex()).isEqualTo((long) victim);
    assertThat(report.describe()).contains("First bad index: " + victim);
  }

  /** Deleting an entry is reported at its index. */
  @Property(tries = 40)
  void findsADeletedEntry(@ForAll @IntRange(min = 2, max = 60) int size, @ForAll @IntRange(max = 1000) int pick) throws Exception {
    InMemoryLog log = InMemoryLog.withEntries(size);
    int victim = pick % size;
    log.entries.remove(victim);
    VerificationReport report = new LogVerifier(log, 50).verify(null, null);
    assertThat(report.ok()).isFalse();
    assertThat(report.firstBadIndex()).isEqualTo((long) victim);
  }

  /** Swapping two entries (renumbered to look in order) is reported at the earlier one. */
  @Property(tries = 40)
  void findsReorderedEntries(@ForAll @IntRange(min = 2, max = 60) int size, @ForAll @IntRange(max = 1000) int pick) throws Exception {
    InMemoryLog log = InMemoryLog.withEntries(size);
    int a = pick % (size - 1);
    int b = a + 1 + (pick / 7) % (size - a - 1);
    String leafA = log.entries.get(a).leaf();
    String leafB = log.entries.get(b).leaf();
    log.entries.set(a, new LogLeaf(a, leafB));
    log.entries.set(b, new LogLeaf(b, leafA));
    VerificationReport report = new LogVerifier(log, 50).verify(null, null);
    assertThat(report.ok()).isFalse();
    assertThat(report.firstBadIndex()).isEqualTo((long) a);
  }

  /** With one checkpoint sealing many entries, the server's proofs still single out the changed entry. */
  @Property(tries = 30)
  void findsAChangedEntryInsideAGroupedAppend(@ForAll @IntRange(min = 2, max = 40) int size, @ForAll @IntRange(max = 1000) int pick) throws Exception {
    InMemoryLog log = new InMemoryLog();
    for (int i = 0; i < size; i++) {
      log.appendUnsealed(LeafCodec.encode("member.joined", Instant.ofEpochSecond(1_700_000_000L + i),
          Map.of("member", "m-" + i)));
    }
    log.seal();
    int victim = pick % size;
    String leaf = log.entries.get(victim).leaf();
    log.entries.set(victim, new LogLeaf(victim, leaf.replace("m-", "x-")));
    VerificationReport report = new LogVerifier(log, 10).verify(null, null);
    assertThat(report.ok()).isFalse();
    assertThat(report.firstBadIndex()).isEqualTo((long) victim);
    assertThat(report.lastPossibleBadIndex()).isEqualTo((long) victim);
  }

  /** A checkpoint whose root was rewritten fails its signature check. */
  @Test
  void findsAForgedCheckpoint() throws Exception {
    InMemoryLog log = InMemoryLog.withEntries(10);
    Checkpoint original = log.checkpoints.get(4);
    byte[] root = original.rootHash().clone();
    root[0] ^= 1;
    log.checkpoints.set(4, new Checkpoint(original.treeSize(), root, original.issuedAt(), original.signature()));
    VerificationReport report = new LogVerifier(log, 50).verify(null, null);
    assertThat(report.ok()).isFalse();
    assertThat(report.describe()).contains("invalid signature");
  }

  /** A history rewritten and re-signed since the last run is caught by the remembered checkpoint. */
  @Test
  void remembersWhatItVerifiedBefore() throws Exception {
    InMemoryLog honest = InMemoryLog.withEntries(12);
    LogVerifier first = new LogVerifier(honest, 50);
    assertThat(first.verify(null, null).ok()).isTrue();
    Checkpoint seen = first.verifiedLatest().orElseThrow();

    InMemoryLog rewritten = InMemoryLog.withEntries(0);
    for (int i = 0; i < 15; i++) {
      rewritten.append(honest.entries.get(Math.min(i, 11)).leaf().replace("m-3", "m-x"));
    }
    VerificationReport report =
        new LogVerifier(rewritten, 50).verify(null, new LogVerifier.Remembered(seen.treeSize(), seen.rootHash()));
    assertThat(report.ok()).isFalse();
    assertThat(report.kind()).isEqualTo(Tampering.CHECKPOINT_INCONSISTENT);
    assertThat(report.describe()).contains("not consistent with the checkpoint for tree size 12");
  }

  /** A key other than the pinned one is refused. */
  @Test
  void refusesAnUnpinnedKey() throws Exception {
    InMemoryLog log = InMemoryLog.withEntries(3);
    byte[] other = new InMemoryLog().publicKey();
    assertThat(new LogVerifier(log, 10).verify(other, null).ok()).isFalse();
  }

  /** Samples cover everything for small logs and stay within bounds for large ones. */
  @Test
  void samplesProofs() {
    assertThat(LogVerifier.sample(5, 10)).containsExactly(0L, 1L, 2L, 3L, 4L);
    var big = LogVerifier.sample(1_000_000, 100);
    assertThat(big).hasSize(100).contains(0L, 999_999L);
    assertThat(Collections.max(big)).isLessThan(1_000_000L);
  }
}
