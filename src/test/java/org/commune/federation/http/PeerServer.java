package org.commune.federation.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.commune.web.Json;
import tools.jackson.databind.node.ObjectNode;

/**
 * Another Fediverse server on loopback, as an adversary may run it: it answers each path with what a
 * test put there (a document, a status, a redirect, silence), counts requests per path and keeps the
 * request headers seen, so tests can show what Commune asked for and how often.
 */
public final class PeerServer implements AutoCloseable {

  /** One canned answer. {@code delayMillis} before answering; {@code location} makes it a redirect. */
  public record Answer(int status, byte[] body, String contentType, long delayMillis, String location, boolean chunked) {

    public Answer(int status, byte[] body, String contentType, long delayMillis, String location) {
      this(status, body, contentType, delayMillis, location, false);
    }

    public static Answer json(String json) {
      return new Answer(200, json.getBytes(StandardCharsets.UTF_8), "application/activity+json", 0, null);
    }

    public static Answer status(int status) {
      return new Answer(status, new byte[0], "text/plain", 0, null);
    }

    public static Answer redirect(String location) {
      return new Answer(302, new byte[0], "text/plain", 0, location);
    }

    public Answer delayed(long millis) {
      return new Answer(status, body, contentType, millis, location, chunked);
    }

    /** Without a Content-Length: the client learns the size only by reading. */
    public Answer withoutLength() {
      return new Answer(status, body, contentType, delayMillis, location, true);
    }
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newFixedThreadPool(8, Thread.ofPlatform().daemon().factory());
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
  private final List<Map<String, List<String>>> requestHeaders = new CopyOnWriteArrayList<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();

  public PeerServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  /** {@code http://127.0.0.1:port} */
  public String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The same server named {@code localhost}: another host as far as origins go. */
  public String otherHostBase() {
    return "http://localhost:" + server.getAddress().getPort();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public void answer(String path, Answer answer) {
    answers.put(path, answer);
  }

  public int hits(String path) {
    AtomicInteger count = hits.get(path);
    return count == null ? 0 : count.get();
  }

  /** The raw path and query of every request, in order. */
  public List<String> requests() {
    return requests;
  }

  public List<Map<String, List<String>>> requestHeaders() {
    return requestHeaders;
  }

  private void handle(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getRawPath();
    hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
    requestHeaders.add(Map.copyOf(exchange.getRequestHeaders()));
    requests.add(exchange.getRequestURI().getRawPath()
        + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
    Answer answer = answers.getOrDefault(path, Answer.status(404));
    try {
      if (answer.delayMillis() > 0) {
        Thread.sleep(answer.delayMillis());
      }
      if (answer.location() != null) {
        exchange.getResponseHeaders().add("Location", answer.location());
      }
      exchange.getResponseHeaders().add("Content-Type", answer.contentType());
      exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.chunked() ? 0 : answer.body().length);
      if (answer.body().length > 0) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(answer.body());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      // the client gave up (a test of timeouts or caps): nothing to answer
    } finally {
      exchange.close();
    }
  }

  /** A Mastodon-shaped actor document at {@code base + path} with key {@code #main-key}. */
  public ObjectNode actor(String path, KeyPair keys) {
    String id = base() + path;
    ObjectNode actor = Json.MAPPER.createObjectNode();
    actor.putArray("@context").add("https://www.w3.org/ns/activitystreams").add("https://w3id.org/security/v1");
    actor.put("id", id);
    actor.put("type", "Person");
    actor.put("preferredUsername", "alice");
    actor.put("name", "Alice");
    actor.put("inbox", id + "/inbox");
    actor.put("url", base() + "/@alice");
    actor.putObject("endpoints").put("sharedInbox", base() + "/inbox");
    ObjectNode key = actor.putObject("publicKey");
    key.put("id", id + "#main-key");
    key.put("owner", id);
    key.put("publicKeyPem", ActorKeys.pem(keys.getPublic()));
    return actor;
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow(); // wakes the handlers a test left sleeping
  }
}
