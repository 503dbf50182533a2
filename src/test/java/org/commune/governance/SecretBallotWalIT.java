package org.commune.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.commune.database.WriteAheadLog;
import org.commune.members.InvalidInput;
import org.commune.members.MemberId;
import org.commune.members.Role;
import org.commune.testing.RunningCommune;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The attacker who holds the database superuser and reads the write-ahead log with
 * {@code pg_walinspect} (with the instance key, every sealed ballot in it opens). The WAL records each
 * insert with its transaction id, in order: when a voter's row and their ballot are written in one
 * transaction, that transaction names the voter and — the only new ballot in it — their choice. Batches
 * make each transaction hold several voters and as many new ballots; after the close the WAL that
 * recorded them is gone.
 */
class SecretBallotWalIT extends RunningCommune {

  private static final int VOTERS = 16;

  @Autowired Proposals proposals;
  @Autowired WriteAheadLog writeAheadLog;

  @Test
  void theWriteAheadLogNeverShowsOneVoterWithOneBallot() throws Exception {
    jdbc.sql("CREATE EXTENSION IF NOT EXISTS pg_walinspect").update();
    jdbc.sql("CREATE EXTENSION IF NOT EXISTS pageinspect").update();
    List<MemberId> electorate = new ArrayList<>();
    for (int i = 0; i < VOTERS; i++) {
      electorate.add(member("wal-" + i, Role.MEMBER));
    }
    ProposalId id = proposals.create(steward(), new NewProposal("Secret WAL", "", "general", "majority",
        List.of(), 1, 5, true, null, 0, 3, 0, false, null, 0));
    String start = jdbc.sql("SELECT pg_current_wal_insert_lsn()::text").query(String.class).single();

    // Members vote at about the same time, as at an assembly.
    ExecutorService threads = Executors.newFixedThreadPool(VOTERS);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> casts = new ArrayList<>();
    for (int i = 0; i < VOTERS; i++) {
      MemberId voter = electorate.get(i);
      String choice = i % 3 == 0 ? "no" : "yes";
      casts.add(threads.submit(() -> {
        go.await();
        return proposals.cast(voter, id, new BallotInput(choice, Set.of(), Map.of()));
      }));
    }
    go.countDown();
    for (Future<?> cast : casts) {
      assertThat(cast.get(60, TimeUnit.SECONDS)).as("a receipt").isNotNull();
    }
    threads.shutdown();
    String end = jdbc.sql("SELECT pg_current_wal_insert_lsn()::text").query(String.class).single();

    // The attack while voting is open: every transaction in the WAL that inserted a voter row, with how
    // many voter rows and how many sealed ballots it inserted.
    long voterFile = relfilenode("secret_voter");
    long sealedFile = relfilenode("sealed_ballot");
    Map<Long, int[]> byTransaction = new HashMap<>();
    jdbc.sql("SELECT xid::text, block_ref FROM pg_get_wal_records_info(:start::pg_lsn, :end::pg_lsn) "
            + "WHERE resource_manager = 'Heap' AND record_type LIKE 'INSERT%'")
        .param("start", start).param("end", end).query(rs -> {
          long xid = Long.parseLong(rs.getString(1));
          String block = rs.getString(2);
          int[] counts = byTransaction.computeIfAbsent(xid, x -> new int[2]);
          if (block.matches("(?s).*rel \\d+/\\d+/" + voterFile + "\\b.*")) {
            counts[0]++;
          } else if (block.matches("(?s).*rel \\d+/\\d+/" + sealedFile + "\\b.*")) {
            counts[1]++;
          }
        });
    List<int[]> withVoters = byTransaction.values().stream().filter(c -> c[0] > 0).toList();
    assertThat(withVoters.stream().mapToInt(c -> c[0]).sum()).as("voter rows found in the WAL").isEqualTo(VOTERS);
    long alone = withVoters.stream().filter(c -> c[0] == 1).count();
    System.out.println("WAL transactions writing voter rows (voters, sealed ballots): "
        + withVoters.stream().map(c -> "(" + c[0] + "," + c[1] + ")").toList());
    // A voter alone in their transaction is linked to the one new ballot in it. Written one transaction
    // per voter, all 16 were; in batches a straggler or two may still miss the others by the wait.
    assertThat(alone).as("voters alone in a WAL transaction").isLessThanOrEqualTo(2);

    proposals.close(id);

    // After the close: the WAL that recorded the batches is deleted, and the sealed rows' table was
    // rewritten, so no dead row keeps a sealed ballot with its batch's transaction id.
    assertThatThrownBy(() -> jdbc.sql("SELECT count(*) FROM pg_get_wal_records_info(:start::pg_lsn, :end::pg_lsn)")
            .param("start", start).param("end", end).query(Long.class).single())
        .as("the WAL of the voting period is still readable after the close")
        .hasStackTraceContaining("WAL");
    long pages = jdbc.sql("SELECT pg_relation_size('sealed_ballot') / current_setting('block_size')::int")
        .query(Long.class).single();
    long live = jdbc.sql("SELECT count(*) FROM sealed_ballot").query(Long.class).single();
    long items = 0;
    for (long page = 0; page < pages; page++) {
      items += jdbc.sql("SELECT count(*) FROM heap_page_items(get_raw_page('sealed_ballot', :page::int)) WHERE lp_len > 0")
          .param("page", page).query(Long.class).single();
    }
    assertThat(items).as("tuples in sealed_ballot's pages beyond the live rows").isEqualTo(live);
  }

