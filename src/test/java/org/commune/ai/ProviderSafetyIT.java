package org.commune.ai;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.commune.testing.RunningCommune;
import org.commune.testing.WebSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A steward with bad intentions and the provider form, over HTTP: reading the server's environment
 * through the key field, sending a key in clear, scanning this machine's ports (the embedded
 * PostgreSQL included) through the health check, reaching metadata services, and changing providers
 * without a trace.
 */
class ProviderSafetyIT extends RunningCommune {

  /** A model server on this machine that records the Authorization header of every request. */
  static HttpServer listener;
  static final List<String> authorizations = new CopyOnWriteArrayList<>();
  static final List<ServerSocket> raw = new ArrayList<>();

  @Autowired Providers providers;

  @BeforeAll
  static void listen() throws IOException {
    listener = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    listener.createContext("/", exchange -> {
      authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
      byte[] body = "{\"object\":\"list\",\"data\":[{\"id\":\"m1\",\"object\":\"model\"}]}".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    });
    listener.start();
  }

  @AfterAll
  static void stop() throws IOException {
    listener.stop(0);
    for (ServerSocket socket : raw) {
      socket.close();
    }
  }

  @AfterEach
  void cleanUp() {
    jdbc.sql("DELETE FROM ai_provider WHERE name LIKE 'it-%'").update();
    providers.outbound(steward(), false, false);
  }

  private static String listenerUrl() {
    return "http://127.0.0.1:" + listener.getAddress().getPort();
  }

  private WebSession stewardSession() {
    return signedIn(STEWARD);
  }

  private static Map<String, String> provider(String name, String url, String key) {
    Map<String, String> form = new HashMap<>(Map.of("name", name, "baseUrl", url, "models", "m1", "timeout", "5",
        "onPremises", "on"));
    if (key != null) {
      form.put("apiKeyEnv", key);
    }
    return form;
  }

  /** The critical one: HOME, PATH or a database password named as the "key" must never leave the server. */
  @Test
  void environmentVariablesOutsideThePrefixCannotBeExfiltrated() {
    WebSession steward = stewardSession();
    steward.get("/admin/ai");
    assertThat(steward.post("/admin/ai/outbound", Map.of("loopback", "on")).redirectsTo("/admin/ai")).isTrue();
    for (String variable : List.of("HOME", "PATH", "JAVA_HOME", "COMMUNE_DB_PASSWORD")) {
      steward.get("/admin/ai");
      WebSession.Page refused = steward.post("/admin/ai/providers", provider("it-exfil", listenerUrl(), variable));
      assertThat(refused.status()).as(variable).isEqualTo(400);
      assertThat(refused.body()).contains("Only environment variables whose name starts with COMMUNE_AI_KEY_");
    }
    steward.switchLanguage("ar");
    steward.get("/admin/ai");
    WebSession.Page arabic = steward.post("/admin/ai/providers", provider("it-exfil", listenerUrl(), "HOME"));
    assertThat(arabic.status()).isEqualTo(400);
    assertThat(arabic.body()).contains("لا يحمل مفتاحَ المزوّد إلا متغير بيئة يبدأ اسمه بـ COMMUNE_AI_KEY_");
    assertThat(jdbc.sql("SELECT count(*) FROM ai_provider WHERE name = 'it-exfil'").query(Long.class).single()).isZero();

    // A row written before the rule (or straight into the database) is refused when it is used.
    jdbc.sql("""
        INSERT INTO ai_provider (name, base_url, models, on_premises, api_key_env, timeout_s, created_by)
        VALUES ('it-legacy', :u, 'm1', true, 'HOME', 5, :by)
        """).param("u", listenerUrl()).param("by", steward().value()).update();
    steward.switchLanguage("en");
    String page = steward.get("/admin/ai").body();
    assertThat(page).contains("key variable not allowed (it must start with COMMUNE_AI_KEY_)");
    assertThat(authorizations).noneMatch(a -> a.contains(System.getenv("HOME")));
    assertThat(authorizations).noneMatch(a -> a.contains(System.getenv("PATH")));
    assertThat(authorizations).noneMatch(a -> a.contains(System.getenv().getOrDefault("JAVA_HOME", "/nonexistent")));
  }

