package org.commune.federation.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.commune.federation.http.ActorKeys;
import org.commune.federation.http.HttpSignatures;
import org.commune.testing.WebSession;
import org.commune.web.Json;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The inbox as peers use it and as adversaries try it: follows accepted and undone, approval by stewards,
 * and every kind of bad delivery refused with a 4xx and nothing stored.
 */
class InboxIT extends FederatedCommune {

  static final String INBOX = BASE + "/actors/org/inbox";
  static final String SHARED = BASE + "/inbox";
  static final String ORG = BASE + "/actors/org";

  @Autowired ActorKeys keys;
  @Autowired InboxProcessor processor;

  static String json(JsonNode node) {
    return Json.MAPPER.writeValueAsString(node);
  }

  ObjectNode follow(FakePeer peer, String name) {
    ObjectNode follow = peer.activity(name, "Follow");
    follow.put("object", ORG);
    return follow;
  }

  long stored(String activityId) {
    return count("SELECT count(*) FROM federation_inbox WHERE activity_id = ?", activityId);
  }

  String state(String actor) {
    return jdbc.sql("SELECT state FROM federation_follower WHERE actor = ?").param(1, actor).query(String.class)
        .optional().orElse("none");
  }

  /** The Accept (or Reject) Commune sent: signed with the organisation's key, covering the body's Digest. */
  static JsonNode verified(FakePeer.Delivery delivery, ActorKeys keys) throws Exception {
    var inbound = delivery.asInbound();
    HttpSignatures.Cavage signature = HttpSignatures.parseCavage(inbound.header("signature"));
    assertThat(signature.keyId()).isEqualTo(ORG + "#main-key");
    assertThatCode(() -> HttpSignatures.verifyCavage(inbound, signature, keys.publicKey(), Instant.now()))
        .doesNotThrowAnyException();
    return delivery.json();
  }

  @Test
  void followIsAcceptedThenUndone() throws Exception {
    try (FakePeer peer = new FakePeer("127.0.0.2")) {
      String alice = peer.actor("alice");
      ObjectNode follow = follow(peer, "alice");
      HttpResponse<String> answer = peer.deliver(INBOX, "alice", json(follow));
      assertThat(answer.statusCode()).isEqualTo(202);
      eventually("alice follows", () -> state(alice).equals("accepted"));
      eventually("the Accept arrives", () -> !peer.received("Accept").isEmpty());
      FakePeer.Delivery delivery = peer.received("Accept").get(0);
      assertThat(delivery.path()).isEqualTo("/users/alice/inbox");
      JsonNode accept = verified(delivery, keys);
      assertThat(accept.path("actor").asString()).isEqualTo(ORG);
      assertThat(accept.path("id").asString()).startsWith(BASE + "/activities/");
      assertThat(accept.path("object").path("id").asString()).isEqualTo(follow.path("id").asString());
      assertThat(accept.path("object").path("type").asString()).isEqualTo("Follow");
      assertThat(accept.path("object").path("actor").asString()).isEqualTo(alice);
      assertThat(accept.path("object").path("object").asString()).isEqualTo(ORG);
      assertThat(Json.MAPPER.readTree(visitor().get("/actors/org/followers").body()).path("totalItems").asLong())
          .isGreaterThanOrEqualTo(1);

      ObjectNode undo = peer.activity("alice", "Undo");
      undo.set("object", follow);
      assertThat(peer.deliver(SHARED, "alice", json(undo)).statusCode()).isEqualTo(202);
      eventually("alice no longer follows", () -> state(alice).equals("none"));
    }
  }

