package org.commune.federation.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.awaitility.Awaitility;
import org.commune.testing.FedifyPeer;
import org.commune.testing.FedifyPeer.Forgery;
import org.commune.web.Json;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * Commune's HTTP Signatures against a real peer, before any inbox exists: {@link HttpSignatures#sign}
 * must produce what Fedify 1.5 verifies, and {@link HttpSignatures#parseCavage} /
 * {@link HttpSignatures#verifyCavage} must accept what Fedify really sends (its Accept and its posts,
 * through its own delivery queue) and refuse each of its forgeries with the right code. A bare HTTP
 * server here plays Commune's actor and inbox with nothing but those functions and a key-owner check.
 */
class FedifySignaturesIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final KeyPair KEYS = ActorKeys.generate();
  private static final KeyPair STRANGER = ActorKeys.generate();

  /** What the bare inbox answered to one delivery: 202, or 401 with the refusal's reason. */
  record Delivery(String type, String id, int status, String reason) {}

  private static FedifyPeer fedify;
  private static HttpServer server;
  private static String base;
  private static final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
  private static final Map<String, KeyOwner> keys = new ConcurrentHashMap<>();
  private static final HttpClient http = HttpClient.newHttpClient();

  record KeyOwner(String owner, PublicKey key) {}

  @BeforeAll
  static void start() throws IOException {
    fedify = FedifyPeer.start();
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    server.createContext("/actors/org", FedifySignaturesIT::serve);
    server.createContext("/inbox", FedifySignaturesIT::serve);
    server.start();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop(0);
    }
    if (fedify != null) {
      fedify.close();
    }
  }

  @Test
  void fedifyVerifiesWhatCommuneSigns() throws Exception {
    String id = base + "/activities/" + UUID.randomUUID();

    HttpResponse<String> answer = deliver(fedify.inbox("alice"), createNote(id), KEYS);

    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(202);
    FedifyPeer.Received received = Awaitility.await().atMost(PATIENCE)
        .until(() -> fedify.received().stream().filter(r -> id.equals(r.id())).findFirst().orElse(null),
            r -> r != null);
    assertThat(received.actor()).isEqualTo(actor());
  }

  @Test
  void fedifyRefusesWhatCommuneSignsWithAnotherKey() throws Exception {
    String id = base + "/activities/" + UUID.randomUUID();

    HttpResponse<String> answer = deliver(fedify.inbox("alice"), createNote(id), STRANGER);

    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(fedify.received()).extracting(FedifyPeer.Received::id).doesNotContain(id);
  }

  @Test
  void communeVerifiesWhatFedifyReallySends() throws Exception {
    String follow = base + "/activities/" + UUID.randomUUID();
    byte[] body = json(Map.of("@context", "https://www.w3.org/ns/activitystreams", "id", follow, "type", "Follow",
        "actor", actor(), "object", fedify.actor()));
    assertThat(deliver(fedify.inbox("alice"), body, KEYS).statusCode()).isEqualTo(202);

    // Fedify answers with an Accept from its delivery queue, signed its way; then it posts to its followers.
    Delivery accept = awaitDelivery("Accept");
    assertThat(accept.status()).as(accept.reason()).isEqualTo(202);
    FedifyPeer.Posted posted = fedify.post("<p>Signed by Fedify</p>");
    Delivery create = Awaitility.await().atMost(PATIENCE)
        .until(() -> deliveries.stream().filter(d -> posted.id().equals(d.id())).findFirst().orElse(null),
            d -> d != null);
    assertThat(create.status()).as(create.reason()).isEqualTo(202);
  }

  @ParameterizedTest
  @CsvSource({
      "VALID, 202, ",
      "WRONG_KEY, 401, BAD_SIGNATURE",
      "OTHER_ACTOR, 401, KEY_OWNER_MISMATCH",
      "TAMPERED_BODY, 401, DIGEST_MISMATCH",
      "STALE_DATE, 401, DATE_SKEW",
      "UNSIGNED, 401, UNSIGNED"})
  void communeRefusesEachOfFedifysForgeries(Forgery kind, int status, String reason) {
    FedifyPeer.Forged forged = fedify.forge(base + "/inbox", kind);

    assertThat(forged.status()).as(forged.body()).isEqualTo(status);
    Delivery seen = deliveries.stream().filter(d -> forged.id().equals(d.id())).findFirst().orElseThrow();
    assertThat(seen.reason()).isEqualTo(reason == null ? "" : reason);
  }

  private static Delivery awaitDelivery(String type) {
    return Awaitility.await().atMost(PATIENCE)
        .until(() -> deliveries.stream().filter(d -> d.type().equals(type)).findFirst().orElse(null), d -> d != null);
  }

  private static String actor() {
    return base + "/actors/org";
  }

  private static byte[] createNote(String id) {
    Map<String, Object> note = new LinkedHashMap<>();
    note.put("id", base + "/articles/" + UUID.randomUUID());
    note.put("type", "Note");
    note.put("attributedTo", actor());
    note.put("content", "<p>Signed by Commune</p>");
    note.put("to", List.of("https://www.w3.org/ns/activitystreams#Public"));
    Map<String, Object> create = new LinkedHashMap<>();
    create.put("@context", "https://www.w3.org/ns/activitystreams");
    create.put("id", id);
    create.put("type", "Create");
    create.put("actor", actor());
    create.put("to", List.of("https://www.w3.org/ns/activitystreams#Public"));
    create.put("object", note);
    return json(create);
  }

  private static HttpResponse<String> deliver(String inbox, byte[] body, KeyPair keys) throws Exception {
    URI uri = URI.create(inbox);
    HttpRequest.Builder request = HttpRequest.newBuilder(uri)
        .header("Content-Type", "application/activity+json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    // The client sets Host itself, to the same host:port the signature covers.
    HttpSignatures.sign("POST", uri, body, actor() + "#main-key", keys.getPrivate(), Instant.now())
        .forEach((name, value) -> {
          if (!name.equals("Host")) {
            request.header(name, value);
          }
        });
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      if (exchange.getRequestMethod().equals("GET") && path.equals("/actors/org")) {
        respond(exchange, 200, "application/activity+json", json(actorDocument()));
      } else if (exchange.getRequestMethod().equals("POST") && (path.equals("/inbox") || path.equals("/actors/org/inbox"))) {
        inbox(exchange);
      } else {
        respond(exchange, 404, "text/plain", new byte[0]);
      }
    }
  }

  private static Map<String, Object> actorDocument() {
    return Map.of(
        "@context", List.of("https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"),
        "id", actor(),
        "type", "Organization",
        "preferredUsername", "org",
        "inbox", actor() + "/inbox",
        "endpoints", Map.of("sharedInbox", base + "/inbox"),
        "publicKey", Map.of("id", actor() + "#main-key", "owner", actor(), "publicKeyPem",
            ActorKeys.pem(KEYS.getPublic())));
  }

  /** Commune's signature functions plus the key-owner rule; nothing stored, every answer recorded. */
  private static void inbox(HttpExchange exchange) throws IOException {
    byte[] body = exchange.getRequestBody().readAllBytes();
    JsonNode activity = Json.MAPPER.readTree(body);
    String type = activity.path("type").asString("");
    String id = activity.path("id").asString("");
    URI uri = exchange.getRequestURI();
    InboundRequest request = new InboundRequest("POST",
        uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery(),
        exchange.getRequestHeaders(), body);
    String reason = "";
    try {
      String header = request.header("signature");
      if (header == null) {
        throw new SignatureRefused(SignatureRefused.Reason.UNSIGNED, "no Signature header");
      }
      HttpSignatures.Cavage signature = HttpSignatures.parseCavage(header);
      KeyOwner key = keyOf(signature.keyId());
      if (!key.owner().equals(activity.path("actor").asString(""))) {
        throw new SignatureRefused(SignatureRefused.Reason.KEY_OWNER_MISMATCH, "key owner is not the actor");
      }
      HttpSignatures.verifyCavage(request, signature, key.key(), Instant.now());
    } catch (SignatureRefused refused) {
      reason = refused.reason().name();
    }
    deliveries.add(new Delivery(type, id, reason.isEmpty() ? 202 : 401, reason));
    respond(exchange, reason.isEmpty() ? 202 : 401, "text/plain", reason.getBytes(StandardCharsets.UTF_8));
  }

  private static KeyOwner keyOf(String keyId) throws SignatureRefused {
    KeyOwner cached = keys.get(keyId);
    if (cached != null) {
      return cached;
    }
    try {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(keyId.replaceFirst("#.*", "")))
          .header("Accept", "application/activity+json").build(), HttpResponse.BodyHandlers.ofString());
      JsonNode document = Json.MAPPER.readTree(response.body());
      JsonNode published = document.path("publicKey");
      List<JsonNode> candidates = new ArrayList<>();
      if (published.isArray()) {
        published.forEach(candidates::add);
      } else {
        candidates.add(published);
      }
      for (JsonNode key : candidates) {
        if (keyId.equals(key.path("id").asString(""))) {
          KeyOwner found = new KeyOwner(key.path("owner").asString(""),
              ActorKeys.parsePem(key.path("publicKeyPem").asString("")));
          keys.put(keyId, found);
          return found;
        }
      }
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new SignatureRefused(SignatureRefused.Reason.KEY_UNAVAILABLE, e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    throw new SignatureRefused(SignatureRefused.Reason.KEY_UNAVAILABLE, "no such key");
  }

  private static void respond(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
  }

  private static byte[] json(Object value) {
    return Json.MAPPER.writeValueAsBytes(value);
  }
}
