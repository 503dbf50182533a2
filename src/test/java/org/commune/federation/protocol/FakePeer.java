package org.commune.federation.protocol;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.commune.federation.http.ActorKeys;
import org.commune.federation.http.HttpSignatures;
import org.commune.federation.http.InboundRequest;
import org.commune.web.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Another Fediverse server on a loopback address of its own (127.0.0.x: another host as far as origins
 * go), serving its actors' documents with their RSA keys, recording what arrives in their inboxes, and
 * delivering activities signed as one of its actors (or forged in the ways a test chooses).
 */
final class FakePeer implements AutoCloseable {

  /** A request that reached one of this server's inboxes. */
  record Delivery(String path, Map<String, List<String>> headers, byte[] body) {
    JsonNode json() {
      return Json.MAPPER.readTree(body);
    }

    InboundRequest asInbound() {
      return new InboundRequest("POST", path, headers, body);
    }
  }

  private final HttpServer server;
  private final Map<String, KeyPair> keys = new ConcurrentHashMap<>();
  private final List<Delivery> received = new CopyOnWriteArrayList<>();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  FakePeer(String address) throws IOException {
    server = HttpServer.create(new InetSocketAddress(address, 0), 0);
    server.setExecutor(Executors.newFixedThreadPool(4));
    server.createContext("/", this::handle);
    server.start();
  }

  String base() {
    return "http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort();
  }

  /** An actor on this server (made with its own key on first use). */
  String actor(String name) {
    keys.computeIfAbsent(name, n -> ActorKeys.generate());
    return base() + "/users/" + name;
  }

  String keyId(String name) {
    return actor(name) + "#main-key";
  }

  KeyPair keyPair(String name) {
    actor(name);
    return keys.get(name);
  }

  List<Delivery> received() {
    return List.copyOf(received);
  }

  /** Deliveries of this activity type that reached any inbox here. */
  List<Delivery> received(String type) {
    List<Delivery> found = new ArrayList<>();
    for (Delivery delivery : received) {
      JsonNode json = delivery.json();
      if (json.path("type").isString() && json.path("type").asString().equals(type)) {
        found.add(delivery);
      }
    }
    return found;
  }

  /** An activity of {@code name}'s with a fresh id on this server. */
  ObjectNode activity(String name, String type) {
    ObjectNode activity = Json.MAPPER.createObjectNode();
    activity.put("@context", "https://www.w3.org/ns/activitystreams");
    activity.put("id", base() + "/activities/" + java.util.UUID.randomUUID());
    activity.put("type", type);
    activity.put("actor", actor(name));
    return activity;
  }

  /** POSTs the JSON to the URL signed as {@code name}, now, as servers do. */
  HttpResponse<String> deliver(String url, String name, String json) {
    return deliver(url, json.getBytes(StandardCharsets.UTF_8), signed(url, name, json.getBytes(StandardCharsets.UTF_8),
        Instant.now(), keyPair(name).getPrivate()));
  }

  /** The headers that sign this body for this URL as {@code name}, at the moment and with the key given. */
  Map<String, String> signed(String url, String name, byte[] body, Instant at, PrivateKey key) {
    return new LinkedHashMap<>(HttpSignatures.sign("POST", URI.create(url), body, keyId(name), key, at));
  }

  /** POSTs exactly these bytes with exactly these headers (Host is the client's own). */
  HttpResponse<String> deliver(String url, byte[] body, Map<String, String> headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    request.header("Content-Type", "application/activity+json");
    headers.forEach((header, value) -> {
      if (!Set.of("host", "content-length").contains(header.toLowerCase(java.util.Locale.ROOT))) {
        request.setHeader(header, value);
      }
    });
    try {
      return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readNBytes(2_000_000);
      }
      if (exchange.getRequestMethod().equals("POST") && path.endsWith("/inbox")) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach(headers::put);
        received.add(new Delivery(path, headers, body));
        reply(exchange, 202, "");
        return;
      }
      if (exchange.getRequestMethod().equals("GET") && path.startsWith("/users/")) {
        String name = path.substring("/users/".length());
        if (keys.containsKey(name)) {
          reply(exchange, 200, actorDocument(name));
          return;
        }
      }
      reply(exchange, 404, "");
    }
  }

  private String actorDocument(String name) {
    ObjectNode doc = Json.MAPPER.createObjectNode();
    doc.putArray("@context").add("https://www.w3.org/ns/activitystreams").add("https://w3id.org/security/v1");
    doc.put("id", actor(name));
    doc.put("type", "Person");
    doc.put("preferredUsername", name);
    doc.put("name", "Ally " + name);
    doc.put("inbox", actor(name) + "/inbox");
    doc.put("outbox", actor(name) + "/outbox");
    doc.putObject("endpoints").put("sharedInbox", base() + "/inbox");
    ObjectNode key = doc.putObject("publicKey");
    key.put("id", keyId(name));
    key.put("owner", actor(name));
    key.put("publicKeyPem", ActorKeys.pem(keys.get(name).getPublic()));
    return Json.MAPPER.writeValueAsString(doc);
  }

  private static void reply(HttpExchange exchange, int status, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/activity+json");
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
