package org.commune.database;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Lets PostgreSQL forget the write-ahead log written so far. The WAL keeps every insert and delete in
 * the order it happened, with its transaction, until its segment is removed; after a secret vote
 * closes, that history is what could still tie batches of voters to the ballots they cast (readable
 * with {@code pg_walinspect}). Switching to a new segment and then taking a checkpoint makes every older
 * segment unneeded, and the embedded server (started with {@code wal_recycle = off}) then deletes them
 * instead of renaming them for reuse.
 *
 * <p>Needs the rights to run {@code pg_switch_wal()} and {@code CHECKPOINT} (the embedded server's
 * user has them). On an external server without them this says so in the log and does nothing: that
 * server's operator decides how long its WAL and archives are kept (docs/voting.md).
 */
@Component
public class WriteAheadLog {

  private static final Logger log = LoggerFactory.getLogger(WriteAheadLog.class);

  private final JdbcClient jdbc;

  WriteAheadLog(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Ends the current WAL segment and takes a checkpoint, so that the segments holding everything
   * written before now are deleted. Runs outside any transaction (a checkpoint cannot run inside one).
   * Returns whether it could.
   */
  public boolean forgetHistory() {
    try {
      return switchAndCheckpoint();
    } catch (RuntimeException refused) {
      log.warn("Could not end the WAL segment after a secret vote closed: {}", refused.toString());
      return false;
    }
  }

  private boolean switchAndCheckpoint() {
    boolean allowed = Boolean.TRUE.equals(jdbc.sql(
            "SELECT rolsuper OR pg_has_role(current_user, 'pg_checkpoint', 'MEMBER') FROM pg_roles WHERE rolname = current_user")
        .query(Boolean.class).optional().orElse(false));
    if (!allowed) {
      log.warn("The database user may not end WAL segments or take checkpoints: the write-ahead log keeps "
          + "the order in which secret ballots were written until the server removes it (docs/voting.md)");
      return false;
    }
    jdbc.sql("SELECT pg_switch_wal()").query(String.class).single();
    jdbc.sql("CHECKPOINT").update();
    // What keeps old segments although nothing in this server needs them (an attacker review kept the
    // batches readable after a close with one replication slot): say so, since the promise fails then.
    long slots = jdbc.sql("SELECT count(*) FROM pg_replication_slots WHERE restart_lsn IS NOT NULL")
        .query(Long.class).single();
    String archive = jdbc.sql("SELECT current_setting('archive_mode')").query(String.class).single();
    String keep = jdbc.sql("SELECT current_setting('wal_keep_size')").query(String.class).single();
    if (slots > 0 || !"off".equals(archive) || !"0".equals(keep)) {
      log.warn("The write-ahead log is kept beyond the last checkpoint ({} replication slot(s), archive_mode={}, "
          + "wal_keep_size={}): it still records in which batch each secret ballot was written (docs/voting.md)",
          slots, archive, keep);
      return false;
    }
    return true;
  }
}