  /** A prefixed key reaches a server on this machine; to a plain-http address elsewhere it is refused. */
  @Test
  void aPrefixedKeyGoesOnlyOverHttpsOrToThisMachine() {
    String secret = "sk-it-" + UUID.randomUUID();
    System.setProperty("COMMUNE_AI_KEY_ITEST", secret);
    try {
      WebSession steward = stewardSession();
      steward.get("/admin/ai");
      steward.post("/admin/ai/outbound", Map.of("loopback", "on", "privateNetwork", "on"));
      steward.get("/admin/ai");
      assertThat(steward.post("/admin/ai/providers", provider("it-keyed", listenerUrl(), "COMMUNE_AI_KEY_ITEST"))
          .redirectsTo("/admin/ai")).isTrue();
      authorizations.clear();
      assertThat(steward.get("/admin/ai").body()).contains("up, models: m1");
      // A steward alone cannot send an existing key to a server of their choosing: the key travels
      // only to a server the charter in force pins (members vote for that; the gateway refuses others).
      assertThat(authorizations).isNotEmpty().noneMatch(a -> a.contains(secret));

      steward.get("/admin/ai");
      WebSession.Page clear = steward.post("/admin/ai/providers",
          provider("it-remote", "http://10.11.12.13:8080", "COMMUNE_AI_KEY_ITEST"));
      assertThat(clear.status()).isEqualTo(400);
      assertThat(clear.body()).contains("A key is sent only over https, or over plain http to this machine");

      // Without a key the health check sends no Authorization header at all.
      steward.get("/admin/ai");
      steward.post("/admin/ai/providers", provider("it-keyed", listenerUrl(), ""));
      authorizations.clear();
      steward.get("/admin/ai");
      assertThat(authorizations).isNotEmpty().allMatch("null"::equals);
    } finally {
      System.clearProperty("COMMUNE_AI_KEY_ITEST");
    }
  }

  /** This machine and the private network only by the stewards' logged setting; metadata addresses never. */
  @Test
  void loopbackAndPrivateNeedALoggedSettingAndMetadataIsNeverReached() {
    WebSession steward = stewardSession();
    steward.get("/admin/ai");
    steward.post("/admin/ai/outbound", Map.of());
    steward.get("/admin/ai");
    WebSession.Page local = steward.post("/admin/ai/providers", provider("it-local", listenerUrl(), null));
    assertThat(local.status()).isEqualTo(400);
    assertThat(local.body()).contains("This address is on this machine.");
    WebSession.Page privateNet = steward.post("/admin/ai/providers", provider("it-lan", "http://192.168.7.7:8080", null));
    assertThat(privateNet.status()).isEqualTo(400);
    assertThat(privateNet.body()).contains("This address is on a private network.");

    long before = logged("ai.outbound-setting");
    steward.get("/admin/ai");
    steward.post("/admin/ai/outbound", Map.of("loopback", "on", "privateNetwork", "on"));
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> logged("ai.outbound-setting") == before + 2);
    steward.get("/admin/ai");
    assertThat(steward.post("/admin/ai/providers", provider("it-local", listenerUrl(), null)).redirectsTo("/admin/ai"))
        .isTrue();

    for (String url : List.of("http://169.254.169.254", "http://169.254.169.254:80/latest", "http://[fd00:ec2::254]",
        "http://100.100.100.200", "http://192.0.0.192", "http://0.0.0.0:" + PORT, "http://[::ffff:169.254.169.254]",
        "http://[64:ff9b::a9fe:a9fe]", "http://[::ffff:a9fe:a9fe]", "http://224.0.0.1", "http://255.255.255.255",
        "http://[ff02::1]", "http://[fe80::1]", "http://2852039166", "http://user:pw@127.0.0.1:8080")) {
      steward.get("/admin/ai");
      WebSession.Page refused = steward.post("/admin/ai/providers", provider("it-meta", url, null));
      assertThat(refused.status()).as(url).isEqualTo(400);
    }
    assertThat(jdbc.sql("SELECT count(*) FROM ai_provider WHERE name = 'it-meta'").query(Long.class).single()).isZero();