  @Test
  void stewardsApproveRefuseAndRemove() throws Exception {
    WebSession steward = steward();
    steward.submit("/admin/federation/followers", "/admin/federation/followers/approval", Map.of("manual", "on"));
    eventually("the choice is in the log", () -> count(
        "SELECT count(*) FROM log_entry WHERE entry_type = 'federation.follower-approval' AND leaf LIKE '%\"manual\":\"true\"%'") == 1);
    try (FakePeer peer = new FakePeer("127.0.0.6")) {
      String bob = peer.actor("bob");
      String carol = peer.actor("carol");
      assertThat(peer.deliver(INBOX, "bob", json(follow(peer, "bob"))).statusCode()).isEqualTo(202);
      assertThat(peer.deliver(INBOX, "carol", json(follow(peer, "carol"))).statusCode()).isEqualTo(202);
      eventually("both wait", () -> state(bob).equals("pending") && state(carol).equals("pending"));
      assertThat(peer.received()).as("nothing is sent before a steward decides").isEmpty();
      assertThat(visitor().get("/federation").body()).doesNotContain(bob);
      assertThat(visitor().get("/admin/federation/followers?state=pending").status()).isEqualTo(302);

      String page = steward.get("/admin/federation/followers?state=pending").body();
      assertThat(page).contains(bob).contains(carol).contains("127.0.0.6");
      steward.post("/admin/federation/followers/approve", Map.of("actor", bob));
      eventually("bob is accepted and told", () -> state(bob).equals("accepted") && !peer.received("Accept").isEmpty());
      assertThat(verified(peer.received("Accept").get(0), keys).path("object").path("actor").asString()).isEqualTo(bob);

      steward.get("/admin/federation/followers?state=pending");
      steward.post("/admin/federation/followers/remove", Map.of("actor", carol, "state", "pending"));
      eventually("carol is refused and told", () -> state(carol).equals("none") && !peer.received("Reject").isEmpty());
      assertThat(verified(peer.received("Reject").get(0), keys).path("object").path("actor").asString()).isEqualTo(carol);

      steward.get("/admin/federation/followers");
      // An accepted follower is removed only with the ticked confirmation (a form that works without JavaScript).
      WebSession.Page unconfirmed = steward.post("/admin/federation/followers/remove", Map.of("actor", bob));
      assertThat(unconfirmed.status()).isEqualTo(400);
      assertThat(unconfirmed.body()).contains("Nothing was removed");
      assertThat(state(bob)).isEqualTo("accepted");
      steward.get("/admin/federation/followers");
      steward.post("/admin/federation/followers/remove", Map.of("actor", bob, "confirm", "yes"));
      eventually("bob is removed and told", () -> state(bob).equals("none") && peer.received("Reject").size() == 2);
    } finally {
      steward.submit("/admin/federation/followers", "/admin/federation/followers/approval", Map.of());
    }
    assertThat(count("SELECT count(*) FROM log_entry WHERE entry_type LIKE 'federation.%' AND leaf LIKE '%127.0.0.6%'"))
        .as("no follower is named in the public log").isZero();
  }

  /** Forged, unsigned, stale, tampered: refused with 401 and a code, and nothing is stored. */
  @Test
  void badSignaturesAreRefusedAndNothingIsStored() throws Exception {
    try (FakePeer peer = new FakePeer("127.0.0.4")) {
      ObjectNode follow = follow(peer, "dan");
      String id = follow.path("id").asString();
      byte[] body = json(follow).getBytes(StandardCharsets.UTF_8);
      var key = peer.keyPair("dan").getPrivate();

      assertThat(peer.deliver(INBOX, body, Map.of()).statusCode()).as("unsigned").isEqualTo(401);
      assertThat(peer.deliver(INBOX, body, peer.signed(INBOX, "dan", body, Instant.now(), ActorKeys.generate().getPrivate())))
          .extracting(HttpResponse::statusCode, HttpResponse::body).as("forged: another key")
          .containsExactly(401, "{\"status\":\"bad-signature\"}");
      assertThat(peer.deliver(INBOX, body, peer.signed(INBOX, "dan", body, Instant.now().minus(Duration.ofHours(13)), key))
          .statusCode()).as("expired").isEqualTo(401);
      assertThat(peer.deliver(INBOX, body, peer.signed(INBOX, "dan", body, Instant.now().minus(Duration.ofHours(2)), key))
          .statusCode()).as("Date two hours off").isEqualTo(401);
      assertThat(peer.deliver(INBOX, body, peer.signed(INBOX, "dan", body, Instant.now().plus(Duration.ofHours(2)), key))
          .statusCode()).as("signed in the future").isEqualTo(401);
      Map<String, String> signed = peer.signed(INBOX, "dan", body, Instant.now(), key);
      byte[] changed = json(follow.put("object", ORG + "x")).getBytes(StandardCharsets.UTF_8);
      assertThat(peer.deliver(INBOX, changed, signed)).extracting(HttpResponse::statusCode, HttpResponse::body)
          .as("body changed after signing").containsExactly(401, "{\"status\":\"digest-mismatch\"}");
      assertThat(peer.deliver(SHARED, body, peer.signed(INBOX, "dan", body, Instant.now(), key)).statusCode())
          .as("signed for another path").isEqualTo(401);
      assertThat(stored(id)).isZero();
      assertThat(state(peer.actor("dan"))).isEqualTo("none");
    }
  }

