package org.commune.transparency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.commune.members.Groups;
import org.commune.members.Role;
import org.commune.testing.RunningCommune;
import org.commune.testing.VerifierRun;
import org.commune.testing.WebSession;
import org.commune.transparency.merkle.MerkleTree;
import org.commune.transparency.merkle.Rfc9162;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The public log of a running instance: filled by events, served, verified, and tamper-evident. */
class TransparencyLogIT extends RunningCommune {

  @Autowired TransparencyLog log;
  @Autowired Groups groups;
  @Autowired LogRepository repository;
  @Autowired LogSigningKey signingKey;
  @Autowired PlatformTransactionManager transactions;

  /** Member events become entries with ids only, and the log page lists them in both languages. */
  @Test
  void eventsBecomePublicEntries() {
    member("log-watcher", Role.MEMBER);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> log.count("member.joined") >= 2);
    List<LogEntry> entries = log.entries(0, 1000);
    assertThat(entries).extracting(LogEntry::type).contains("organisation.setup", "member.joined");
    assertThat(entries).allSatisfy(e -> assertThat(e.leaf()).doesNotContain("@example.org").doesNotContain("Name of"));

    WebSession visitor = visitor();
    WebSession.Page page = visitor.get("/log?type=member.joined");
    assertThat(page.status()).isEqualTo(200);
    // Visitors see a pseudonym, members see the name.
    assertThat(page.body()).contains("A member joined").doesNotContain("Name of log-watcher");
    assertThat(signedIn(STEWARD).get("/log?type=member.joined").body()).contains("Name of log-watcher");
    WebSession.Page partial = visitor.get("/log?type=member.joined", Map.of("HX-Request", "true"));
    assertThat(partial.body()).doesNotContain("<html").contains("A member joined");
    visitor.switchLanguage("ar");
    assertThat(visitor.get("/log").body()).contains("dir=\"rtl\"").contains("انضم عضو");
  }

  /** The verifier command passes on the live instance. */
  @Test
  void verifierPassesOnTheLiveLog() {
    member("verified", Role.MEMBER);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> log.size() >= 2);
    VerifierRun.Result result = verify();
    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(result.output()).contains("OK: tree size");
  }

  /** A row changed directly in the database is found, at its index; restoring it makes the log verify again. */
  @Test
  void tamperingInTheDatabaseIsFound() {
    member("tamper-witness", Role.MEMBER);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> log.size() >= 3);
    long victim = 1;
    String original = jdbc.sql("SELECT leaf FROM log_entry WHERE idx = :i").param("i", victim).query(String.class).single();
    try {
      String forged = original.replace("{\"v\":1,", "{\"v\":1,\"forged\":true,");
      assertThat(forged).isNotEqualTo(original);
      rewrite(victim, forged);
      VerifierRun.Result result = verify();
      assertThat(result.exit()).isEqualTo(1);
      assertThat(result.output()).contains("FAILED").contains("First bad index: " + victim);
    } finally {
      rewrite(victim, original);
    }
    assertThat(verify().exit()).isZero();
  }

  /**
   * The attack: rewrite an entry and its stored hash in the database, delete the later
   * checkpoints, and let the server (restarted, so its tree comes from the database) sign the next
   * append. It refuses: the record of its last signature, outside the database, does not match.
   */
  @Test
  void aRestartedServerRefusesToSignARewrittenLog() throws Exception {
    member("rewrite-target", Role.MEMBER);
    long size = quietSize(3);
    Path record = Path.of(DATA_DIR, "keys", LastSignedCheckpoint.FILE);
    assertThat(record).exists();
    Path copy = Files.createTempDirectory("record").resolve(LastSignedCheckpoint.FILE);
    Files.copy(record, copy);
    Tampered tampered = tamper(1, size);
    try {
      LastSignedCheckpoint restartedRecord = new LastSignedCheckpoint(copy);
      TransparencyLog restarted = new TransparencyLog(repository, signingKey, clock, restartedRecord);
      var tx = new TransactionTemplate(transactions);
      assertThatThrownBy(() -> tx.executeWithoutResult(s -> restarted.append(List.of(
          new NewLogEntry("member.left", clock.instant(), Map.of("member", "m-000000000000"), null)))))
          .isInstanceOf(LastSignedCheckpoint.LogTampered.class);
      assertThat(restartedRecord.health().getStatus()).isEqualTo(Status.DOWN);
      assertThat(repository.size()).isEqualTo(size);
    } finally {
      tampered.restore();
    }
    assertThat(verify().exit()).isZero();
  }

  /**
   * verify-log keeps state by default: the first run says it trusts on first use; after the log is
   * rewritten and re-signed, the next run names the exact entry; a replaced key fails loudly.
   */
  @Test
  void verifierStateCatchesARewriteThatWasReSigned() throws Exception {
    member("state-witness", Role.MEMBER);
    long size = quietSize(3);
    Path state = Files.createTempDirectory("verifier").resolve("known_logs");
    String url = "http://localhost:" + PORT;
    VerifierRun.Result first = VerifierRun.against(url, state);
    assertThat(first.exit()).as(first.output()).isZero();
    assertThat(first.output()).contains("first use");
    VerifierRun.Result second = VerifierRun.against(url, state);
    assertThat(second.exit()).as(second.output()).isZero();
    assertThat(second.output()).contains("Known log").doesNotContain("first use");

    quietSize(size);
    Tampered tampered = tamper(1, log.size());
    try {
      VerifierRun.Result caught = VerifierRun.against(url, state);
      assertThat(caught.exit()).as(caught.output()).isEqualTo(1);
      assertThat(caught.output()).contains("ENTRY_REWRITTEN").contains("First bad index: 1.");
    } finally {
      tampered.restore();
    }

    String line = Files.readString(state);
    String otherKey = Base64.getEncoder().encodeToString(new InMemoryLog().publicKey());
    Files.writeString(state, line.replaceFirst(" \\S+ ", " " + otherKey + " "));
    VerifierRun.Result replaced = VerifierRun.against(url, state);
    assertThat(replaced.exit()).isEqualTo(1);
    assertThat(replaced.output()).contains("SIGNING KEY CHANGED");
  }

  /** Waits until the log stops growing (events of earlier set-up are in), at least {@code min} entries. */
  private long quietSize(long min) throws InterruptedException {
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> log.size() >= min);
    long size = log.size();
    while (true) {
      Thread.sleep(500);
      long now = log.size();
      if (now == size) {
        return now;
      }
      size = now;
    }
  }

  interface Tampered {
    void restore();
  }

  /**
   * As the database's owner: rewrites entry {@code victim} with its hash recomputed, deletes the
   * checkpoints above it and re-signs the rewritten tree at {@code size} with the server's key, as a
   * restarted server without the record would have.
   */
  private Tampered tamper(long victim, long size) {
    record Saved(long size, byte[] root, Timestamp at, byte[] signature) {}
    String leaf = jdbc.sql("SELECT leaf FROM log_entry WHERE idx = :i").param("i", victim).query(String.class).single();
    byte[] hash = jdbc.sql("SELECT leaf_hash FROM log_entry WHERE idx = :i").param("i", victim).query(byte[].class).single();
    List<Saved> later = jdbc.sql("SELECT tree_size, root_hash, issued_at, signature FROM log_checkpoint WHERE tree_size > :v")
        .param("v", victim)
        .query((rs, n) -> new Saved(rs.getLong(1), rs.getBytes(2), rs.getTimestamp(3), rs.getBytes(4))).list();
    String forged = leaf.replace("{\"v\":1,", "{\"v\":1,\"forged\":true,");
    byte[] forgedHash = Rfc9162.leafHash(forged.getBytes(StandardCharsets.UTF_8));
    triggersOff();
    try {
      jdbc.sql("UPDATE log_entry SET leaf = :leaf, leaf_hash = :hash WHERE idx = :i")
          .param("leaf", forged).param("hash", forgedHash).param("i", victim).update();
      jdbc.sql("DELETE FROM log_checkpoint WHERE tree_size > :v").param("v", victim).update();
      var tree = new MerkleTree();
      repository.leafHashesFrom(0, (h, i) -> tree.appendLeafHash(h));
      byte[] root = tree.rootHash(size);
      Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      repository.insertCheckpoint(new Checkpoint(size, root, at, signingKey.sign(Checkpoint.signedText(size, root, at))));
    } finally {
      triggersOn();
    }
    return () -> {
      triggersOff();
      try {
        jdbc.sql("UPDATE log_entry SET leaf = :leaf, leaf_hash = :hash WHERE idx = :i")
            .param("leaf", leaf).param("hash", hash).param("i", victim).update();
        jdbc.sql("DELETE FROM log_checkpoint WHERE tree_size > :v").param("v", victim).update();
        for (Saved c : later) {
          jdbc.sql("INSERT INTO log_checkpoint (tree_size, root_hash, issued_at, signature) VALUES (:s, :r, :a, :g)")
              .param("s", c.size()).param("r", c.root()).param("a", c.at()).param("g", c.signature()).update();
        }
      } finally {
        triggersOn();
      }
    };
  }

  private void triggersOff() {
    jdbc.sql("ALTER TABLE log_entry DISABLE TRIGGER log_entry_append_only").update();
    jdbc.sql("ALTER TABLE log_checkpoint DISABLE TRIGGER log_checkpoint_append_only").update();
  }

  private void triggersOn() {
    jdbc.sql("ALTER TABLE log_entry ENABLE TRIGGER log_entry_append_only").update();
    jdbc.sql("ALTER TABLE log_checkpoint ENABLE TRIGGER log_checkpoint_append_only").update();
  }

  /** The application cannot change or delete entries: the table refuses. */
  @Test
  void entriesAreAppendOnly() {
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> log.size() >= 1);
    assertThatThrownBy(() -> jdbc.sql("UPDATE log_entry SET leaf = 'x' WHERE idx = 0").update())
        .hasMessageContaining("append-only");
    assertThatThrownBy(() -> jdbc.sql("DELETE FROM log_entry WHERE idx = 0").update())
        .hasMessageContaining("append-only");
  }

  /** Many events at once still make one consistent, verifiable log (appends are serialised). */
  @Test
  void concurrentEventsKeepTheLogConsistent() throws Exception {
    long before = log.size();
    var groupId = groups.bySlug("log-load").map(g -> g.id())
        .orElseGet(() -> groups.create(steward(), "log-load", "Load", "حمل", "committee"));
    for (int i = 0; i < 8; i++) {
      member("load-" + i, Role.MEMBER);
    }
    try (var pool = Executors.newFixedThreadPool(8)) {
      List<Future<?>> work = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        String name = "load-" + i;
        work.add(pool.submit(() -> groups.add(steward(), groupId, name, "load test")));
      }
      for (Future<?> f : work) {
        f.get();
      }
    }
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> log.size() >= before + 8 + 8);
    assertThat(verify().exit()).isZero();
  }

  /** Out-of-range and malformed API requests get a 400 with a message, never a 500. */
  @Test
  void apiRejectsBadRequests() {
    WebSession client = visitor();
    WebSession.Page negative = client.get("/api/log/proof/inclusion?index=-1", Map.of("Accept", "application/json"));
    assertThat(negative.status()).isEqualTo(400);
    assertThat(negative.body()).contains("outside the log");
    assertThat(client.get("/api/log/proof/inclusion?index=99999999").status()).isEqualTo(400);
    assertThat(client.get("/api/log/proof/inclusion?index=abc").status()).isEqualTo(400);
    assertThat(client.get("/api/log/proof/consistency?first=0&second=1").status()).isEqualTo(400);
    assertThat(client.get("/api/log/entries?count=999999").status()).isEqualTo(400);
    assertThat(client.get("/log?before=abc").status()).isEqualTo(400);
  }

  private void rewrite(long index, String leaf) {
    // Whoever owns the database can switch the append-only trigger off; the verifier still sees it.
    jdbc.sql("ALTER TABLE log_entry DISABLE TRIGGER log_entry_append_only").update();
    try {
      jdbc.sql("UPDATE log_entry SET leaf = :leaf WHERE idx = :i").param("leaf", leaf).param("i", index).update();
    } finally {
      jdbc.sql("ALTER TABLE log_entry ENABLE TRIGGER log_entry_append_only").update();
    }
  }

  private static VerifierRun.Result verify() {
    return VerifierRun.against("http://localhost:" + PORT);
  }
}