    // A stored row pointing at a metadata address (written before these rules) is refused when used.
    jdbc.sql("""
        INSERT INTO ai_provider (name, base_url, models, on_premises, timeout_s, created_by)
        VALUES ('it-metadata', 'http://169.254.169.254', 'm1', false, 5, :by)
        """).param("by", steward().value()).update();
    assertThat(steward.get("/admin/ai").body()).contains("not available (address not allowed)");
  }

  /**
   * The health check is not a port scanner: whatever answers on an address (the embedded PostgreSQL,
   * an SSH banner, a JSON service), the page shows a fixed reason, never the bytes or ids it received.
   */
  @Test
  void failedHealthChecksShowNoResponseBytes() throws Exception {
    providers.outbound(steward(), true, false);
    int postgres = jdbc.sql("SELECT inet_server_port()").query(Integer.class).single();
    int banner = rawListener("SSH-2.0-OpenSSH_9.6 LEAKED-BANNER-a1\r\n");
    int json = rawListener("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n"
        + "{\"data\":[{\"id\":\"LEAKED-ID-internal-admin-b2\"}],\"error\":\"LEAKED-BODY-c3\"}");
    int status = rawListener("HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\nLEAKED-403-BODY-d4");
    int redirect = rawListener("HTTP/1.1 302 Found\r\nLocation: " + listenerUrl() + "/v1/models\r\nContent-Length: 0\r\n"
        + "Connection: close\r\n\r\n");
    int drip = rawListener("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"
        + "{\"data\":[{\"id\":\"LEAKED-DRIP-e5\"", 30_000);
    int closed;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = probe.getLocalPort();
    }
    providers.register(steward(), "it-pg", "http://127.0.0.1:" + postgres, "m1", true, null, 5);
    providers.register(steward(), "it-ssh", "http://127.0.0.1:" + banner, "m1", true, null, 5);
    providers.register(steward(), "it-json", "http://127.0.0.1:" + json, "m1", true, null, 5);
    providers.register(steward(), "it-403", "http://127.0.0.1:" + status, "m1", true, null, 5);
    providers.register(steward(), "it-closed", "http://127.0.0.1:" + closed, "m1", true, null, 5);
    providers.register(steward(), "it-redirect", "http://127.0.0.1:" + redirect, "m1", true, null, 5);
    providers.register(steward(), "it-drip", "http://127.0.0.1:" + drip, "m1", true, null, 5);
    authorizations.clear();

    for (String path : List.of("/admin/ai", "/ai")) {
      String page = stewardSession().get(path).body();
      assertThat(page).doesNotContain("LEAKED").doesNotContain("internal-admin").doesNotContain("OpenSSH")
          .doesNotContain("Exception").doesNotContain("SSH-2.0").doesNotContain("FATAL")
          .doesNotContain("startup packet").doesNotContain("protocol");
      if (path.equals("/admin/ai")) {
        assertThat(reason(page, "it-pg")).isEqualTo("ai.providers.reason.unavailable");
        assertThat(reason(page, "it-ssh")).isEqualTo("ai.providers.reason.unavailable");
        assertThat(reason(page, "it-json")).isEqualTo("ai.providers.reason.models");
        assertThat(reason(page, "it-403")).isEqualTo("ai.providers.reason.unavailable");
        assertThat(reason(page, "it-closed")).isEqualTo("ai.providers.reason.unavailable");
        assertThat(reason(page, "it-redirect")).isEqualTo("ai.providers.reason.unavailable");
        assertThat(reason(page, "it-drip")).as("a body that never ends").isEqualTo("ai.providers.reason.unavailable");
        assertThat(authorizations).as("the redirect is not followed").isEmpty();
      }
    }
  }

  /**
   * DNS rebinding: the addresses are checked when the request is made, and a plain-http request goes
   * to the very address that was checked (a name that answers differently a moment later changes
   * nothing). With the setting turned off again, the same stored provider is refused at use.
   */
  @Test
  void requestsGoToTheAddressCheckedAtConnectionTime() {
    providers.outbound(steward(), true, false);
    Provider byName = new Provider("it-name", "http://localhost:8081/base", List.of("m1"), true, null, 5);
    Providers.Checked checked = providers.check(byName);
    assertThat(checked.refusal()).isNull();
    assertThat(checked.target().baseUrl()).matches("http://(127\\.0\\.0\\.1|\\[0:0:0:0:0:0:0:1\\]|\\[::1\\]):8081/base");
    assertThat(providers.check(new Provider("it-tls", "https://localhost:8443", List.of("m1"), true, null, 5))
        .target().baseUrl()).as("https keeps the name: the certificate binds it").isEqualTo("https://localhost:8443");
    providers.outbound(steward(), false, false);
    assertThat(providers.check(byName).refusal()).isEqualTo("address");
    assertThat(providers.check(new Provider("it-meta", "http://169.254.169.254", List.of("m1"), false, null, 5))
        .refusal()).isEqualTo("address");
  }

  /** Registering, changing and removing a provider is in the public log, without its URL or key. */
  @Test
  void everyProviderChangeIsLoggedWithoutUrls() {
    providers.outbound(steward(), true, true);
    WebSession steward = stewardSession();
    long registered = logged("ai.provider-registered");
    long changed = logged("ai.provider-changed");
    long removed = logged("ai.provider-removed");
    steward.get("/admin/ai");
    steward.post("/admin/ai/providers", provider("it-logged", listenerUrl(), null));
    steward.get("/admin/ai");
    steward.post("/admin/ai/providers", provider("it-logged", "http://10.20.30.40:8080/secret-path", null));
    steward.get("/admin/ai");
    steward.post("/admin/ai/providers/it-logged/remove", Map.of());
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> logged("ai.provider-registered") == registered + 1
        && logged("ai.provider-changed") == changed + 1 && logged("ai.provider-removed") == removed + 1);
    // A provider's name is text a steward chose ("salma-0791234567-informer" went public once): the
    // log carries a keyed hash of it, never the name.
    assertThat(jdbc.sql("SELECT count(*) FROM log_entry WHERE leaf LIKE '%it-logged%'").query(Long.class).single())
        .isZero();
    List<String> leaves = jdbc.sql("SELECT leaf FROM log_entry WHERE entry_type LIKE 'ai.provider-%' ORDER BY idx DESC LIMIT 3")
        .query(String.class).list();
    assertThat(leaves).hasSize(3).allMatch(l -> l.contains("provider_hmac"));
    assertThat(String.join("\n", leaves)).doesNotContain("127.0.0.1").doesNotContain("10.20.30.40")
        .doesNotContain("secret-path").doesNotContain(Integer.toString(listener.getAddress().getPort()));
    assertThat(leaves).anyMatch(l -> l.contains("url"));
  }

  private long logged(String type) {
    return jdbc.sql("SELECT count(*) FROM log_entry WHERE entry_type = :t").param("t", type).query(Long.class).single();
  }

  private static String reason(String page, String provider) {
    int at = page.indexOf("data-provider=\"" + provider + "\"");
    assertThat(at).as(provider).isNotNegative();
    var matcher = Pattern.compile("data-health=\"([^\"]+)\"").matcher(page);
    assertThat(matcher.find(at)).as(provider).isTrue();
    return matcher.group(1);
  }

  /** A TCP listener that answers every connection with {@code answer} and closes it. */
  private static int rawListener(String answer) throws IOException {
    return rawListener(answer, 0);
  }

  /** Same, holding the connection open {@code holdMillis} after answering (a server that drips). */
  private static int rawListener(String answer, long holdMillis) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    raw.add(server);
    Thread.ofVirtual().start(() -> {
      while (!server.isClosed()) {
        try (Socket socket = server.accept()) {
          socket.setSoTimeout(2000);
          socket.getInputStream().read(new byte[4096]);
          socket.getOutputStream().write(answer.getBytes(StandardCharsets.UTF_8));
          socket.getOutputStream().flush();
          if (holdMillis > 0) {
            Thread.sleep(holdMillis);
          }
        } catch (IOException | InterruptedException e) {
          // the next connection
        }
      }
    });
    return server.getLocalPort();
  }
}
