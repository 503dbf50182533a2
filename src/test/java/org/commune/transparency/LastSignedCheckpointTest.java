package org.commune.transparency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.commune.transparency.merkle.MerkleTree;
import org.commune.transparency.merkle.Rfc9162;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.health.contributor.Status;

/**
 * The server's own record of what it signed last, outside the database: an attacker who rewrites
 * the database (entries and their stored hashes, later checkpoints deleted) gets no signature.
 */
class LastSignedCheckpointTest {

  @TempDir Path dir;

  static MerkleTree tree(int size, int changed) {
    MerkleTree tree = new MerkleTree();
    for (int i = 0; i < size; i++) {
      String leaf = i == changed ? "forged " + i : "entry " + i;
      tree.appendLeafHash(Rfc9162.leafHash(leaf.getBytes(StandardCharsets.UTF_8)));
    }
    return tree;
  }

  @Test
  void signsATreeThatExtendsTheLastOneAndSurvivesARestart() throws Exception {
    Path file = dir.resolve(LastSignedCheckpoint.FILE);
    LastSignedCheckpoint record = new LastSignedCheckpoint(file);
    MerkleTree honest = tree(700, -1);
    record.checkExtends(honest, 653);
    record.signed(653, honest.rootHash(653));
    assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));

    LastSignedCheckpoint afterRestart = new LastSignedCheckpoint(file);
    assertThat(afterRestart.last()).get().extracting(LastSignedCheckpoint.Head::treeSize).isEqualTo(653L);
    afterRestart.checkExtends(honest, 700);
    assertThat(afterRestart.health().getStatus()).isEqualTo(Status.UP);
  }

  @Test
  void refusesARewrittenEntryEvenWithItsHashRecomputed() {
    Path file = dir.resolve(LastSignedCheckpoint.FILE);
    MerkleTree honest = tree(653, -1);
    new LastSignedCheckpoint(file).signed(653, honest.rootHash(653));

    LastSignedCheckpoint afterRestart = new LastSignedCheckpoint(file);
    MerkleTree rewritten = tree(654, 300);
    assertThatThrownBy(() -> afterRestart.checkExtends(rewritten, 654))
        .isInstanceOf(LastSignedCheckpoint.LogTampered.class)
        .hasMessageContaining("no longer match");
    assertThat(afterRestart.health().getStatus()).isEqualTo(Status.DOWN);
    assertThat(afterRestart.refusal()).contains("653");
  }

  @Test
  void refusesAShorterLog() {
    Path file = dir.resolve(LastSignedCheckpoint.FILE);
    MerkleTree honest = tree(653, -1);
    new LastSignedCheckpoint(file).signed(653, honest.rootHash(653));
    LastSignedCheckpoint afterRestart = new LastSignedCheckpoint(file);
    assertThatThrownBy(() -> afterRestart.checkExtends(tree(400, -1), 400))
        .isInstanceOf(LastSignedCheckpoint.LogTampered.class)
        .hasMessageContaining("shrink");
  }

  @Test
  void neverMovesBackwards() {
    Path file = dir.resolve(LastSignedCheckpoint.FILE);
    MerkleTree honest = tree(20, -1);
    LastSignedCheckpoint record = new LastSignedCheckpoint(file);
    record.signed(20, honest.rootHash(20));
    record.signed(10, honest.rootHash(10));
    assertThat(new LastSignedCheckpoint(file).last()).get().extracting(LastSignedCheckpoint.Head::treeSize)
        .isEqualTo(20L);
  }

  @Test
  void aDamagedRecordStopsTheServerInsteadOfBeingForgotten() throws Exception {
    Path file = dir.resolve(LastSignedCheckpoint.FILE);
    Files.writeString(file, "not a checkpoint");
    assertThatThrownBy(() -> new LastSignedCheckpoint(file)).hasMessageContaining("cannot be read");
  }
}