  /**
   * Two ways a member shrank another voter's batch (attacker review): posting the same ballot many
   * times filled the batch with one member's copies, so it was written at once with the victim's ballot
   * and theirs only; and a batch filled early left its timer running, which then wrote the next batch
   * before its wait was up. A ballot now always waits its batch's full wait unless other voters fill it.
   */
  @Test
  void aBatchWaitsForOtherVotersNotForRepeatedPosts() throws Exception {
    List<MemberId> voters = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      voters.add(member("batch-" + i, Role.MEMBER));
    }
    // Members of the electorate must exist when voting opens.
    List<List<MemberId>> crowds = new ArrayList<>();
    for (int attempt = 0; attempt < 3; attempt++) {
      List<MemberId> crowd = new ArrayList<>();
      for (int i = 0; i < 9; i++) {
        crowd.add(member("crowd-" + attempt + "-" + i, Role.MEMBER));
      }
      crowds.add(crowd);
    }
    ProposalId id = proposals.create(steward(), new NewProposal("Batch waits", "", "general", "majority",
        List.of(), 1, 5, true, null, 0, 3, 0, false, null, 0));
    ExecutorService threads = Executors.newFixedThreadPool(8);
    long wait = 250; // RunningCommune's commune.voting.secret-batch-wait

    // The victim votes; one member then posts their ballot seven times at once.
    Future<Long> victim = threads.submit(() -> timed(voters.get(0), id));
    Thread.sleep(30);
    List<Future<Long>> copies = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      copies.add(threads.submit(() -> timed(voters.get(1), id)));
    }
    assertThat(victim.get(30, TimeUnit.SECONDS)).as("the victim's ballot waited its batch's wait (ms)")
        .isGreaterThanOrEqualTo(wait - 20);
    long accepted = 0;
    for (Future<Long> copy : copies) {
      try {
        copy.get(30, TimeUnit.SECONDS);
        accepted++;
      } catch (ExecutionException twice) {
        assertThat(twice.getCause()).isInstanceOf(InvalidInput.class);
      }
    }
    assertThat(accepted).isEqualTo(1);

    // Eight voters fill a batch at once; one more votes just after: their batch gets its full wait. (The
    // crowd must have been written because it was full — all faster than the wait — for the check to
    // mean anything; on a loaded machine a straggler can miss it, so up to three tries.)
    boolean checked = false;
    for (int attempt = 0; attempt < 3 && !checked; attempt++) {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Long>> crowd = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        MemberId voter = crowds.get(attempt).get(i);
        crowd.add(threads.submit(() -> {
          go.await();
          return timed(voter, id);
        }));
      }
      MemberId lateVoter = crowds.get(attempt).get(8);
      go.countDown();
      long slowest = 0;
      for (Future<Long> one : crowd) {
        slowest = Math.max(slowest, one.get(30, TimeUnit.SECONDS));
      }
      long late = timed(lateVoter, id);
      if (slowest < wait - 20) {
        assertThat(late).as("a ballot cast after a full batch waited its own batch's wait (ms)")
            .isGreaterThanOrEqualTo(wait - 20);
        checked = true;
      }
    }
    threads.shutdown();
    assertThat(checked).as("a crowd of eight was written as one full batch in one of three tries").isTrue();
  }

  /**
   * A replication slot (a standby, a backup tool) keeps the WAL the close means to delete (attacker
   * review): the server must not claim the history is gone then.
   */
  @Test
  void aReplicationSlotKeepingTheWalIsReportedNotIgnored() {
    assertThat(writeAheadLog.forgetHistory()).isTrue();
    jdbc.sql("SELECT pg_create_physical_replication_slot('kept_by_test', true)").query(String.class).single();
    try {
      assertThat(writeAheadLog.forgetHistory()).as("WAL history forgotten while a slot keeps it").isFalse();
    } finally {
      jdbc.sql("SELECT pg_drop_replication_slot('kept_by_test')").query(String.class).single();
    }
    assertThat(writeAheadLog.forgetHistory()).isTrue();
  }

  private long timed(MemberId voter, ProposalId id) {
    long start = System.nanoTime();
    proposals.cast(voter, id, new BallotInput("yes", Set.of(), Map.of()));
    return (System.nanoTime() - start) / 1_000_000;
  }

  private long relfilenode(String table) {
    return jdbc.sql("SELECT pg_relation_filenode(:t::regclass)").param("t", table).query(Long.class).single();
  }
}
