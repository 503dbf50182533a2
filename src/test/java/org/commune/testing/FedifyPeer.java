package org.commune.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.commune.web.Json;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A real ActivityPub server in the tests: Fedify 1.5 (npm {@code @fedify/fedify}) running
 * {@code src/test/fedify/peer.mjs} in Node on a free loopback port. Fedify verifies every delivery's HTTP
 * Signature and that the signing key belongs to the activity's actor; {@link #received()} lists only what
 * passed. The peer's actors ({@code alice} and {@code bob} unless told otherwise) are Persons with RSA and
 * Ed25519 keys that follow back automatically; on {@code Move} the peer does what Mastodon does (fetch the
 * target, check its {@code alsoKnownAs}, follow it).
 *
 * <p>Runs {@code npm ci} in {@code src/test/fedify} first when its {@code node_modules} is missing (the
 * machine and CI reach the npm registry). The process is stopped by {@link #close()} and, should a test
 * forget, when the JVM exits. Its output goes to {@code target/fedify-peer/<port>.log}.
 */
public final class FedifyPeer implements AutoCloseable {

  /** The ways {@link #forge} spoils a delivery; {@link #VALID} is the control case that must pass. */
  public enum Forgery {
    /** Signed properly: a receiver must accept it (proves the refusals come from the forgery). */
    VALID("valid"),
    /** The Signature names the actor's key id but was made with another private key. */
    WRONG_KEY("wrong-key"),
    /** Validly signed by another actor of the peer while {@code actor} claims the first. */
    OTHER_ACTOR("other-actor"),
    /** Signed, then the body changed: Digest and signature no longer match. */
    TAMPERED_BODY("tampered-body"),
    /** Properly signed with a Date two hours old. */
    STALE_DATE("stale-date"),
    /** No Signature header at all. */
    UNSIGNED("unsigned");

    private final String code;

    Forgery(String code) {
      this.code = code;
    }
  }

  /** A verified activity the peer's inbox handlers received. */
  public record Received(
      String type, @Nullable String id, @Nullable String actor, @Nullable String object,
      @Nullable String recipient, JsonNode activity) {}

  /** Whom one of the peer's actors follows: state {@code pending}, {@code accepted}, {@code rejected} or {@code moved}. */
  public record Following(String actor, String state, String followId) {}

  /** One of the peer's actors' followers. */
  public record Follower(String id, String inbox, @Nullable String sharedInbox) {}

  /** The receiver's answer to a forged delivery. */
  public record Forged(Forgery kind, String id, int status, String body) {}

  /** A post the peer sent: the Create's id and the Note's id. */
  public record Posted(String id, String object) {}

  private static final Path PROJECT = Path.of("src/test/fedify").toAbsolutePath();
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final String READY = "fedify-peer ready ";

  private final Process process;
  private final Thread killer;
  private final String origin;
  private final List<String> actors;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private FedifyPeer(Process process, Thread killer, String origin, List<String> actors) {
    this.process = process;
    this.killer = killer;
    this.origin = origin;
    this.actors = actors;
  }

  /** Starts a peer with actors {@code alice} and {@code bob}. */
  public static FedifyPeer start() {
    return start("alice", "bob");
  }

  public static FedifyPeer start(String... actors) {
    installIfMissing();
    try {
      Path logs = Path.of("target/fedify-peer").toAbsolutePath();
      Files.createDirectories(logs);
      Path log = Files.createTempFile(logs, "peer-", ".log");
      Process process = new ProcessBuilder("node", "peer.mjs", "--port", "0", "--actors", String.join(",", actors))
          .directory(PROJECT.toFile())
          .redirectErrorStream(true)
          .redirectOutput(log.toFile())
          .start();
      Thread killer = new Thread(process::destroyForcibly, "fedify-peer-killer");
      Runtime.getRuntime().addShutdownHook(killer);
      String origin;
      try {
        origin = awaitReady(process, log);
      } catch (RuntimeException e) {
        process.destroyForcibly();
        Runtime.getRuntime().removeShutdownHook(killer);
        throw e;
      }
      return new FedifyPeer(process, killer, origin, List.of(actors));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start the Fedify peer (is Node 20+ on the PATH?)", e);
    }
  }

  private static String awaitReady(Process process, Path log) throws IOException {
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    while (Instant.now().isBefore(deadline)) {
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        if (line.startsWith(READY)) {
          return line.substring(READY.length()).trim();
        }
      }
      if (!process.isAlive()) {
        throw new IllegalStateException("The Fedify peer exited (" + process.exitValue() + "): "
            + Files.readString(log, StandardCharsets.UTF_8));
      }
      sleep(100);
    }
    throw new IllegalStateException("The Fedify peer did not start within " + START_TIMEOUT + "; see " + log);
  }

  /** One install at a time for the whole JVM: two peers starting together must not race in node_modules. */
  private static synchronized void installIfMissing() {
    if (Files.isDirectory(PROJECT.resolve("node_modules/@fedify/fedify"))) {
      return;
    }
    try {
      Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
          .directory(PROJECT.toFile())
          .redirectErrorStream(true)
          .start();
      String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!npm.waitFor(5, TimeUnit.MINUTES) || npm.exitValue() != 0) {
        throw new IllegalStateException("npm ci in " + PROJECT + " failed:\n" + output);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot run npm (is Node 20+ with npm on the PATH?)", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The peer's base URL, e.g. {@code http://127.0.0.1:40123}. */
  public String origin() {
    return origin;
  }

  /** The first actor's URL (by default {@code alice}). */
  public String actor() {
    return actor(actors.getFirst());
  }

  public String actor(String name) {
    return origin + "/users/" + name;
  }

  /** The personal inbox of one of the peer's actors. */
  public String inbox(String name) {
    return actor(name) + "/inbox";
  }

  public String sharedInbox() {
    return origin + "/inbox";
  }

  /** Fetches an object by URL through Fedify ({@code lookupObject}, not cached); null when Fedify finds none. */
  public @Nullable JsonNode lookup(String url) {
    HttpResponse<String> response = postControl("/control/lookup", Map.of("url", url));
    return response.statusCode() == 404 ? null : parse(expectOk(response));
  }

  /** The first actor follows {@code url}; returns the Follow's id. */
  public String follow(String url) {
    return follow(actors.getFirst(), url);
  }

  public String follow(String as, String url) {
    return parse(expectOk(postControl("/control/follow", Map.of("as", as, "url", url)))).get("followId").asString();
  }

  /** The first actor sends {@code Undo{Follow}} to {@code url}, which it follows. */
  public void unfollow(String url) {
    expectOk(postControl("/control/unfollow", Map.of("as", actors.getFirst(), "url", url)));
  }

  /** The first actor sends a {@code Create{Note}} with this HTML content to its followers. */
  public Posted post(String content) {
    return post(actors.getFirst(), content);
  }

  /** The actor {@code as} sends a {@code Create{Note}} with this HTML content to its followers. */
  public Posted post(String as, String content) {
    JsonNode answer = parse(expectOk(postControl("/control/post", Map.of("as", as, "content", content))));
    return new Posted(answer.get("id").asString(), answer.get("object").asString());
  }

  /** Adds {@code url} to the actor's {@code alsoKnownAs} (the new home of a Move must name the old). */
  public void alias(String as, String url) {
    expectOk(postControl("/control/alias", Map.of("as", as, "url", url)));
  }

  /** The actor gets {@code movedTo = target} and sends {@code Move} to its followers; returns the Move's id. */
  public String move(String as, String target) {
    return parse(expectOk(postControl("/control/move", Map.of("as", as, "target", target)))).get("id").asString();
  }

  /** The first actor delivers a {@code Create{Note}} to {@code inbox}, spoiled as {@code kind} says, at once. */
  public Forged forge(String inbox, Forgery kind) {
    JsonNode answer = parse(expectOk(postControl("/control/forge",
        Map.of("as", actors.getFirst(), "inbox", inbox, "kind", kind.code))));
    return new Forged(kind, answer.get("id").asString(), answer.get("status").asInt(), answer.get("body").asString());
  }

  /** Every verified activity the peer's inboxes got, oldest first. */
  public List<Received> received() {
    List<Received> out = new ArrayList<>();
    for (JsonNode item : parse(expectOk(getControl("/control/received")))) {
      out.add(new Received(item.get("type").asString(), text(item, "id"), text(item, "actor"),
          text(item, "object"), text(item, "recipient"), item.get("activity")));
    }
    return out;
  }

  /** Received activities of one type (e.g. {@code Create}). */
  public List<Received> received(String type) {
    return received().stream().filter(r -> r.type().equals(type)).toList();
  }

  public List<Following> following() {
    return following(actors.getFirst());
  }

  public List<Following> following(String as) {
    List<Following> out = new ArrayList<>();
    for (JsonNode item : parse(expectOk(getControl("/control/following?as=" + as)))) {
      out.add(new Following(item.get("actor").asString(), item.get("state").asString(),
          item.get("followId").asString()));
    }
    return out;
  }

  /** The state of the first actor's follow of {@code url}, or null when it does not follow it. */
  public @Nullable String followState(String url) {
    return following().stream().filter(f -> f.actor().equals(url)).map(Following::state).findFirst().orElse(null);
  }

  public List<Follower> followers() {
    return followers(actors.getFirst());
  }

  public List<Follower> followers(String as) {
    List<Follower> out = new ArrayList<>();
    for (JsonNode item : parse(expectOk(getControl("/control/followers?as=" + as)))) {
      out.add(new Follower(item.get("id").asString(), item.get("inbox").asString(), text(item, "sharedInbox")));
    }
    return out;
  }

  /** What the peer refused to act on, e.g. {@code {"reason":"target-does-not-claim-old-actor"}} for a Move. */
  public List<JsonNode> problems() {
    List<JsonNode> out = new ArrayList<>();
    parse(expectOk(getControl("/control/problems"))).forEach(out::add);
    return out;
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
    try {
      Runtime.getRuntime().removeShutdownHook(killer);
    } catch (IllegalStateException alreadyShuttingDown) {
      // The hook runs anyway; nothing to undo.
    }
  }

  private HttpResponse<String> getControl(String path) {
    return send(HttpRequest.newBuilder(URI.create(origin + path)).GET());
  }

  private HttpResponse<String> postControl(String path, Map<String, String> body) {
    String json = Json.MAPPER.writeValueAsString(new LinkedHashMap<>(body));
    return send(HttpRequest.newBuilder(URI.create(origin + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String expectOk(HttpResponse<String> response) {
    if (response.statusCode() != 200) {
      throw new IllegalStateException("Fedify peer control " + response.request().uri() + " answered "
          + response.statusCode() + ": " + response.body());
    }
    return response.body();
  }

  private static JsonNode parse(String json) {
    return Json.MAPPER.readTree(json);
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asString();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
