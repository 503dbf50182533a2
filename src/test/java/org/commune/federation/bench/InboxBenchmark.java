package org.commune.federation.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.commune.federation.http.ActorKeys;
import org.commune.federation.http.HttpSignatures;
import org.commune.members.NewMember;
import org.commune.members.Organisation;
import org.commune.web.Json;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.node.ObjectNode;

/**
 * The inbox under load (run by bench/inbox.sh, not by the tests). Commune runs as its own process on a
 * fresh data directory (loopback allowed, the per-host delivery limit raised: every sender here is one
 * host); this JVM plays a server with N actors, each with its own RSA key and actor document, that the
 * organisation follows. They deliver signed {@code Create{Note}} activities to the shared inbox: each
 * costs the signature check (Digest, Date, RSA with the cached key), strict JSON checks, one insert, and
 * later the processor's work (the ally's post sanitised and stored). Requests are signed before the clock
 * starts, so the client's RSA signing does not compete with the server for the two cores.
 *
 * <p>Phases: warm-up (each actor's key fetched once; not counted), good traffic alone (accepted/s and
 * latency of the 202), the background processing of what was accepted, a flood of bad signatures alone
 * (signed with keys that are not the actors'), then the flood and good traffic together.
 *
 * <p>Arguments: {@code [--actors 50] [--activities 4000] [--bad 4000] [--clients 8] [--setting name=value]…}
 */
public final class InboxBenchmark {

  private InboxBenchmark() {}

  /** One request ready to send: its body and signature headers. */
  private record Prepared(byte[] body, Map<String, String> headers) {}

  /** What one phase's requests got back. */
  private record Outcome(int sent, Map<String, Integer> answers, long[] nanos, double seconds) {
    int count(int status) {
      return answers.entrySet().stream().filter(e -> e.getKey().startsWith(status + " "))
          .mapToInt(Map.Entry::getValue).sum();
    }

    double percentile(double p) {
      return nanos.length == 0 ? Double.NaN : nanos[(int) Math.min(nanos.length - 1, Math.floor(p * nanos.length))] / 1e6;
    }
  }

