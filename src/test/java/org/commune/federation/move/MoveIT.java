package org.commune.federation.move;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.commune.federation.FederationUrls;
import org.commune.federation.http.ActorKeys;
import org.commune.federation.http.HttpSignatures;
import org.commune.federation.http.InboundRequest;
import org.commune.Application;
import org.commune.members.InvalidInput;
import org.commune.members.NewMember;
import org.commune.members.Organisation;
import org.commune.members.SetupLink;
import org.commune.testing.FreePort;
import org.commune.testing.MutableClock;
import org.commune.testing.TestClockConfiguration;
import org.commune.testing.WebSession;
import org.commune.transparency.LogEntry;
import org.commune.transparency.LogSignatures;
import org.commune.transparency.TransparencyLog;
import org.commune.web.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Moving house against a fake new instance and a fake follower on loopback (JDK HttpServer): the move is
 * refused until the hand-over is logged and the new actor lists the old one; then a signed Move reaches the
 * follower's inbox, the actor records movedTo and every page points to the new address.
 */
@SpringBootTest(classes = Application.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@Import(TestClockConfiguration.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
class MoveIT {

  private static final String STEWARD = "steward";
  private static final String PASSWORD = "a long enough password";

  private static HttpServer elsewhere;
  private static String base;
  private static final BlockingQueue<InboundRequest> INBOX = new LinkedBlockingQueue<>();
  /** The old actor's address, known once the context is up (the fake new actor lists it). */
  private static volatile String oldActor = "";

  @Autowired Moving moving;
  @Autowired FederationUrls urls;
  @Autowired ActorKeys actorKeys;
  @Autowired TransparencyLog log;

  /** This context's own port and data directory: it runs beside the shared one, whose settings differ. */
  private static final int OWN_PORT = FreePort.find();

  @DynamicPropertySource
  static void loopback(DynamicPropertyRegistry registry) {
    // The fake servers listen on loopback: allowed for this context only.
    registry.add("commune.federation.allow-private-addresses", () -> true);
    registry.add("server.port", () -> OWN_PORT);
    registry.add("commune.public-url", () -> "http://localhost:" + OWN_PORT);
    registry.add("commune.data-dir", () -> "target/it-data/" + UUID.randomUUID());
  }

  @Autowired Organisation organisation;
  @Autowired SetupLink setupLink;
  @Autowired JdbcClient jdbc;
  @Autowired MutableClock clock;

  @BeforeEach
  void organisationIsSetUp() {
    if (!organisation.isSetUp()) {
      organisation.setUp("Moving Union", "نقابة منتقلة", "en",
          new NewMember(STEWARD, "Steward", "steward@example.org", PASSWORD, "en"));
      setupLink.spend();
    }
  }

  private static WebSession visitor() {
    return new WebSession(OWN_PORT);
  }

  private static WebSession signedIn(String username) {
    WebSession session = visitor();
    assertThat(session.signIn(username, PASSWORD).redirectsTo("/home")).as("signed in").isTrue();
    return session;
  }

  @BeforeAll
  static void startElsewhere() throws IOException {
    elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 10);
    base = "http://127.0.0.1:" + elsewhere.getAddress().getPort();
    elsewhere.createContext("/actors/new", e -> answer(e, actor("/actors/new", List.of(oldActor))));
    elsewhere.createContext("/actors/unaliased", e -> answer(e, actor("/actors/unaliased", List.of())));
    elsewhere.createContext("/actors/impostor", e -> answer(e, actor("/actors/someone-else", List.of(oldActor))));
    elsewhere.createContext("/inbox", e -> {
      INBOX.add(new InboundRequest(e.getRequestMethod(), e.getRequestURI().getRawPath(), e.getRequestHeaders(),
          e.getRequestBody().readAllBytes()));
      e.sendResponseHeaders(202, -1);
      e.close();
    });
    elsewhere.start();
  }

  @AfterAll
  static void stopElsewhere() {
    elsewhere.stop(0);
  }

  private static String actor(String path, List<String> aliases) {
    return Json.MAPPER.writeValueAsString(Map.of("id", base + path, "type", "Organization", "alsoKnownAs", aliases,
        "inbox", base + "/inbox"));
  }

  private static void answer(HttpExchange exchange, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", FederationUrls.ACTIVITY_JSON);
    exchange.sendResponseHeaders(200, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  private void handedOver(String target) {
    moving.handOver(target);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> moving.handedOverTo().contains(target));
  }

  private static String refusal(Runnable action) {
    try {
      action.run();
    } catch (InvalidInput invalid) {
      return invalid.problems().get(0).messageKey();
    }
    throw new AssertionError("not refused");
  }

  @Test
  @Order(1)
  void theMoveIsRefusedUntilHandedOverAndAliased() {
    oldActor = urls.actor();
    String unaliased = base + "/actors/unaliased";
    assertThat(refusal(() -> moving.move(unaliased))).isEqualTo("federation.move.hand-over-first");
    handedOver(unaliased);
    assertThat(refusal(() -> moving.move(unaliased))).isEqualTo("federation.move.not-aliased");
    handedOver(base + "/actors/impostor");
    assertThat(refusal(() -> moving.move(base + "/actors/impostor"))).isEqualTo("federation.move.not-an-actor");
    assertThat(refusal(() -> moving.handOver("not an address"))).isEqualTo("federation.move.url.invalid");
    assertThat(refusal(() -> moving.handOver("ftp://elsewhere.example/actors/org"))).isEqualTo("federation.move.url.invalid");
    assertThat(refusal(() -> moving.handOver(urls.actor()))).isEqualTo("federation.move.url.self");
    assertThat(refusal(() -> moving.declareAlias("https://user:pw@old.example/actors/org")))
        .isEqualTo("federation.move.url.invalid");

    // The stewards' page says why, in the member's language, with a 400 and no stack trace.
    WebSession steward = signedIn(STEWARD);
    WebSession.Page refused = steward.submit("/admin/federation/move", "/admin/federation/move/move",
        Map.of("target", unaliased));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("does not list this one as an alias");
    assertThat(moving.movedTo()).isEmpty();
    assertThat(INBOX).isEmpty();
    assertThat(visitor().get("/articles").body()).doesNotContain("data-site-banner");
  }

  @Test
  @Order(2)
  void theHandOverIsLoggedAndASignedMoveReachesTheFollowers() throws Exception {
    oldActor = urls.actor();
    String target = base + "/actors/new";
    jdbc.sql("""
        INSERT INTO federation_follower (actor, inbox, shared_inbox, follow_id, state, since)
        VALUES (:actor, :inbox, NULL, :follow, 'accepted', :since) ON CONFLICT DO NOTHING
        """).param("actor", base + "/actors/follower").param("inbox", base + "/inbox")
        .param("follow", base + "/follows/1").param("since", Timestamp.from(Instant.now())).update();

    handedOver(target);
    LogEntry entry = log.newest("federation.moved", Long.MAX_VALUE, 1).get(0);
    assertThat(entry.data()).containsEntry("old_actor", urls.actor()).containsEntry("new_actor", target)
        .containsEntry("log_key", LogSignatures.fingerprint(log.publicKey()));

    WebSession steward = signedIn(STEWARD);
    assertThat(steward.submit("/admin/federation/move", "/admin/federation/move/move", Map.of("target", target))
        .redirectsTo("/admin/federation/move")).isTrue();

    InboundRequest delivered = INBOX.poll(20, TimeUnit.SECONDS);
    assertThat(delivered).as("the Move reached the follower's inbox").isNotNull();
    HttpSignatures.checkDigest(delivered);
    HttpSignatures.verifyCavage(delivered, HttpSignatures.parseCavage(delivered.header("signature")),
        actorKeys.publicKey(), clock.instant());
    JsonNode move = Json.MAPPER.readTree(delivered.body());
    assertThat(move.path("type").asString()).isEqualTo("Move");
    assertThat(move.path("actor").asString()).isEqualTo(urls.actor());
    assertThat(move.path("object").asString()).isEqualTo(urls.actor());
    assertThat(move.path("target").asString()).isEqualTo(target);
    assertThat(move.path("id").asString()).startsWith(urls.base() + "/activities/");
    // Someone else's key does not verify it: the check above can fail.
    assertThatThrownBy(() -> HttpSignatures.verifyCavage(delivered,
        HttpSignatures.parseCavage(delivered.header("signature")), ActorKeys.generate().getPublic(), clock.instant()))
        .isInstanceOf(Exception.class);

    assertThat(jdbc.sql("SELECT moved_to FROM federation_actor").query(String.class).single()).isEqualTo(target);
    assertThat(visitor().get("/articles").body()).contains("data-site-banner").contains(target)
        .contains("This organisation has moved");
    assertThat(steward.get("/admin/federation/move").body()).contains("data-moved-to");
    // Sending again to the same address is allowed (a server was down); moving elsewhere is not.
    moving.move(target);
    assertThat(INBOX.poll(20, TimeUnit.SECONDS)).isNotNull();
    assertThat(refusal(() -> moving.move(base + "/actors/unaliased"))).isEqualTo("federation.move.already-moved");
    assertThat(refusal(() -> moving.handOver(base + "/actors/other"))).isEqualTo("federation.move.already-moved");
  }

  @Test
  @Order(3)
  void anAliasIsDeclaredOnceAndLogged() {
    String old = "https://old.example/actors/org";
    moving.declareAlias(old);
    moving.declareAlias(old);
    assertThat(moving.aliases()).containsOnlyOnce(old);
    Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> log.count("federation.alias-declared") == 1);
    assertThat(log.newest("federation.alias-declared", Long.MAX_VALUE, 1).get(0).data()).containsEntry("old_actor", old);
  }

  @Test
  @Order(4)
  void onlyStewardsMayMoveHouse() {
    assertThat(visitor().get("/admin/federation/move").status()).isIn(302, 401, 403);
    assertThat(visitor().post("/admin/federation/move/move", Map.of("target", base + "/actors/new")).status())
        .isIn(302, 401, 403);
  }
}
