package org.commune.transparency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
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
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The public log of a running instance: filled by events, served, verified, and tamper-evident. */
class TransparencyLogIT extends RunningCommune {

  @Autowired TransparencyLog log;
  @Autowired Groups groups;

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
    assertThat(page.body()).contains("A member joined").contains("Name of log-watcher");
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
      List<Future<?>> work = new java.util.ArrayList<>();
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