  /** The activity's actor, its id and the ids embedded in it must all be the key owner's (CVE-2024-23832). */
  @Test
  void originsMustAgree() throws Exception {
    try (FakePeer peer = new FakePeer("127.0.0.5"); FakePeer other = new FakePeer("127.0.0.7")) {
      // Signed by erin, speaking for someone else on the same server.
      ObjectNode impersonation = follow(peer, "frank");
      assertThat(peer.deliver(INBOX, "erin", json(impersonation))).extracting(HttpResponse::statusCode, HttpResponse::body)
          .containsExactly(401, "{\"status\":\"key-owner-mismatch\"}");
      // A Create whose Note lives on another host.
      ObjectNode create = peer.activity("erin", "Create");
      ObjectNode note = create.putObject("object");
      note.put("id", other.base() + "/notes/1");
      note.put("type", "Note");
      note.put("attributedTo", peer.actor("erin"));
      note.put("content", "<p>hello</p>");
      assertThat(peer.deliver(SHARED, "erin", json(create))).extracting(HttpResponse::statusCode, HttpResponse::body)
          .containsExactly(400, "{\"status\":\"object-origin\"}");
      // The same, hidden deeper (in a reply collection).
      note.put("id", peer.base() + "/notes/1");
      note.putObject("replies").put("id", other.base() + "/notes/1/replies");
      assertThat(peer.deliver(SHARED, "erin", json(create)).statusCode()).isEqualTo(400);
      // An activity id on another host.
      ObjectNode elsewhere = follow(peer, "erin");
      elsewhere.put("id", other.base() + "/activities/1");
      assertThat(peer.deliver(SHARED, "erin", json(elsewhere)).statusCode()).isEqualTo(400);
      // A Delete of what lives on another host.
      ObjectNode delete = peer.activity("erin", "Delete");
      delete.put("object", other.base() + "/notes/1");
      assertThat(peer.deliver(SHARED, "erin", json(delete)).statusCode()).isEqualTo(400);
      assertThat(count("SELECT count(*) FROM federation_inbox WHERE actor LIKE ?", peer.base() + "%")).isZero();
    }
  }

