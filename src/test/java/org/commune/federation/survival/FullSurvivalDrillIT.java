package org.commune.federation.survival;

import static org.assertj.core.api.Assertions.assertThat;
import static org.commune.testing.CommandDataDir.withDataDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.commune.database.BackupCommand;
import org.commune.database.RestoreCommand;
import org.commune.federation.FederationUrls;
import org.commune.federation.archive.ArchiveDrill;
import org.commune.federation.http.ActorKeys;
import org.commune.federation.move.Moving;
import org.commune.governance.BallotInput;
import org.commune.governance.DecisionType;
import org.commune.governance.ProposalId;
import org.commune.governance.Proposals;
import org.commune.publishing.Articles;
import org.commune.testing.FedifyPeer;
import org.commune.testing.FreePort;
import org.commune.testing.VerifierRun;
import org.commune.testing.WebSession;
import org.commune.transparency.LogRewriter;
import org.commune.transparency.LogSignatures;
import org.commune.transparency.TransparencyLog;
import org.commune.web.Json;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * The whole survival drill of issue 11, three Communes and a Fedify server on loopback, in one JVM. A publishes
 * (two languages, a correction, a withdrawal); B and C adopt A by vote, mirror it and cosign its log; a Fedify
 * account follows A; A's signed archive is written; A moves house (hand-over, backup, restore at a new address,
 * alias, Move) and the Fedify account ends up following the new actor; the old A is stopped and its data
 * directory deleted. B and C still serve A's articles and a log that verifies against A's pinned key; a
 * rewritten copy of A's log, re-signed with A's own key and served by a rogue server, passes on the key alone
 * and is caught by B's and C's cosignatures; the archive, served by {@code serve-archive}, serves the same
 * articles and a log verify-log accepts.
 *
 * <p>The "new domain" is another host name and port: the old A is {@code http://localhost:PORT}, the moved A
 * {@code http://127.0.0.1:OTHER_PORT}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FullSurvivalDrillIT {

  static final Duration PATIENCE = Duration.ofSeconds(60);
  static final Path WORK = Path.of("target/it-data/full-drill-" + UUID.randomUUID()).toAbsolutePath();

  static DrillCommune a;
  static DrillCommune b;
  static DrillCommune c;
  /** A at its new address, restored from A's last backup. */
  static @Nullable DrillCommune moved;
  static FedifyPeer fedify;

  static UUID english;
  static UUID arabic;
  static UUID withdrawn;
  static String aKey;
  static String aHost;
  static String oldActor;
  static Path archive;

  static DrillCommune start(String name) {
    return DrillCommune.start(name, WORK.resolve(name));
  }

  @BeforeAll
  static void startThreeAndPublish() {
    fedify = FedifyPeer.start();
    // B first: the embedded PostgreSQL binaries are unpacked once per JVM, into the first instance's data
    // directory, and the others run from there; A's directory is deleted mid-drill, so it must not hold them.
    b = start("B");
    c = start("C");
    a = start("A");
    aHost = a.host();
    oldActor = a.bean(FederationUrls.class).actor();
    aKey = Base64.getEncoder().encodeToString(a.bean(TransparencyLog.class).publicKey());
    Articles articles = a.bean(Articles.class);
    english = articles.publish(a.steward(), "en", "Strike fund report", "The fund holds **enough** for a month.");
    articles.correct(a.steward(), english, "en", "1", "Strike fund report", "The fund holds **enough** for six weeks.",
        "fact", "The length was wrong.");
    arabic = articles.publish(a.steward(), "ar", "تقرير صندوق الإضراب", "يكفي الصندوق لشهر.");
    withdrawn = articles.publish(a.steward(), "en", "A mistaken notice", "This notice was wrong.");
    articles.withdraw(a.steward(), withdrawn, "error", "Published by mistake.");
    Awaitility.await().atMost(PATIENCE).until(() -> a.bean(TransparencyLog.class).count("article.withdrawn") == 1);
  }

  @AfterAll
  static void stopAll() throws IOException {
    for (DrillCommune commune : new DrillCommune[] {a, b, c, moved}) {
      if (commune != null && commune.context().isActive()) {
        commune.context().close();
      }
    }
    if (fedify != null) {
      fedify.close();
    }
  }

  @Test
  @Order(1)
  void theAlliesAdoptAByVoteAndAFedifyAccountFollowsIt() {
    for (DrillCommune ally : List.of(b, c)) {
      adopt(ally, a);
      adopt(a, ally);
    }
    assertThat(b.bean(Alliances.class).find(aHost).orElseThrow().logKey()).isEqualTo(a.bean(TransparencyLog.class).publicKey());
    assertThat(c.bean(Alliances.class).find(aHost).orElseThrow().logKey()).isEqualTo(a.bean(TransparencyLog.class).publicKey());

    fedify.follow(oldActor);
    eventually("Fedify's follow of A is accepted", () -> "accepted".equals(fedify.followState(oldActor)));
  }

  @Test
  @Order(2)
  void bothAlliesMirrorAAndCosignItsLog() {
    for (DrillCommune ally : List.of(b, c)) {
      MirrorSync.Result result = ally.bean(MirrorSync.class).sync(aHost);
      assertThat(result.status()).as(ally.url()).isEqualTo("ok");
      assertThat(result.articlesStored()).isEqualTo(3);
      assertThat(result.logSize()).isEqualTo(a.bean(TransparencyLog.class).size());
      assertThat(result.cosigned()).isTrue();
    }
    JsonNode cosignatures = Json.MAPPER.readTree(a.visitor().get("/api/log/cosignatures").body()).path("cosignatures");
    List<String> witnesses = new ArrayList<>();
    cosignatures.forEach(cosignature -> witnesses.add(cosignature.path("witness").asString()));
    assertThat(witnesses).containsExactlyInAnyOrder(b.url(), c.url());
    VerifierRun.Result witnessed = VerifierRun.against(a.url(), state(), "--witness", b.url(), "--witness", c.url());
    assertThat(witnessed.exit()).as(witnessed.output()).isZero();
  }

  @Test
  @Order(3)
  void aWritesItsSignedArchive() throws Exception {
    archive = WORK.resolve("a-archive.zip");
    assertThat(ArchiveDrill.write(a.context(), archive)).isZero();
    String fingerprint = LogSignatures.fingerprint(a.bean(ActorKeys.class).publicKey().getEncoded());
    assertThat(ArchiveDrill.origin(archive, fingerprint)).isEqualTo(a.url());
  }

  @Test
  @Order(4)
  void aMovesHouseAndTheFedifyFollowerFollowsTheNewActor() {
    int newPort = FreePort.find();
    String newUrl = "http://127.0.0.1:" + newPort;
    String newActor = newUrl + "/actors/org";
    Moving moving = a.bean(Moving.class);
    // Moving house is the members' decision: a passed "move" vote naming exactly this address.
    ProposalId decision = a.bean(Proposals.class).proposeDocument(a.steward(), DecisionType.MOVE, "Move",
        "To the new address.", Json.MAPPER.writeValueAsString(Map.of("to", newActor)), 3);
    a.bean(Proposals.class).cast(a.steward(), decision, new BallotInput("yes", Set.of(), Map.of()));
    a.bean(Proposals.class).close(decision);
    Awaitility.await().atMost(PATIENCE).until(() -> moving.adoptedTargets().contains(newActor));
    moving.handOver(newActor);
    Awaitility.await().atMost(PATIENCE).until(() -> moving.handedOverTo().contains(newActor)
        && a.bean(TransparencyLog.class).count("federation.moved") == 1
        && a.jdbc().sql("SELECT count(*) FROM event_publication WHERE completion_date IS NULL").query(Long.class).single() == 0);

    Path backup = WORK.resolve("a-final.backup");
    Path newData = WORK.resolve("A-moved");
    assertThat(withDataDir(a.data(), () -> BackupCommand.run(new String[] {backup.toString()}))).isZero();
    assertThat(withDataDir(newData, () -> RestoreCommand.run(new String[] {backup.toString()}))).isZero();
    moved = DrillCommune.run(newUrl, newPort, newData);
    DrillCommune now = moved;
    assertThat(now.bean(TransparencyLog.class).publicKey()).isEqualTo(a.bean(TransparencyLog.class).publicKey());
    assertThat(now.bean(FederationUrls.class).actor()).isEqualTo(newActor);
    now.bean(Moving.class).declareAlias(oldActor);

    moving.move(newActor);
    eventually("Fedify follows the moved actor", () -> "accepted".equals(fedify.followState(newActor)));
    assertThat(fedify.followState(oldActor)).isEqualTo("moved");
    assertThat(fedify.problems()).isEmpty();
    assertThat(now.jdbc().sql("SELECT state FROM federation_follower WHERE actor = :a").param("a", fedify.actor())
        .query(String.class).single()).isEqualTo("accepted");
    assertThat(a.visitor().get("/articles").body()).contains("data-site-banner").contains(newActor);

    // The allies' copies now hold the hand-over: whoever reads them learns where A went.
    for (DrillCommune ally : List.of(b, c)) {
      assertThat(ally.bean(MirrorSync.class).sync(aHost).status()).isEqualTo("ok");
      assertThat(ally.jdbc().sql("SELECT count(*) FROM federation_mirror_log_entry WHERE leaf LIKE :m")
          .param("m", "%federation.moved%" + newActor + "%").query(Long.class).single()).isEqualTo(1);
    }
  }

  @Test
  @Order(5)
  void withTheOldAGoneAndItsDataDeletedTheAlliesStillServeAndVerifyIt() throws IOException {
    a.context().close();
    deleteTree(a.data());
    assertThat(a.data()).doesNotExist();

    for (DrillCommune ally : List.of(b, c)) {
      assertThat(ally.bean(MirrorSync.class).sync(aHost).status()).isEqualTo("unreachable");
      WebSession visitor = ally.visitor();
      WebSession.Page index = visitor.get("/mirrors/" + aHost);
      assertThat(index.status()).isEqualTo(200);
      assertThat(index.body()).contains("data-reachable=\"false\"").contains("data-log-verified=\"true\"");
      assertThat(visitor.get("/mirrors/" + aHost + "/articles/" + english).body())
          .contains("Strike fund report").contains("six weeks").contains("data-verified");
      assertThat(visitor.get("/mirrors/" + aHost + "/articles/" + arabic).body())
          .contains("lang=\"ar\" dir=\"rtl\"").contains("تقرير صندوق الإضراب");
      WebSession.Page tombstone = visitor.get("/mirrors/" + aHost + "/articles/" + withdrawn);
      assertThat(tombstone.status()).isEqualTo(410);
      assertThat(tombstone.body()).doesNotContain("This notice was wrong");

      VerifierRun.Result pinned = VerifierRun.against(ally.mirrorOf(a), state(), "--key", aKey);
      assertThat(pinned.exit()).as(pinned.output()).isZero();
      // Pinned to another key, the same copy fails: the check above can fail.
      String other = Base64.getEncoder().encodeToString(ally.bean(TransparencyLog.class).publicKey());
      assertThat(VerifierRun.against(ally.mirrorOf(a), state(), "--key", other).exit()).isEqualTo(1);
    }
    // Each mirror agrees with what the other ally cosigned.
    VerifierRun.Result crossed = VerifierRun.against(b.mirrorOf(a), state(), "--key", aKey, "--witness", c.url());
    assertThat(crossed.exit()).as(crossed.output()).isZero();
    crossed = VerifierRun.against(c.mirrorOf(a), state(), "--key", aKey, "--witness", b.url());
    assertThat(crossed.exit()).as(crossed.output()).isZero();
  }

  @Test
  @Order(6)
  void aRewrittenCopyOfTheLogIsCaughtByTheWitnesses() throws IOException {
    // Whoever holds A's keys (here: the moved instance) rewrites entry 1 and re-signs every checkpoint.
    DrillCommune now = moved;
    LogRewriter.rewrite(now.context(), 1);
    // A rogue server hands that log out as a mirror of A.
    HttpServer rogue = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
    String prefix = "/mirrors/" + aHost;
    rogue.createContext(prefix, exchange -> relay(exchange, now.url() + exchange.getRequestURI().toString()
        .substring(prefix.length())));
    rogue.start();
    try {
      String copy = "http://127.0.0.1:" + rogue.getAddress().getPort() + prefix;
      VerifierRun.Result keyOnly = VerifierRun.against(copy, state(), "--key", aKey);
      assertThat(keyOnly.exit()).as("on A's key alone the rewrite passes: " + keyOnly.output()).isZero();
      for (DrillCommune witness : List.of(b, c)) {
        VerifierRun.Result caught = VerifierRun.against(copy, state(), "--key", aKey, "--witness", witness.url());
        assertThat(caught.exit()).as(caught.output()).isEqualTo(1);
        assertThat(caught.output()).contains("FORKED OR REWRITTEN LOG");
      }
    } finally {
      rogue.stop(0);
    }
  }

  @Test
  @Order(7)
  void theArchiveServedOnAFreshInstanceServesTheSameArticlesAndAVerifiableLog() throws Exception {
    try (ArchiveDrill.Served served = ArchiveDrill.serve(archive)) {
      assertThat(served.output()).contains("Serving the archive of " + "http://" + aHost);
      WebSession reader = new WebSession(served.port());
      assertThat(reader.get("/articles/" + english + "?lang=en").body())
          .contains("Strike fund report").contains("six weeks").contains("read-only");
      assertThat(reader.get("/articles/" + arabic + "?lang=ar").body()).contains("تقرير صندوق الإضراب");
      assertThat(reader.get("/articles/" + withdrawn + "?lang=en").status()).isEqualTo(410);

      VerifierRun.Result verified = VerifierRun.against(served.url(), state(), "--key", aKey);
      assertThat(verified.exit()).as(verified.output()).isZero();
      // The same log the allies kept: the archive's entries are the mirror's first entries, leaf for leaf.
      JsonNode checkpoint = get(served.url() + "/api/log/checkpoint");
      long size = checkpoint.path("treeSize").asLong();
      assertThat(size).isPositive();
      assertThat(leaves(served.url(), size)).isEqualTo(leaves(b.mirrorOf(a), size)).isEqualTo(leaves(c.mirrorOf(a), size));
    }
  }

  private static void adopt(DrillCommune by, DrillCommune ally) {
    ProposalId id = by.bean(Alliances.class).proposeAdoption(by.steward(), ally.url(), Locale.ENGLISH);
    Proposals proposals = by.bean(Proposals.class);
    proposals.cast(by.steward(), id, new BallotInput("yes", Set.of(), Map.of()));
    proposals.close(id);
    Awaitility.await().atMost(PATIENCE).until(() -> by.bean(Alliances.class).find(ally.host()).isPresent());
  }

  private static void eventually(String what, Callable<Boolean> condition) {
    Awaitility.await(what).atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(condition);
  }

  private static List<String> leaves(String base, long count) {
    List<String> leaves = new ArrayList<>();
    get(base + "/api/log/entries?start=0&count=" + count).path("entries")
        .forEach(entry -> leaves.add(entry.path("leaf").asString()));
    return leaves;
  }

  private static JsonNode get(String url) {
    try {
      HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
          .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).as(url).isEqualTo(200);
      return Json.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The rogue server passes requests on to where the rewritten log lives. */
  private static void relay(HttpExchange exchange, String url) throws IOException {
    try {
      HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
          .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofByteArray());
      exchange.getResponseHeaders().set("Content-Type", response.headers().firstValue("Content-Type").orElse("application/json"));
      exchange.sendResponseHeaders(response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
      exchange.getResponseBody().write(response.body());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exchange.sendResponseHeaders(502, -1);
    } finally {
      exchange.close();
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  private static Path state() {
    try {
      return Files.createTempDirectory("verify-log").resolve("known_logs");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