  public static void main(String[] args) throws Exception {
    int actors = 50;
    int activities = 4_000;
    int bad = 4_000;
    int clients = 8;
    List<String> settings = new ArrayList<>(List.of("commune.federation.inbox-per-host-per-minute=100000000"));
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--actors" -> actors = Integer.parseInt(args[++i]);
        case "--activities" -> activities = Integer.parseInt(args[++i]);
        case "--bad" -> bad = Integer.parseInt(args[++i]);
        case "--clients" -> clients = Integer.parseInt(args[++i]);
        case "--setting" -> settings.add(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    try (Senders senders = new Senders(actors); BenchCommune commune = new BenchCommune("inbox", settings)) {
      System.out.printf("senders: %d actors on %s (RSA-2048 keys); %d concurrent clients; settings: %s%n", actors,
          senders.base(), clients, String.join(" ", settings));
      commune.seed(context -> {
        context.getBean(Organisation.class).setUp("Bench Union", "نقابة القياس", "en",
            new NewMember("steward", "Steward", null, "a long enough password", "en"));
        JdbcClient jdbc = context.getBean(JdbcClient.class);
        for (int a = 0; a < senders.count(); a++) {
          jdbc.sql("""
              INSERT INTO federation_following (actor, inbox, follow_id, state, since)
              VALUES (:actor, :inbox, :follow, 'accepted', now())
              """).param("actor", senders.actor(a)).param("inbox", senders.actor(a) + "/inbox")
              .param("follow", commune.url() + "/activities/" + UUID.randomUUID()).update();
        }
      });
      commune.serve();
      JdbcClient database = commune.database();
      String inbox = commune.url() + "/inbox";
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
          .executor(Executors.newFixedThreadPool(clients)).connectTimeout(Duration.ofSeconds(10)).build();

      // Warm-up: one delivery per actor in turn (each key fetched once), then a round on all clients.
      List<Prepared> first = new ArrayList<>();
      for (int a = 0; a < senders.count(); a++) {
        first.add(senders.create(a, inbox, senders.key(a)));
      }
      run(client, inbox, first, 1);
      run(client, inbox, senders.creates(inbox, Math.min(1_000, activities), false), clients);
      System.out.printf("warm-up: key fetches served to Commune: %d%n", senders.actorFetches());
      drain(database);

      // Good traffic alone.
      List<Prepared> good = senders.creates(inbox, activities, false);
      double cpuBefore = commune.cpuSeconds();
      Outcome alone = run(client, inbox, good, clients);
      double cpu = commune.cpuSeconds() - cpuBefore;
      System.out.println();
      System.out.println("| phase | requests | answers | wall | rate | p50 | p99 | max |");
      System.out.println("|---|---|---|---|---|---|---|---|");
      print("signed Create{Note}, alone", alone, 202);
      long waiting = database.sql("SELECT count(*) FROM federation_inbox WHERE processed_at IS NULL")
          .query(Long.class).single();
      double drained = drain(database);

      // The flood alone, then the flood with good traffic.
      List<Prepared> forged = senders.creates(inbox, bad, true);
      cpuBefore = commune.cpuSeconds();
      Outcome flood = run(client, inbox, forged, clients);
      double floodCpu = commune.cpuSeconds() - cpuBefore;
      print("bad signatures (another key), alone", flood, 401);
      List<Prepared> goodDuring = senders.creates(inbox, activities / 2, false);
      List<Prepared> badDuring = senders.creates(inbox, bad, true);
      Outcome[] both = new Outcome[2];
      int floodClients = clients;
      Thread floodThread = Thread.ofPlatform().start(() -> both[1] = run(client, inbox, badDuring, floodClients));
      both[0] = run(client, inbox, goodDuring, clients);
      floodThread.join();
      print("signed Create{Note}, during the flood", both[0], 202);
      print("bad signatures, with good traffic", both[1], 401);
      drain(database);

      System.out.println();
      System.out.printf("server CPU (Commune's JVM, not PostgreSQL) during good traffic alone: %.2f ms per accepted activity%n",
          cpu * 1000 / Math.max(1, alone.count(202)));
      System.out.printf("server CPU during the flood alone: %.2f ms per refused delivery%n",
          floodCpu * 1000 / Math.max(1, flood.count(401)));
      System.out.printf("processing after the good traffic alone: %,d waiting at its end, drained in %.2f s%n",
          waiting, drained);
      System.out.printf("key fetches served to Commune in all: %d (for %d actors)%n", senders.actorFetches(),
          senders.count());
      System.out.println("stored activities by outcome:");
      database.sql("SELECT outcome, count(*) FROM federation_inbox GROUP BY outcome ORDER BY 2 DESC")
          .query((rs, n) -> "  " + rs.getString(1) + ": " + rs.getLong(2)).list().forEach(System.out::println);
      System.out.printf("ally posts stored: %,d%n",
          database.sql("SELECT count(*) FROM federation_ally_post").query(Long.class).single());
      for (Outcome o : List.of(alone, flood, both[0], both[1])) {
        System.out.println("answers: " + o.answers());
      }
    }
  }

  private static void print(String phase, Outcome o, int expected) {
    System.out.printf("| %s | %,d | %,d × %d, %,d other | %.2f s | **%,.0f/s** | %.1f ms | %.1f ms | %.1f ms |%n", phase,
        o.sent(), o.count(expected), expected, o.sent() - o.count(expected), o.seconds(), o.count(expected) / o.seconds(),
        o.percentile(0.50), o.percentile(0.99), o.percentile(1.0));
  }

  /** Sends every request, {@code clients} at a time, and times each answer. */
  private static Outcome run(HttpClient client, String inbox, List<Prepared> requests, int clients) {
    AtomicInteger next = new AtomicInteger();
    long[] nanos = new long[requests.size()];
    Map<String, Integer> answers = new ConcurrentHashMap<>();
    long start = System.nanoTime();
    try (var threads = Executors.newFixedThreadPool(clients)) {
      for (int c = 0; c < clients; c++) {
        threads.submit(() -> {
          int i;
          while ((i = next.getAndIncrement()) < requests.size()) {
            Prepared prepared = requests.get(i);
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(inbox)).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(prepared.body()))
                .header("Content-Type", "application/activity+json");
            prepared.headers().forEach((name, value) -> {
              if (!Set.of("host", "content-length").contains(name.toLowerCase(Locale.ROOT))) {
                request.setHeader(name, value);
              }
            });
            long t = System.nanoTime();
            String answer;
            try {
              HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
              answer = response.statusCode() + " " + response.body();
            } catch (IOException e) {
              answer = "error " + e.getClass().getSimpleName();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
            nanos[i] = System.nanoTime() - t;
            answers.merge(answer, 1, Integer::sum);
          }
        });
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    Arrays.sort(nanos);
    return new Outcome(requests.size(), new TreeMap<>(answers), nanos, seconds);
  }

  /** Waits until the inbox processor has acted on everything stored; the seconds it took. */
  private static double drain(JdbcClient database) throws InterruptedException {
    long start = System.nanoTime();
    while (database.sql("SELECT count(*) FROM federation_inbox WHERE processed_at IS NULL").query(Long.class).single() > 0) {
      if (System.nanoTime() - start > Duration.ofMinutes(10).toNanos()) {
        throw new IllegalStateException("the inbox processor did not finish within ten minutes");
      }
      Thread.sleep(20);
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /**
   * The sending server: N actors on 127.0.0.1 with their documents and keys (counting how often Commune
   * fetches them), and their activities, signed as Mastodon signs them (draft-cavage, Digest, Date).
   */
  private static final class Senders implements AutoCloseable {
    private final HttpServer server;
    private final List<KeyPair> keys = new ArrayList<>();
    private final KeyPair stranger = ActorKeys.generate();
    private final AtomicLong fetches = new AtomicLong();
    private final AtomicInteger sequence = new AtomicInteger();

    Senders(int count) throws IOException {
      for (int i = 0; i < count; i++) {
        keys.add(ActorKeys.generate());
      }
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.setExecutor(Executors.newFixedThreadPool(2));
      server.createContext("/", this::handle);
      server.start();
    }

    int count() {
      return keys.size();
    }

    String base() {
      return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    String actor(int i) {
      return base() + "/users/a" + i;
    }

    KeyPair key(int i) {
      return keys.get(i);
    }

    long actorFetches() {
      return fetches.get();
    }

    /** {@code n} Create{Note}s from the actors in turn; forged ones are signed with a key none of them has. */
    List<Prepared> creates(String inbox, int n, boolean forged) {
      List<Prepared> prepared = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        int a = i % keys.size();
        prepared.add(create(a, inbox, forged ? stranger : keys.get(a)));
      }
      return prepared;
    }

    Prepared create(int a, String inbox, KeyPair signer) {
      String actor = actor(a);
      int n = sequence.incrementAndGet();
      String note = actor + "/statuses/" + UUID.randomUUID();
      ObjectNode create = Json.MAPPER.createObjectNode();
      create.put("@context", "https://www.w3.org/ns/activitystreams");
      create.put("id", note + "/activity");
      create.put("type", "Create");
      create.put("actor", actor);
      create.putArray("to").add("https://www.w3.org/ns/activitystreams#Public");
      ObjectNode object = create.putObject("object");
      object.put("id", note);
      object.put("type", "Note");
      object.put("attributedTo", actor);
      object.put("content", "<p>Bench note " + n + " from a" + a + ": the <em>strike fund</em> holds.</p>");
      object.put("published", Instant.now().toString());
      object.put("url", note);
      object.putArray("to").add("https://www.w3.org/ns/activitystreams#Public");
      byte[] body = Json.MAPPER.writeValueAsString(create).getBytes(StandardCharsets.UTF_8);
      return new Prepared(body, HttpSignatures.sign("POST", URI.create(inbox), body, actor + "#main-key",
          signer.getPrivate(), Instant.now()));
    }

    private void handle(HttpExchange exchange) throws IOException {
      try (exchange) {
        String path = exchange.getRequestURI().getRawPath();
        if (exchange.getRequestMethod().equals("GET") && path.matches("/users/a\\d+")) {
          int i = Integer.parseInt(path.substring("/users/a".length()));
          if (i < keys.size()) {
            fetches.incrementAndGet();
            reply(exchange, 200, document(i));
            return;
          }
        }
        reply(exchange, 404, "");
      }
    }

    private String document(int i) {
      ObjectNode doc = Json.MAPPER.createObjectNode();
      doc.putArray("@context").add("https://www.w3.org/ns/activitystreams").add("https://w3id.org/security/v1");
      doc.put("id", actor(i));
      doc.put("type", "Person");
      doc.put("preferredUsername", "a" + i);
      doc.put("inbox", actor(i) + "/inbox");
      doc.put("outbox", actor(i) + "/outbox");
      doc.putObject("endpoints").put("sharedInbox", base() + "/inbox");
      ObjectNode key = doc.putObject("publicKey");
      key.put("id", actor(i) + "#main-key");
      key.put("owner", actor(i));
      key.put("publicKeyPem", ActorKeys.pem(keys.get(i).getPublic()));
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
}