  /** JSON-LD tricks and type confusion: a field is what its type says or the delivery is refused. */
  @Test
  void unexpectedTypesAreRefused() throws Exception {
    try (FakePeer peer = new FakePeer("127.0.0.8")) {
      String gina = peer.actor("gina");
      ObjectNode arrayType = follow(peer, "gina");
      arrayType.putArray("type").add("Follow").add("Like");
      ObjectNode objectType = follow(peer, "gina");
      objectType.putObject("type").put("@id", "Follow");
      ObjectNode actorObject = follow(peer, "gina");
      actorObject.putObject("actor").put("id", peer.actor("someone")).put("type", "Person");
      ObjectNode actorArray = follow(peer, "gina");
      actorArray.putArray("actor").add(gina);
      ObjectNode numberId = follow(peer, "gina");
      numberId.put("id", 42);
      ObjectNode notOurs = follow(peer, "gina");
      notOurs.put("object", BASE + "/actors/someone-else");
      ObjectNode objectFollow = follow(peer, "gina");
      objectFollow.putObject("object").put("id", ORG);
      ObjectNode javascriptId = follow(peer, "gina");
      javascriptId.put("id", "javascript:alert(1)");
      for (ObjectNode trick : List.of(arrayType, objectType, actorObject, actorArray, numberId, notOurs, objectFollow,
          javascriptId)) {
        HttpResponse<String> answer = peer.deliver(INBOX, "gina", json(trick));
        assertThat(answer.statusCode()).as(json(trick)).isBetween(400, 499);
      }
      // Two "actor" keys: parsers disagree on which one counts, so neither does.
      String duplicate = json(follow(peer, "gina")).replace("\"actor\":", "\"actor\":\"" + peer.actor("x") + "\",\"actor\":");
      assertThat(peer.deliver(INBOX, "gina", duplicate).statusCode()).isEqualTo(400);
      // A type Commune does not act on: acknowledged, not kept.
      ObjectNode like = peer.activity("gina", "Like");
      like.put("object", BASE + "/articles/x");
      assertThat(peer.deliver(INBOX, "gina", json(like)).body()).isEqualTo("{\"status\":\"ignored\"}");
      assertThat(count("SELECT count(*) FROM federation_inbox WHERE actor = ?", gina)).isZero();
      assertThat(state(gina)).isEqualTo("none");
    }
  }

