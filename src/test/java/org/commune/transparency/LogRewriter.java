package org.commune.transparency;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.commune.transparency.merkle.MerkleTree;
import org.commune.transparency.merkle.Rfc9162;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.util.AopTestUtils;
import org.springframework.test.util.ReflectionTestUtils;

/**
 * A test hook for drills: the owner of a Commune's database and key rewrites history. One entry is changed,
 * every checkpoint is re-signed with the instance's own log key over the rewritten tree, and the server
 * forgets the tree it had in memory (as after a restart), so the rewritten log is whole and consistent on
 * its own: only someone who remembered a checkpoint from before (a witness) can tell.
 */
public final class LogRewriter {

  private LogRewriter() {}

  public static void rewrite(ApplicationContext context, long victim) {
    JdbcClient jdbc = context.getBean(JdbcClient.class);
    LogSigningKey key = context.getBean(LogSigningKey.class);
    String leaf = jdbc.sql("SELECT leaf FROM log_entry WHERE idx = :i").param("i", victim).query(String.class).single();
    String forged = leaf.replace("{\"v\":1,", "{\"v\":1,\"forged\":true,");
    if (forged.equals(leaf)) {
      throw new IllegalStateException("entry " + victim + " does not start as expected: " + leaf);
    }
    record Row(long size, Timestamp at) {}
    jdbc.sql("ALTER TABLE log_entry DISABLE TRIGGER log_entry_append_only").update();
    jdbc.sql("ALTER TABLE log_checkpoint DISABLE TRIGGER log_checkpoint_append_only").update();
    try {
      jdbc.sql("UPDATE log_entry SET leaf = :leaf, leaf_hash = :hash WHERE idx = :i").param("leaf", forged)
          .param("hash", Rfc9162.leafHash(forged.getBytes(StandardCharsets.UTF_8))).param("i", victim).update();
      MerkleTree tree = new MerkleTree();
      jdbc.sql("SELECT leaf_hash FROM log_entry ORDER BY idx").query(byte[].class).list().forEach(tree::appendLeafHash);
      List<Row> checkpoints = jdbc.sql("SELECT tree_size, issued_at FROM log_checkpoint ORDER BY tree_size")
          .query((rs, n) -> new Row(rs.getLong(1), rs.getTimestamp(2))).list();
      for (Row c : checkpoints) {
        byte[] root = tree.rootHash(c.size());
        Instant at = c.at().toInstant();
        jdbc.sql("UPDATE log_checkpoint SET root_hash = :root, signature = :signature WHERE tree_size = :size")
            .param("root", root).param("signature", key.sign(Checkpoint.signedText(c.size(), root, at)))
            .param("size", c.size()).update();
      }
    } finally {
      jdbc.sql("ALTER TABLE log_entry ENABLE TRIGGER log_entry_append_only").update();
      jdbc.sql("ALTER TABLE log_checkpoint ENABLE TRIGGER log_checkpoint_append_only").update();
    }
    TransparencyLog log = AopTestUtils.getTargetObject(context.getBean(TransparencyLog.class));
    MerkleTree inMemory = (MerkleTree) ReflectionTestUtils.getField(log, "tree");
    inMemory.truncate(0);
  }
}
