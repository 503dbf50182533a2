package org.commune.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.commune.Application;
import org.commune.members.NewMember;
import org.commune.members.Organisation;
import org.commune.members.SetupLink;
import org.commune.testing.FreePort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Commune behind a reverse proxy on the same machine (a small Java proxy that, like nginx or Caddy,
 * adds X-Forwarded-For and X-Forwarded-Proto), as an attacker and as a room full of members see it.
 * The public URL is https, as it is behind a TLS-terminating proxy. Clients bind to different
 * loopback addresses (127.0.0.2, 127.0.0.3, ...) to be different machines.
 */
@SpringBootTest(classes = Application.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class ReverseProxyIT {

  static final int PORT = FreePort.find();
  static final int PROXY_PORT = FreePort.find();
  static final String PASSWORD = "a long enough password";
  static final int ADDRESS_CEILING = 5;
  static final int ACCOUNT_LIMIT = 3;

  static final String METRICS_TOKEN = "scraper-token-for-tests";
  static HttpServer proxy;

  @DynamicPropertySource
  static void instance(DynamicPropertyRegistry registry) {
    registry.add("server.port", () -> PORT);
    registry.add("commune.public-url", () -> "https://localhost:" + PROXY_PORT);
    registry.add("commune.data-dir", () -> "target/it-data/" + UUID.randomUUID());
    registry.add("commune.trusted-proxies", () -> "127.0.0.1");
    registry.add("commune.metrics.token", () -> METRICS_TOKEN);
    registry.add("commune.rate-limit.attempts-per-minute", () -> ACCOUNT_LIMIT);
    registry.add("commune.rate-limit.address-attempts-per-minute", () -> ADDRESS_CEILING);
    registry.add("commune.rate-limit.max-delay", () -> "2s");
  }

  @Autowired Organisation organisation;
  @Autowired SetupLink setupLink;
  @Autowired RateLimits rateLimits;

  @BeforeAll
  static void startProxy() throws IOException {
    HttpClient upstream = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    proxy = HttpServer.create(new InetSocketAddress("0.0.0.0", PROXY_PORT), 50);
    proxy.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    proxy.createContext("/", exchange -> forward(upstream, exchange));
    proxy.start();
  }

  @AfterAll
  static void stopProxy() {
    proxy.stop(0);
  }

  private static final Set<String> HOP_BY_HOP =
      Set.of("connection", "content-length", "expect", "host", "upgrade", "transfer-encoding", "keep-alive");

  private static void forward(HttpClient upstream, HttpExchange exchange) throws IOException {
    try (exchange) {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + exchange.getRequestURI()));
      exchange.getRequestHeaders().forEach((name, values) -> {
        if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.equalsIgnoreCase("X-Forwarded-For")) {
          values.forEach(v -> request.header(name, v));
        }
      });
      String client = exchange.getRemoteAddress().getAddress().getHostAddress();
      String earlier = exchange.getRequestHeaders().getFirst("X-Forwarded-For");
      request.header("X-Forwarded-For", earlier == null ? client : earlier + ", " + client);
      request.header("X-Forwarded-Proto", "https");
      byte[] body = exchange.getRequestBody().readAllBytes();
      request.method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
      HttpResponse<byte[]> response = upstream.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      response.headers().map().forEach((name, values) -> {
        if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
          values.forEach(v -> exchange.getResponseHeaders().add(name, v));
        }
      });
      exchange.sendResponseHeaders(response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
      if (response.body().length > 0) {
        exchange.getResponseBody().write(response.body());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @BeforeEach
  void setUp() {
    rateLimits.reset();
    if (!organisation.isSetUp()) {
      organisation.setUp("Proxy Union", "نقابة الوكيل", "en", new NewMember("owner", "Owner", null, PASSWORD, "en"));
      setupLink.spend();
    }
  }

  /** A raw HTTP/1.1 response. */
  record Reply(int status, Map<String, List<String>> headers, String body) {
    String header(String name) {
      List<String> values = headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
      return values.isEmpty() ? "" : values.getFirst();
    }

    List<String> cookies() {
      return headers.getOrDefault("set-cookie", List.of());
    }
  }

  /** A browser on one machine (its own loopback address), speaking raw HTTP so nothing is hidden from the test. */
  static final class Machine {
    final String address;
    final int port;
    final Map<String, String> cookies = new LinkedHashMap<>();
    String csrf = "";

    Machine(String address, int port) {
      this.address = address;
      this.port = port;
    }

    Reply get(String path, Map<String, String> headers) throws IOException {
      return send("GET", path, headers, null);
    }

    Reply get(String path) throws IOException {
      return get(path, Map.of());
    }

    Reply post(String path, Map<String, String> fields, Map<String, String> headers) throws IOException {
      Map<String, String> all = new LinkedHashMap<>(fields);
      all.putIfAbsent("_csrf", csrf);
      String body = all.entrySet().stream()
          .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
          .collect(Collectors.joining("&"));
      return send("POST", path, headers, body);
    }

    Reply signIn(String username, String password, Map<String, String> headers) throws IOException {
      get("/login", headers);
      return post("/login", Map.of("username", username, "password", password), headers);
    }

    Reply send(String method, String path, Map<String, String> headers, String body) throws IOException {
      try (Socket socket = new Socket()) {
        socket.bind(new InetSocketAddress(address, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        socket.setSoTimeout(30_000);
        StringBuilder request = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
        if (!cookies.isEmpty()) {
          request.append("Cookie: ").append(cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
              .collect(Collectors.joining("; "))).append("\r\n");
        }
        byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
          request.append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ").append(payload.length).append("\r\n");
        }
        request.append("\r\n");
        OutputStream out = socket.getOutputStream();
        out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(payload);
        out.flush();
        Reply reply = parse(socket.getInputStream());
        for (String cookie : reply.cookies()) {
          String pair = cookie.split(";", 2)[0];
          int eq = pair.indexOf('=');
          String value = pair.substring(eq + 1);
          if (value.isEmpty() || cookie.toLowerCase(Locale.ROOT).contains("max-age=0")) {
            cookies.remove(pair.substring(0, eq));
          } else {
            cookies.put(pair.substring(0, eq), value);
          }
        }
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(reply.body());
        if (token.find()) {
          csrf = token.group(1);
        }
        return reply;
      }
    }
  }

  static Reply parse(InputStream in) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    in.transferTo(all);
    String text = all.toString(StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    String head = end < 0 ? text : text.substring(0, end);
    String body = end < 0 ? "" : text.substring(end + 4);
    String[] lines = head.split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.computeIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
            .add(lines[i].substring(colon + 1).strip());
      }
    }
    return new Reply(status, headers, body);
  }

  private static Machine throughProxy(String address) {
    return new Machine(address, PROXY_PORT);
  }

  private static Machine direct(String address) {
    return new Machine(address, PORT);
  }

  /** Through the trusted proxy, two machines get separate buckets: one guesser does not lock out the other. */
  @Test
  void trustedProxyKeepsClientsApart() throws IOException {
    Machine guesser = throughProxy("127.0.0.2");
    int refused = 0;
    for (int i = 0; i < ADDRESS_CEILING + 2; i++) {
      if (guesser.signIn("nobody" + i, "wrong password " + i, Map.of()).status() == 429) {
        refused++;
      }
    }
    assertThat(refused).as("the guessing machine is stopped").isGreaterThan(0);
    Machine neighbour = throughProxy("127.0.0.3");
    Reply reply = neighbour.signIn("owner", PASSWORD, Map.of());
    assertThat(reply.status()).isEqualTo(302);
    assertThat(reply.header("Location")).endsWith("/home");
  }

  /** A machine that talks to Commune directly cannot pick its bucket by writing forwarded headers. */
  @Test
  void forwardedHeadersFromUntrustedPeersAreIgnored() throws IOException {
    Machine spoofer = direct("127.0.0.4");
    int refused = 0;
    for (int i = 0; i < ADDRESS_CEILING + 2; i++) {
      Map<String, String> spoof = Map.of("X-Forwarded-For", "198.51.100." + i, "Forwarded", "for=198.51.100." + i);
      if (spoofer.signIn("nobody" + i, "wrong password " + i, spoof).status() == 429) {
        refused++;
      }
    }
    assertThat(refused).isGreaterThan(0);
  }

  /** Successful sign-ins never count: a whole room on one address signs in. */
  @Test
  void successesNeverCount() throws IOException {
    for (int i = 0; i < ADDRESS_CEILING * 3; i++) {
      Reply reply = throughProxy("127.0.0.5").signIn("owner", PASSWORD, Map.of());
      assertThat(reply.status()).as("sign-in %d", i).isEqualTo(302);
      assertThat(reply.header("Location")).endsWith("/home");
    }
  }

  /** A slowed account takes one attempt at a time: guesses sent together are refused, not queued. */
  @Test
  void concurrentGuessesOnASlowedAccountAreRefused() throws Exception {
    for (int i = 0; i < ACCOUNT_LIMIT + 1; i++) {
      throughProxy("127.0.2." + (i + 1)).signIn("guessed-account", "wrong password " + i, Map.of());
    }
    List<Future<Integer>> guesses = new ArrayList<>();
    try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int i = 0; i < 8; i++) {
        String address = "127.0.3." + (i + 1);
        int n = i;
        guesses.add(pool.submit(() -> throughProxy(address).signIn("guessed-account", "guess " + n, Map.of()).status()));
      }
    }
    long refused = 0;
    for (var guess : guesses) {
      if (guess.get() == 429) {
        refused++;
      }
    }
    assertThat(refused).as("of 8 guesses in flight together, at most one or two are checked").isGreaterThanOrEqualTo(6);
  }

  /** Guesses on an account make it wait, but the owner's correct password still signs in. */
  @Test
  void ownerIsSlowedNotLockedOut() throws IOException {
    for (int i = 0; i < ACCOUNT_LIMIT + 2; i++) {
      // Each guess from another machine, as a botnet would.
      throughProxy("127.0.1." + (i + 1)).signIn("owner", "wrong password " + i, Map.of());
    }
    long started = System.nanoTime();
    Reply reply = throughProxy("127.0.0.6").signIn("owner", PASSWORD, Map.of());
    long waitedMillis = (System.nanoTime() - started) / 1_000_000;
    assertThat(reply.status()).isEqualTo(302);
    assertThat(reply.header("Location")).endsWith("/home");
    assertThat(waitedMillis).as("the attempt was slowed").isGreaterThanOrEqualTo(1000);
  }

  /** Metrics are never served through the proxy, trusted or not; the machine's own scraper gets them. */
  @Test
  void metricsAreNotPublicThroughTheProxy() throws IOException {
    Map<String, String> bearer = Map.of("Authorization", "Bearer " + METRICS_TOKEN);
    assertThat(throughProxy("127.0.0.7").get("/actuator/prometheus", bearer).status()).isNotEqualTo(200);
    assertThat(throughProxy("127.0.0.1").get("/actuator/prometheus", bearer).status()).isNotEqualTo(200);
    assertThat(direct("127.0.0.7").get("/actuator/prometheus", bearer).status()).isNotEqualTo(200);
    assertThat(direct("127.0.0.1").get("/actuator/prometheus", Map.of("X-Forwarded-For", "127.0.0.1",
        "Authorization", "Bearer " + METRICS_TOKEN)).status()).isNotEqualTo(200);
    // A same-host proxy that adds no forwarding header looks local: the token is what keeps it out.
    assertThat(direct("127.0.0.1").get("/actuator/prometheus").status()).isNotEqualTo(200);
    Reply scraper = direct("127.0.0.1").get("/actuator/prometheus", bearer);
    assertThat(scraper.status()).isEqualTo(200);
    assertThat(scraper.body()).contains("jvm_memory_used_bytes");
  }

  /** With an https public URL: HSTS on every page, and every cookie Secure. */
  @Test
  void httpsPublicUrlMeansHstsAndSecureCookies() throws IOException {
    Machine browser = throughProxy("127.0.0.8");
    Reply login = browser.get("/login");
    assertThat(login.header("Strict-Transport-Security")).contains("max-age=");
    assertThat(login.cookies()).isNotEmpty().allSatisfy(c -> assertThat(c).containsIgnoringCase("; Secure"));
    assertThat(login.cookies()).as("the CSRF cookie cannot be planted by a sibling host")
        .anyMatch(c -> c.startsWith("__Host-XSRF-TOKEN="));
    Reply signedIn = browser.post("/login", Map.of("username", "owner", "password", PASSWORD), Map.of());
    assertThat(signedIn.status()).isEqualTo(302);
    assertThat(signedIn.cookies()).anySatisfy(c -> assertThat(c).startsWith("JSESSIONID="));
    assertThat(signedIn.cookies()).allSatisfy(c -> assertThat(c).containsIgnoringCase("; Secure"));
    assertThat(browser.get("/me").status()).isEqualTo(200);
    Reply language = browser.post("/language", Map.of("lang", "ar", "return", "/"), Map.of());
    assertThat(language.cookies()).allSatisfy(c -> assertThat(c).containsIgnoringCase("; Secure"));
  }
}
