package org.commune.federation.survival;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.commune.federation.http.ActorKeys;
import org.commune.governance.BallotInput;
import org.commune.governance.ProposalId;
import org.commune.governance.Proposals;
import org.commune.members.Members;
import org.commune.publishing.Articles;
import org.commune.testing.VerifierRun;
import org.commune.testing.WebSession;
import org.commune.transparency.Checkpoint;
import org.commune.transparency.Cosignature;
import org.commune.transparency.LogRewriter;
import org.commune.transparency.LogSignatures;
import org.commune.transparency.LogFiller;
import org.commune.transparency.TransparencyLog;
import org.springframework.transaction.PlatformTransactionManager;
import org.commune.web.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * The survival drill: two Communes in one JVM, each on its own port, database and data directory. A is the
 * origin, B its ally: each adopts the other by vote (never without one), B mirrors A's articles and log and
 * cosigns A's checkpoints, A keeps B's cosignatures. Then the attacks: forged and non-ally cosignatures, a
 * copy tampered in B's database, A's history rewritten and re-signed with A's own key (only the witness can
 * tell), and finally A disappears: B's mirror still serves A's articles and a log that verifies against A's key.
 * FullSurvivalDrillIT adds a third Commune, the archive, moving house and a Fedify follower.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SurvivalDrillIT {

  static DrillCommune a;
  static DrillCommune b;
  static UUID english;
  static UUID arabic;
  static UUID withdrawn;

  static DrillCommune start(String name) {
    return DrillCommune.start(name, Path.of("target/it-data/survival-" + name + "-" + UUID.randomUUID()));
  }

  @BeforeAll
  static void startBoth() {
    a = start("A");
    b = start("B");
    Articles articles = a.bean(Articles.class);
    english = articles.publish(a.steward(), "en", "Strike fund report", "The fund holds **enough** for a month.");
    arabic = articles.publish(a.steward(), "ar", "تقرير صندوق الإضراب", "يكفي الصندوق لشهر.");
    withdrawn = articles.publish(a.steward(), "en", "A mistaken notice", "This notice was wrong.");
    articles.withdraw(a.steward(), withdrawn, "error", "Published by mistake.");
    Awaitility.await().atMost(Duration.ofSeconds(30))
        .until(() -> a.bean(TransparencyLog.class).count("article.withdrawn") == 1 && a.bean(TransparencyLog.class).size() >= 2);
  }

  @AfterAll
  static void stopBoth() {
    for (DrillCommune c : new DrillCommune[] {a, b}) {
      if (c != null && c.context().isActive()) {
        c.context().close();
      }
    }
  }

  @Test
  @Order(1)
  void alliesExistOnlyByAPassedVote() throws IOException {
    WebSession steward = b.steward("keeperb");
    // Bad addresses are refused with a message, in the member's language.
    WebSession.Page bad = steward.submit("/admin/federation/allies", "/admin/federation/allies",
        Map.of("url", "ftp://example.org/x"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("Give the other Commune");
    // A server that answers but is no Commune and one that does not answer get one message (finding 13): the
    // form tells a steward nothing about what listens where.
    HttpServer notCommune = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    notCommune.createContext("/", exchange -> {
      exchange.sendResponseHeaders(404, -1);
      exchange.close();
    });
    notCommune.start();
    try {
      String answered = steward.submit("/admin/federation/allies", "/admin/federation/allies",
          Map.of("url", "http://127.0.0.1:" + notCommune.getAddress().getPort())).body();
      String silent = steward.submit("/admin/federation/allies", "/admin/federation/allies",
          Map.of("url", "http://127.0.0.1:1")).body();
      assertThat(answered).contains("Could not read a Commune at this address");
      assertThat(silent).contains("Could not read a Commune at this address");
    } finally {
      notCommune.stop(0);
    }
    // A steward proposes; the proposal shows A's key fingerprints, and nothing is adopted yet.
    WebSession.Page proposed = steward.submit("/admin/federation/allies", "/admin/federation/allies",
        Map.of("url", a.url()));
    assertThat(proposed.status()).isEqualTo(302);
    ProposalId first = ProposalId.parse(proposed.location().substring(proposed.location().lastIndexOf('/') + 1));
    String fingerprint = LogSignatures.fingerprint(a.bean(TransparencyLog.class).publicKey());
    assertThat(steward.get("/proposals/" + first).body()).contains(fingerprint);
    assertThat(b.bean(Alliances.class).all()).isEmpty();
    // There is no way to add an ally directly.
    assertThat(steward.post("/admin/federation/allies/adopt", Map.of("url", a.url())).status()).isNotIn(200, 302);
    assertThat(b.bean(Alliances.class).all()).isEmpty();

    // Members vote it down: still no ally.
    vote(b, first, "no");
    Awaitility.await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
        .until(() -> b.bean(Alliances.class).all().isEmpty());

    // Proposed again and adopted: A's keys are pinned exactly as on the proposal.
    ProposalId second = b.bean(Alliances.class).proposeAdoption(b.steward(), a.url(), Locale.ENGLISH);
    vote(b, second, "yes");
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> b.bean(Alliances.class).find(a.host()).isPresent());
    Ally pinned = b.bean(Alliances.class).find(a.host()).orElseThrow();
    assertThat(pinned.logKey()).isEqualTo(a.bean(TransparencyLog.class).publicKey());
    assertThat(pinned.adoptedBy()).isEqualTo(second.value());
    Awaitility.await().atMost(Duration.ofSeconds(20))
        .until(() -> b.visitor().get("/log").body().contains("Members adopted an allied Commune"));

    // A adopts B in turn: A will accept B's cosignatures.
    ProposalId back = a.bean(Alliances.class).proposeAdoption(a.steward(), b.url(), Locale.ENGLISH);
    vote(a, back, "yes");
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> a.bean(Alliances.class).find(b.host()).isPresent());
  }

  @Test
  @Order(2)
  void theAllyMirrorsArticlesAndLogAndCosigns() {
    MirrorSync.Result result = b.bean(MirrorSync.class).sync(a.host());
    assertThat(result.status()).isEqualTo("ok");
    assertThat(result.articlesStored()).isEqualTo(3);
    assertThat(result.logSize()).isEqualTo(a.bean(TransparencyLog.class).size());
    assertThat(result.cosigned()).isTrue();

    WebSession visitor = b.visitor();
    WebSession.Page index = visitor.get("/mirrors/" + a.host());
    assertThat(index.status()).isEqualTo(200);
    assertThat(index.body()).contains("data-mirror-banner").contains("<link rel=\"canonical\" href=\"" + a.url() + "/\">")
        .contains("Strike fund report").contains("data-log-verified=\"true\"");
    WebSession.Page article = visitor.get("/mirrors/" + a.host() + "/articles/" + english);
    assertThat(article.status()).isEqualTo(200);
    assertThat(article.body()).contains("<strong>enough</strong>").contains("data-verified")
        .contains("href=\"" + a.url() + "/articles/" + english + "\"");
    assertThat(visitor.get("/mirrors/" + a.host() + "/articles/" + arabic).body())
        .contains("lang=\"ar\" dir=\"rtl\"").contains("تقرير صندوق الإضراب");
    WebSession.Page tombstone = visitor.get("/mirrors/" + a.host() + "/articles/" + withdrawn);
    assertThat(tombstone.status()).isEqualTo(410);
    assertThat(tombstone.body()).contains("data-tombstone").doesNotContain("This notice was wrong");

    // A received and keeps B's cosignature of its latest checkpoint, and lists B as its witness.
    JsonNode cosignatures = json(a.visitor().get("/api/log/cosignatures").body());
    assertThat(cosignatures.path("cosignatures")).hasSize(1);
    assertThat(cosignatures.path("cosignatures").get(0).path("witness").asString()).isEqualTo(b.url());
    assertThat(a.visitor().get("/log").body()).contains("data-log-witnesses").contains(b.url());
    assertThat(json(a.visitor().get("/api/log/witnesses").body()).path("witnesses").get(0).path("url").asString())
        .isEqualTo(b.url());

    // verify-log checks A's listed cosignatures; the mirror's log verifies against A's pinned key.
    String aKey = Base64.getEncoder().encodeToString(a.bean(TransparencyLog.class).publicKey());
    VerifierRun.Result origin = VerifierRun.against(a.url());
    assertThat(origin.exit()).as(origin.output()).isZero();
    assertThat(origin.output()).contains("cosigned by " + b.url()).contains(": valid");
    VerifierRun.Result mirrored = VerifierRun.against(b.url() + "/mirrors/" + a.host(), tempState(), "--key", aKey);
    assertThat(mirrored.exit()).as(mirrored.output()).isZero();
    VerifierRun.Result witnessed = VerifierRun.against(a.url(), tempState(), "--witness", b.url());
    assertThat(witnessed.exit()).as(witnessed.output()).isZero();
    assertThat(witnessed.output()).contains("1 cosigned checkpoints");
  }

  @Test
  @Order(3)
  void cosignaturesFromNonAlliesAndForgedOnesAreRefused() throws Exception {
    Checkpoint latest = a.bean(TransparencyLog.class).latestCheckpoint().orElseThrow();
    byte[] aKey = a.bean(TransparencyLog.class).publicKey();
    KeyPair stranger = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    long now = Instant.now().getEpochSecond();
    byte[] strangerKey = stranger.getPublic().getEncoded();
    byte[] strangerSignature = sign(stranger, Cosignature.signedText(strangerKey, aKey, latest.treeSize(),
        latest.rootHash(), now));
    // A valid cosignature, but by a key A's members never adopted.
    assertThat(postCosignature(a, strangerKey, aKey, latest.treeSize(), latest.rootHash(), now, strangerSignature))
        .isEqualTo(403);
    // B's pinned key, but a signature B never made.
    byte[] bKey = b.bean(TransparencyLog.class).publicKey();
    assertThat(postCosignature(a, bKey, aKey, latest.treeSize(), latest.rootHash(), now, strangerSignature))
        .isEqualTo(403);
    // Malformed and oversize bodies: 400, never a 500.
    assertThat(postRaw(a, "{\"witnessKey\": 12}")).isEqualTo(400);
    assertThat(postRaw(a, "not json")).isEqualTo(400);
    assertThat(postRaw(a, "{\"x\":\"" + "a".repeat(10_000) + "\"}")).isEqualTo(400);
    assertThat(json(a.visitor().get("/api/log/cosignatures").body()).path("cosignatures")).hasSize(1);
  }

  @Test
  @Order(4)
  void aCopyChangedInTheMirrorsDatabaseIsDetected() {
    b.jdbc().sql("UPDATE federation_mirror_article SET item = replace(item, 'Strike fund', 'Scab fund') WHERE article_id = :id")
        .param("id", english).update();
    WebSession visitor = b.visitor();
    WebSession.Page article = visitor.get("/mirrors/" + a.host() + "/articles/" + english);
    assertThat(article.status()).isEqualTo(409);
    assertThat(article.body()).contains("data-not-verified").doesNotContain("Scab fund");
    assertThat(visitor.get("/mirrors/" + a.host()).body()).contains("data-refused=\"1\"").doesNotContain("Scab fund");
    // The next sync restores the ally's signed copy.
    assertThat(b.bean(MirrorSync.class).sync(a.host()).status()).isEqualTo("ok");
    assertThat(visitor.get("/mirrors/" + a.host() + "/articles/" + english).status()).isEqualTo(200);

    // Items that do not carry the pinned key's signature are refused and overwrite nothing.
    byte[] pinned = b.jdbc().sql("SELECT actor_key FROM federation_ally WHERE host = :h").param("h", a.host())
        .query(byte[].class).single();
    List<String> kept = b.jdbc().sql("SELECT item || signature FROM federation_mirror_article ORDER BY article_id")
        .query(String.class).list();
    b.jdbc().sql("UPDATE federation_ally SET actor_key = :k WHERE host = :h")
        .param("k", ActorKeys.generate().getPublic().getEncoded()).param("h", a.host()).update();
    MirrorSync.Result refused = b.bean(MirrorSync.class).sync(a.host());
    b.jdbc().sql("UPDATE federation_ally SET actor_key = :k WHERE host = :h").param("k", pinned).param("h", a.host())
        .update();
    assertThat(refused.status()).isEqualTo("articles-refused");
    assertThat(refused.articlesRefused()).isEqualTo(3);
    assertThat(b.jdbc().sql("SELECT item || signature FROM federation_mirror_article ORDER BY article_id")
        .query(String.class).list()).isEqualTo(kept);

    // The mirror speaks the reader's language.
    WebSession arabic = b.visitor();
    arabic.switchLanguage("ar");
    assertThat(arabic.get("/mirrors/" + a.host()).body()).contains("هذه نسخة من " + a.host());
  }

  @Test
  @Order(5)
  void aLogLongerThanOneAnswerIsMirroredPageByPage() {
    // One answer may be at most 1 MiB (about 5,000 entries): a longer log is asked for in pages.
    TransparencyLog originLog = a.bean(TransparencyLog.class);
    LogFiller.fill(originLog, a.bean(PlatformTransactionManager.class), originLog.size() + 8_000);
    MirrorSync.Result longer = b.bean(MirrorSync.class).sync(a.host());
    assertThat(longer.status()).isEqualTo("ok");
    assertThat(longer.logSize()).isEqualTo(originLog.size());
    assertThat(longer.cosigned()).isTrue();
  }

  @Test
  @Order(6)
  void aRewrittenOriginLogIsCaughtByItsWitness() {
    // A grows; B syncs and cosigns the larger tree.
    long before = a.bean(TransparencyLog.class).size();
    UUID second = a.bean(Articles.class).publish(a.steward(), "en", "Second report", "More news.");
    a.bean(Articles.class).withdraw(a.steward(), second, "duplicate", "Said twice.");
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> a.bean(TransparencyLog.class).size() > before);
    MirrorSync.Result synced = b.bean(MirrorSync.class).sync(a.host());
    assertThat(synced.status()).isEqualTo("ok");
    long cosignedSize = synced.logSize();
    List<String> mirroredBefore = b.jdbc().sql("SELECT leaf FROM federation_mirror_log_entry ORDER BY idx")
        .query(String.class).list();

    // A's owner rewrites entry 1 and re-signs everything with A's own key: a whole, consistent log on its own.
    LogRewriter.rewrite(a.context(), 1);
    VerifierRun.Result alone = VerifierRun.against(a.url());
    assertThat(alone.exit()).as("without a witness the rewrite passes: " + alone.output()).isZero();
    VerifierRun.Result withWitness = VerifierRun.against(a.url(), tempState(), "--witness", b.url());
    assertThat(withWitness.exit()).as(withWitness.output()).isEqualTo(1);
    assertThat(withWitness.output()).contains("FORKED OR REWRITTEN LOG");

    // B refuses to cosign, raises a visible alert with both checkpoints, and keeps its good copy.
    MirrorSync.Result refused = b.bean(MirrorSync.class).sync(a.host());
    assertThat(refused.status()).isEqualTo("log-refused");
    assertThat(refused.cosigned()).isFalse();
    assertThat(b.jdbc().sql("SELECT leaf FROM federation_mirror_log_entry ORDER BY idx").query(String.class).list())
        .isEqualTo(mirroredBefore);
    assertThat(b.jdbc().sql("SELECT max(tree_size) FROM federation_witness_cosigned").query(Long.class).single())
        .isEqualTo(cosignedSize);
    Map<String, Object> alert = b.jdbc().sql("SELECT kind, cosigned, served FROM federation_witness_alert").query().singleRow();
    assertThat((String) alert.get("cosigned")).contains("\"treeSize\":" + cosignedSize);
    assertThat((String) alert.get("served")).contains("treeSize");
    assertThat(b.visitor().get("/mirrors/" + a.host()).body()).contains("data-witness-alert");
    Awaitility.await().atMost(Duration.ofSeconds(20))
        .until(() -> b.visitor().get("/log").body().contains("An ally&#39;s log did not extend")
            || b.visitor().get("/log").body().contains("An ally's log did not extend"));
  }

  @Test
  @Order(7)
  void whenTheOriginIsGoneTheMirrorStaysReadableAndVerifiable() {
    String aKey = Base64.getEncoder().encodeToString(a.bean(TransparencyLog.class).publicKey());
    a.context().close();
    assertThat(b.bean(MirrorSync.class).sync(a.host()).status()).isEqualTo("unreachable");
    WebSession visitor = b.visitor();
    WebSession.Page index = visitor.get("/mirrors/" + a.host());
    assertThat(index.status()).isEqualTo(200);
    assertThat(index.body()).contains("data-reachable=\"false\"").contains("data-log-verified=\"true\"");
    assertThat(visitor.get("/mirrors/" + a.host() + "/articles/" + english).body()).contains("Strike fund report");
    VerifierRun.Result mirrored = VerifierRun.against(b.url() + "/mirrors/" + a.host(), tempState(), "--key", aKey);
    assertThat(mirrored.exit()).as(mirrored.output()).isZero();
    // Pinned to another key, the same copy fails.
    String other = Base64.getEncoder().encodeToString(b.bean(TransparencyLog.class).publicKey());
    assertThat(VerifierRun.against(b.url() + "/mirrors/" + a.host(), tempState(), "--key", other).exit()).isEqualTo(1);
  }

  private static void vote(DrillCommune c, ProposalId id, String choice) {
    Proposals proposals = c.bean(Proposals.class);
    proposals.cast(c.steward(), id, new BallotInput(choice, Set.of(), Map.of()));
    proposals.close(id);
  }

  private static byte[] sign(KeyPair pair, byte[] text) throws Exception {
    Signature signature = Signature.getInstance("Ed25519");
    signature.initSign(pair.getPrivate());
    signature.update(text);
    return signature.sign();
  }

  private static int postCosignature(DrillCommune to, byte[] witnessKey, byte[] originKey, long size, byte[] root, long time,
      byte[] signature) throws Exception {
    Base64.Encoder b64 = Base64.getEncoder();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("witness", "http://elsewhere.example");
    body.put("witnessKey", b64.encodeToString(witnessKey));
    body.put("originKey", b64.encodeToString(originKey));
    body.put("treeSize", size);
    body.put("rootHash", b64.encodeToString(root));
    body.put("time", time);
    body.put("signature", b64.encodeToString(signature));
    return postRaw(to, Json.MAPPER.writeValueAsString(body));
  }

  private static int postRaw(DrillCommune to, String body) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create(to.url() + "/api/log/cosignatures")).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.body()).doesNotContain("Exception");
    return response.statusCode();
  }

  private static JsonNode json(String body) {
    return Json.MAPPER.readTree(body);
  }

  private static Path tempState() {
    try {
      return Files.createTempDirectory("verify-log").resolve("known_logs");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