  @Test
  void oversizeBodiesAreRefusedBeforeParsing() throws Exception {
    try (FakePeer peer = new FakePeer("127.0.0.9")) {
      ObjectNode big = follow(peer, "hal");
      big.put("padding", "x".repeat(INBOX_CAP));
      assertThat(peer.deliver(INBOX, "hal", json(big)).statusCode()).isEqualTo(413);
      // No Content-Length (chunked): cut off while reading.
      byte[] bytes = json(big).getBytes(StandardCharsets.UTF_8);
      HttpRequest chunked = HttpRequest.newBuilder(URI.create(INBOX)).header("Content-Type", "application/activity+json")
          .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))).build();
      assertThat(HttpClient.newHttpClient().send(chunked, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(413);
      assertThat(stored(big.path("id").asString())).isZero();
      // Not ActivityStreams JSON at all.
      assertThat(visitor().postRaw("/inbox", "a=b").status()).isEqualTo(415);
    }
  }

  /** Garbage of every shape gets a 4xx, never a 500, and the inbox keeps working. */
  @Test
  void garbageNeverCausesAServerError() throws Exception {
    try (FakePeer peer = new FakePeer("127.0.0.10")) {
      Random random = new Random(11);
      List<String> bodies = new java.util.ArrayList<>(List.of("", "null", "[]", "\"Follow\"", "{", "{}", "1e999999",
          "{\"type\":null}", "{\"type\":\"Follow\",\"id\":\"\",\"actor\":\"\"}", "[".repeat(5000), "{\"a\":".repeat(3000),
          "{\"type\":\"Create\",\"id\":\"" + peer.base() + "/a\",\"actor\":\"" + peer.actor("ivy") + "\",\"object\":{\"type\":\"Note\"}}",
          "{\"type\":\"Create\",\"id\":\"" + peer.base() + "/b\",\"actor\":\"" + peer.actor("ivy") + "\",\"object\":{\"type\":\"Note\",\"id\":\""
              + peer.base() + "/n\",\"attributedTo\":\"" + peer.actor("ivy") + "\",\"content\":[\"x\"]}}",
          "{\"type\":\"Follow\",\"id\":\"" + peer.base() + "/c\",\"actor\":\"" + peer.actor("ivy") + "\",\"object\":\"" + ORG
              + "\",\"x\":\"\\u0000\"}"));
      for (int i = 0; i < 20; i++) {
        byte[] noise = new byte[random.nextInt(2000)];
        random.nextBytes(noise);
        bodies.add(new String(noise, StandardCharsets.ISO_8859_1));
      }
      for (String body : bodies) {
        byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1.newEncoder().canEncode(body)
            ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
        HttpResponse<String> answer = peer.deliver(INBOX, bytes, peer.signed(INBOX, "ivy", bytes, Instant.now(),
            peer.keyPair("ivy").getPrivate()));
        assertThat(answer.statusCode()).as(body.length() > 80 ? body.substring(0, 80) : body).isBetween(202, 499);
      }
      // It still works: a Follow is accepted afterwards.
      String ivy = peer.actor("ivy");
      assertThat(peer.deliver(INBOX, "ivy", json(follow(peer, "ivy"))).statusCode()).isEqualTo(202);
      eventually("ivy follows", () -> state(ivy).equals("accepted"));
    }
  }

  /** What was stored but not processed when Commune stopped is processed when it starts. */
  @Test
  void aRestartPicksUpWhatWasNotProcessed() throws Exception {
    try (FakePeer peer = new FakePeer("127.0.0.14")) {
      String nora = peer.actor("nora");
      ObjectNode follow = follow(peer, "nora");
      jdbc.sql("INSERT INTO federation_inbox (activity_id, actor, type, body, received_at) VALUES (?, ?, 'Follow', ?, now())")
          .param(1, follow.path("id").asString()).param(2, nora).param(3, json(follow)).update();
      // Nothing woke the worker for this row: only the start does.
      processor.started();
      eventually("nora follows and is told", () -> state(nora).equals("accepted") && !peer.received("Accept").isEmpty());
    }
  }

  @Test
  void replayIsAcknowledgedAndIgnored() throws Exception {
    try (FakePeer peer = new FakePeer("127.0.0.11")) {
      String jane = peer.actor("jane");
      ObjectNode follow = follow(peer, "jane");
      byte[] body = json(follow).getBytes(StandardCharsets.UTF_8);
      Map<String, String> signed = peer.signed(INBOX, "jane", body, Instant.now(), peer.keyPair("jane").getPrivate());
      assertThat(peer.deliver(INBOX, body, signed).body()).isEqualTo("{\"status\":\"accepted\"}");
      eventually("jane follows", () -> state(jane).equals("accepted") && peer.received("Accept").size() == 1);
      ObjectNode undo = peer.activity("jane", "Undo");
      undo.set("object", follow);
      assertThat(peer.deliver(INBOX, "jane", json(undo)).statusCode()).isEqualTo(202);
      eventually("jane left", () -> state(jane).equals("none"));
      // The same signed request again: acknowledged, not acted on (jane does not follow again).
      assertThat(peer.deliver(INBOX, body, signed).body()).isEqualTo("{\"status\":\"duplicate\"}");
      Thread.sleep(500);
      assertThat(state(jane)).isEqualTo("none");
      assertThat(stored(follow.path("id").asString())).isEqualTo(1);
      assertThat(peer.received("Accept")).hasSize(1);
    }
  }

  /** One host sending Follow after Follow gets 429 past the limit: the followers table does not fill. */
  @Test
  void followFloodFromOneHostIsLimited() throws Exception {
    try (FakePeer peer = new FakePeer("127.0.0.12")) {
      int accepted = 0;
      int limited = 0;
      for (int i = 0; i < FOLLOWS_PER_MINUTE * 3; i++) {
        int status = peer.deliver(INBOX, "bot" + i, json(follow(peer, "bot" + i))).statusCode();
        if (status == 202) {
          accepted++;
        } else if (status == 429) {
          limited++;
        }
      }
      assertThat(accepted).isEqualTo(FOLLOWS_PER_MINUTE);
      assertThat(limited).isEqualTo(FOLLOWS_PER_MINUTE * 2);
      eventually("the accepted ones are processed", () -> count(
          "SELECT count(*) FROM federation_inbox WHERE actor LIKE ? AND processed_at IS NOT NULL", peer.base() + "%")
          == FOLLOWS_PER_MINUTE);
      assertThat(count("SELECT count(*) FROM federation_follower WHERE actor LIKE ?", peer.base() + "%"))
          .isEqualTo(FOLLOWS_PER_MINUTE);
      // The limit is the host's, not the port's: a server on another port of the same host shares it.
      try (FakePeer otherPort = new FakePeer("127.0.0.12")) {
        assertThat(otherPort.deliver(INBOX, "bot", json(follow(otherPort, "bot"))).statusCode()).isEqualTo(429);
      }
      // Another host is not held back by this one's flood.
      try (FakePeer quiet = new FakePeer("127.0.0.13")) {
        assertThat(quiet.deliver(INBOX, "kim", json(follow(quiet, "kim"))).statusCode()).isEqualTo(202);
      }
    }
  }

  @Test
  void blockedDomainIsRefusedAndItsFollowersRemoved() throws Exception {
    try (FakePeer peer = new FakePeer("127.0.0.3")) {
      String lee = peer.actor("lee");
      assertThat(peer.deliver(INBOX, "lee", json(follow(peer, "lee"))).statusCode()).isEqualTo(202);
      eventually("lee follows", () -> state(lee).equals("accepted"));

      WebSession steward = steward();
      WebSession.Page wrong = steward.submit("/admin/federation/blocked", "/admin/federation/blocked",
          Map.of("domain", "not a domain!", "reason", "spam"));
      assertThat(wrong.status()).isEqualTo(400);
      assertThat(wrong.body()).contains("Enter a domain name");
      assertThat(steward.submit("/admin/federation/blocked", "/admin/federation/blocked",
          Map.of("domain", "127.0.0.3", "reason", "nonsense")).status()).isEqualTo(400);
      assertThat(steward.submit("/admin/federation/blocked", "/admin/federation/blocked",
          Map.of("domain", "127.0.0.3", "reason", "harassment", "note", "x".repeat(501))).status()).isEqualTo(400);
      WebSession.Page blocked = steward.submit("/admin/federation/blocked", "/admin/federation/blocked",
          Map.of("domain", "127.0.0.3", "reason", "harassment", "note", "Repeated abuse"));
      assertThat(blocked.redirectsTo("/admin/federation/blocked")).isTrue();
      assertThat(state(lee)).as("its followers are removed").isEqualTo("none");

      String list = visitor().get("/federation/blocked").body();
      assertThat(list).contains("127.0.0.3").contains("Harassment").contains("Repeated abuse");
      eventually("the block is in the log", () -> count(
          "SELECT count(*) FROM log_entry WHERE entry_type = 'federation.domain-blocked' AND leaf LIKE '%127.0.0.3%' AND leaf LIKE '%harassment%'") == 1);

      ObjectNode again = follow(peer, "lee");
      assertThat(peer.deliver(INBOX, "lee", json(again))).extracting(HttpResponse::statusCode, HttpResponse::body)
          .containsExactly(403, "{\"status\":\"blocked-domain\"}");
      assertThat(stored(again.path("id").asString())).isZero();

      steward.get("/admin/federation/blocked");
      steward.post("/admin/federation/blocked/remove", Map.of("domain", "127.0.0.3"));
      eventually("the unblock is in the log", () -> count(
          "SELECT count(*) FROM log_entry WHERE entry_type = 'federation.domain-unblocked' AND leaf LIKE '%127.0.0.3%'") == 1);
      assertThat(peer.deliver(INBOX, "lee", json(follow(peer, "lee"))).statusCode()).isEqualTo(202);
      eventually("lee follows again", () -> state(lee).equals("accepted"));
    }
  }
}
