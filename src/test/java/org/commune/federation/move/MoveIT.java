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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
import org.commune.governance.BallotInput;
import org.commune.governance.ProposalId;
import org.commune.governance.Proposals;
import org.commune.members.InvalidInput;
import org.commune.members.MemberId;
import org.commune.members.Members;
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
import org.jspecify.annotations.Nullable;
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
 * Moving house against a fake new instance and a fake follower on loopback (JDK HttpServer): the hand-over and
 * the move are refused unless the members voted for exactly that address; the move is refused until the
 * hand-over is logged and the new actor lists the old one; then a signed Move reaches the
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
  @Autowired Proposals proposals;
  @Autowired Members members;

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

  private MemberId steward() {
    return members.all().stream().filter(m -> m.username().equals(STEWARD)).findFirst().orElseThrow().id();
  }

  /** The steward proposes moving to {@code target}, votes {@code choice} (the only member) and closes the vote. */
  private void membersVote(String target, String choice) {
    ProposalId id = moving.proposeMove(steward(), target, Locale.ENGLISH);
    proposals.cast(steward(), id, new BallotInput(choice, Set.of(), Map.of()));
    proposals.close(id);
    // The decision reaches Moving after the commit: wait until every event was handled.
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
        jdbc.sql("SELECT count(*) FROM event_publication WHERE completion_date IS NULL").query(Long.class).single() == 0);
  }

  private void handedOver(String target) {
    moving.handOver(target);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> moving.handedOverTo().contains(target));
  }

  /**
   * The next Move the follower's inbox receives, within 20 seconds; other activities (the vote's decision is
   * announced to followers too) are passed over.
   */
  private static @Nullable InboundRequest nextMove() throws InterruptedException {
    long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < until) {
      InboundRequest next = INBOX.poll(1, TimeUnit.SECONDS);
      if (next != null && "Move".equals(Json.MAPPER.readTree(next.body()).path("type").asString())) {
        return next;
      }
    }
    return null;
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
  void noHandOverNorMoveWithoutAPassedVoteForExactlyThatAddress() {
    oldActor = urls.actor();
    String unaliased = base + "/actors/unaliased";
    String aliased = base + "/actors/new";
    // No vote at all: one steward alone can neither hand over nor move.
    assertThat(refusal(() -> moving.handOver(aliased))).isEqualTo("federation.move.not-voted");
    assertThat(refusal(() -> moving.move(aliased))).isEqualTo("federation.move.not-voted");
    WebSession steward = signedIn(STEWARD);
    WebSession.Page alone = steward.submit("/admin/federation/move", "/admin/federation/move/hand-over",
        Map.of("newActor", aliased));
    assertThat(alone.status()).isEqualTo(400);
    assertThat(alone.body()).contains("The members have not voted to move to this address");
    assertThat(log.count("federation.moved")).isZero();

    // A rejected vote moves nothing.
    membersVote(aliased, "no");
    assertThat(moving.adoptedTargets()).isEmpty();
    assertThat(refusal(() -> moving.handOver(aliased))).isEqualTo("federation.move.not-voted");

    // A vote for one address does not allow another.
    membersVote(unaliased, "yes");
    assertThat(moving.adoptedTargets()).containsExactly(unaliased);
    assertThat(refusal(() -> moving.handOver(aliased))).isEqualTo("federation.move.not-voted");
    assertThat(refusal(() -> moving.handOver(aliased + "/"))).isEqualTo("federation.move.not-voted");
    assertThat(refusal(() -> moving.move(aliased))).isEqualTo("federation.move.not-voted");
    assertThat(log.count("federation.moved")).isZero();

    // Voted for: the hand-over comes first, then the new actor must list this one.
    assertThat(refusal(() -> moving.move(unaliased))).isEqualTo("federation.move.hand-over-first");
    handedOver(unaliased);
    assertThat(refusal(() -> moving.move(unaliased))).isEqualTo("federation.move.not-aliased");
    membersVote(base + "/actors/impostor", "yes");
    handedOver(base + "/actors/impostor");
    assertThat(refusal(() -> moving.move(base + "/actors/impostor"))).isEqualTo("federation.move.not-an-actor");
    assertThat(refusal(() -> moving.handOver("not an address"))).isEqualTo("federation.move.url.invalid");
    assertThat(refusal(() -> moving.handOver("ftp://elsewhere.example/actors/org"))).isEqualTo("federation.move.url.invalid");
    assertThat(refusal(() -> moving.handOver(urls.actor()))).isEqualTo("federation.move.url.self");
    assertThat(refusal(() -> moving.proposeMove(steward(), urls.actor(), Locale.ENGLISH))).isEqualTo("federation.move.url.self");
    assertThat(refusal(() -> moving.declareAlias("https://user:pw@old.example/actors/org")))
        .isEqualTo("federation.move.url.invalid");

    // The stewards' page says why, in the member's language, with a 400 and no stack trace.
    WebSession.Page refused = steward.submit("/admin/federation/move", "/admin/federation/move/move",
        Map.of("target", unaliased));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("does not list this one as an alias");
    WebSession.Page badProposal = steward.submit("/admin/federation/move", "/admin/federation/move/propose",
        Map.of("proposed", "not an address"));
    assertThat(badProposal.status()).isEqualTo(400);
    assertThat(badProposal.body()).contains("full address, starting with https://").doesNotContain("Exception");
    assertThat(moving.movedTo()).isEmpty();
    assertThat(INBOX).isEmpty();
    assertThat(visitor().get("/articles").body()).doesNotContain("data-site-banner");
  }

  @Test
  @Order(2)
  void theStewardsPageProposesTheMoveWithTheKeysThatCarryOn() {
    WebSession steward = signedIn(STEWARD);
    WebSession.Page proposed = steward.submit("/admin/federation/move", "/admin/federation/move/propose",
        Map.of("proposed", base + "/actors/new"));
    assertThat(proposed.status()).isEqualTo(302);
    assertThat(proposed.location()).contains("/proposals/");
    String page = steward.get(proposed.location().substring(proposed.location().indexOf("/proposals/"))).body();
    assertThat(page).contains(base + "/actors/new").contains(LogSignatures.fingerprint(log.publicKey()))
        .contains(LogSignatures.fingerprint(actorKeys.publicKey().getEncoded()));
    // Proposed is not voted.
    assertThat(refusal(() -> moving.handOver(base + "/actors/new"))).isEqualTo("federation.move.not-voted");
    assertThat(moving.adoptedTargets()).doesNotContain(base + "/actors/new");
    assertThat(steward.get("/admin/federation/move").body()).contains("data-adopted").contains(base + "/actors/unaliased");
  }

  @Test
  @Order(3)
  void theHandOverIsLoggedAndASignedMoveReachesTheFollowers() throws Exception {
    oldActor = urls.actor();
    String target = base + "/actors/new";
    jdbc.sql("""
        INSERT INTO federation_follower (actor, inbox, shared_inbox, follow_id, state, since)
        VALUES (:actor, :inbox, NULL, :follow, 'accepted', :since) ON CONFLICT DO NOTHING
        """).param("actor", base + "/actors/follower").param("inbox", base + "/inbox")
        .param("follow", base + "/follows/1").param("since", Timestamp.from(Instant.now())).update();

    membersVote(target, "yes");
    handedOver(target);
    LogEntry entry = log.newest("federation.moved", Long.MAX_VALUE, 1).get(0);
    assertThat(entry.data()).containsEntry("old_actor", urls.actor()).containsEntry("new_actor", target)
        .containsEntry("log_key", LogSignatures.fingerprint(log.publicKey()));

    WebSession steward = signedIn(STEWARD);
    assertThat(steward.submit("/admin/federation/move", "/admin/federation/move/move", Map.of("target", target))
        .redirectsTo("/admin/federation/move")).isTrue();

    InboundRequest delivered = nextMove();
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
    assertThat(nextMove()).isNotNull();
    assertThat(refusal(() -> moving.move(base + "/actors/unaliased"))).isEqualTo("federation.move.already-moved");
    assertThat(refusal(() -> moving.handOver(base + "/actors/other"))).isEqualTo("federation.move.already-moved");
  }

  @Test
  @Order(4)
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
  @Order(5)
  void onlyStewardsMayMoveHouse() {
    assertThat(visitor().get("/admin/federation/move").status()).isIn(302, 401, 403);
    assertThat(visitor().post("/admin/federation/move/move", Map.of("target", base + "/actors/new")).status())
        .isIn(302, 401, 403);
    assertThat(visitor().post("/admin/federation/move/propose", Map.of("proposed", base + "/actors/new")).status())
        .isIn(302, 401, 403);
  }
}
