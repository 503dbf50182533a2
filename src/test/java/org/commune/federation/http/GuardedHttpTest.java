package org.commune.federation.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.commune.federation.FederationSettings;
import org.commune.federation.FederationUrls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The outbound client from the adversary's side: a peer on loopback that redirects, stalls, drips and
 * floods, and a DNS that lies. "Public" below is the real rule, except that 127.0.0.1 (where the peer
 * listens) stands for a public server where a test needs one to reach the peer at all.
 */
class GuardedHttpTest {

  static final KeyPair OURS = ActorKeys.generate();
  static final FederationSettings DEFAULTS = new FederationSettings("https://commune.example", "org", false);
  static final FederationSettings LOOPBACK_ALLOWED = new FederationSettings("https://commune.example", "org", true);
  static final InetAddress PEER;

  static {
    try {
      PEER = InetAddress.getByName("127.0.0.1");
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  PeerServer peer;
  /** A DNS under the test's control: names map to addresses, the rest do not exist. */
  Map<String, InetAddress[]> dns = new HashMap<>();

  @BeforeEach
  void start() throws IOException {
    peer = new PeerServer();
  }

  @AfterEach
  void stop() {
    peer.close();
  }

  InetAddress[] lookUp(String host) throws UnknownHostException {
    InetAddress[] found = dns.get(host);
    if (found != null) {
      return found;
    }
    if (host.matches("[0-9.]+|.*:.*")) {
      return InetAddress.getAllByName(host); // literals only: never the network
    }
    throw new UnknownHostException(host);
  }

  /** The application's client under default settings, with the test's DNS. */
  GuardedHttp defaults() {
    return new GuardedHttp(new ActorKeys(OURS), new FederationUrls(DEFAULTS), Clock.systemUTC(), this::lookUp,
        PublicAddresses::isPublic, GuardedHttp.TOTAL);
  }

  /** The real rule, but the peer's 127.0.0.1 counts as public (so redirects from it can be tested). */
  GuardedHttp peerIsPublic(Duration total) {
    return new GuardedHttp(new ActorKeys(OURS), new FederationUrls(DEFAULTS), Clock.systemUTC(), this::lookUp,
        address -> address.equals(PEER) || PublicAddresses.isPublic(address), total);
  }

  static void refused(ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOf(OutboundHttp.AddressRefused.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:%d/", "http://localhost:%d/", "http://[::1]:%d/", "http://0.0.0.0:%d/",
      "http://10.0.0.1:%d/", "http://192.168.1.1:%d/", "http://172.16.0.1:%d/", "http://169.254.169.254:%d/",
      "http://100.64.0.1:%d/", "http://[::ffff:127.0.0.1]:%d/", "http://[::ffff:7f00:1]:%d/", "http://[fc00::1]:%d/",
      "http://[fe80::1]:%d/", "http://2130706433:%d/", "http://0177.0.0.1:%d/", "http://0x7f.1:%d/",
      "http://127.1:%d/", "http://evil.example:%d/", "http://mixed.example:%d/", "http://user@8.8.8.8:%d/",
      "file:///etc/passwd", "ftp://8.8.8.8/", "gopher://127.0.0.1:%d/"})
  void byDefaultNothingPrivateIsReached(String template) {
    dns.put("localhost", new InetAddress[] {PEER});
    dns.put("evil.example", new InetAddress[] {PEER});
    dns.put("mixed.example", new InetAddress[] {address("93.184.216.34"), PEER});
    peer.answer("/", PeerServer.Answer.json("{}"));
    URI uri = URI.create(template.formatted(peer.port()));
    GuardedHttp http = defaults();
    refused(() -> http.get(uri, "application/activity+json"));
    refused(() -> http.post(uri, "application/activity+json", new byte[] {'{', '}'}));
    assertThat(peer.requests()).as("nothing reached the peer").isEmpty();
  }

  @Test
  void theSettingLiftsTheAddressRuleOnly() throws Exception {
    dns.put("evil.example", new InetAddress[] {PEER});
    peer.answer("/", PeerServer.Answer.json("{}"));
    GuardedHttp http = new GuardedHttp(new ActorKeys(OURS), new FederationUrls(LOOPBACK_ALLOWED), LOOPBACK_ALLOWED, Clock.systemUTC());
    assertThat(http.get(URI.create(peer.base() + "/"), "application/json").status()).isEqualTo(200);
    // the socket connected where the test's DNS said, so the connection uses the checked resolver
    GuardedHttp lookingUp = new GuardedHttp(new ActorKeys(OURS), new FederationUrls(LOOPBACK_ALLOWED), Clock.systemUTC(),
        this::lookUp, address -> true, GuardedHttp.TOTAL);
    assertThat(lookingUp.get(URI.create("http://evil.example:" + peer.port() + "/"), "application/json").status()).isEqualTo(200);
    refused(() -> http.get(URI.create("http://2130706433:" + peer.port() + "/"), "application/json"));
    refused(() -> http.get(URI.create("http://[::ffff:127.0.0.1]:" + peer.port() + "/"), "application/json"));
  }

  @Test
  void aNameThatRebindsToLoopbackAfterTheCheckIsRefusedAtConnection() {
    // First answer public (the check), then loopback (what a rebinding attack gives the connection).
    AtomicInteger asked = new AtomicInteger();
    GuardedHttp http = new GuardedHttp(new ActorKeys(OURS), new FederationUrls(DEFAULTS), Clock.systemUTC(),
        host -> new InetAddress[] {asked.getAndIncrement() == 0 ? address("93.184.216.34") : PEER},
        PublicAddresses::isPublic, GuardedHttp.TOTAL);
    peer.answer("/", PeerServer.Answer.json("{}"));
    refused(() -> http.get(URI.create("http://rebind.example:" + peer.port() + "/"), "application/json"));
    assertThat(asked.get()).as("the connection resolved for itself").isGreaterThanOrEqualTo(2);
    assertThat(peer.requests()).isEmpty();
  }

  @Test
  void redirectsAreFollowedThreeTimesEachChecked() throws Exception {
    peer.answer("/one", PeerServer.Answer.redirect("/two"));
    peer.answer("/two", PeerServer.Answer.redirect(peer.base() + "/three"));
    peer.answer("/three", PeerServer.Answer.redirect("/end"));
    peer.answer("/end", PeerServer.Answer.json("{\"ok\":true}"));
    OutboundHttp.Response response = peerIsPublic(GuardedHttp.TOTAL).get(URI.create(peer.base() + "/one"), "application/json");
    assertThat(response.status()).isEqualTo(200);
    assertThat(response.uri()).isEqualTo(URI.create(peer.base() + "/end"));
    assertThat(peer.requestHeaders()).allSatisfy(headers -> assertThat(headers.get("Signature")).isNotNull());

    peer.answer("/end", PeerServer.Answer.redirect("/four"));
    peer.answer("/four", PeerServer.Answer.json("{}"));
    assertThatThrownBy(() -> peerIsPublic(GuardedHttp.TOTAL).get(URI.create(peer.base() + "/one"), "application/json"))
        .isInstanceOf(IOException.class).isNotInstanceOf(OutboundHttp.AddressRefused.class);
    assertThat(peer.hits("/four")).as("a fourth redirect is not followed").isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/", "http://[::1]/",
      "http://2130706433/", "http://0x7f.1/", "http://[::ffff:127.0.0.1]/", "http://internal.example/", "file:///etc/passwd",
      "http://127.0.0.2:%d/"})
  void aRedirectToAPrivatePlaceIsRefused(String target) {
    dns.put("internal.example", new InetAddress[] {address("192.168.0.10")});
    peer.answer("/start", PeerServer.Answer.redirect(target.formatted(peer.port())));
    refused(() -> peerIsPublic(GuardedHttp.TOTAL).get(URI.create(peer.base() + "/start"), "application/json"));
  }

  @Test
  void aPostIsNotRedirected() throws Exception {
    peer.answer("/inbox", PeerServer.Answer.redirect("/elsewhere"));
    OutboundHttp.Response response = peerIsPublic(GuardedHttp.TOTAL)
        .post(URI.create(peer.base() + "/inbox"), "application/activity+json", "{}".getBytes(StandardCharsets.UTF_8));
    assertThat(response.status()).isEqualTo(302);
    assertThat(peer.hits("/elsewhere")).isZero();
  }

  @Test
  void aServerThatNeverAnswersIsLeftAtTheDeadline() {
    peer.answer("/slow", PeerServer.Answer.json("{}").delayed(30_000));
    long started = System.nanoTime();
    assertThatThrownBy(() -> peerIsPublic(Duration.ofSeconds(2)).get(URI.create(peer.base() + "/slow"), "application/json"))
        .isInstanceOf(IOException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(6));
  }

  @Test
  void aServerThatDripsIsCutOffAtTheDeadlineToo() throws Exception {
    // One byte every 300 ms never trips a read timeout; only the deadline on the whole call stops it.
    try (ServerSocket dripping = new ServerSocket(0, 1, PEER)) {
      Thread.ofVirtual().start(() -> {
        try (Socket socket = dripping.accept(); OutputStream out = socket.getOutputStream()) {
          out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
          for (int i = 0; i < 1000; i++) {
            out.write(' ');
            out.flush();
            Thread.sleep(300);
          }
        } catch (IOException | InterruptedException e) {
          // cut off: what the test wants
        }
      });
      long started = System.nanoTime();
      assertThatThrownBy(() -> peerIsPublic(Duration.ofSeconds(2))
          .get(URI.create("http://127.0.0.1:" + dripping.getLocalPort() + "/"), "application/json"))
          .isInstanceOf(IOException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(6));
    }
  }

  @Test
  void anAnswerOverOneMegabyteIsRefusedWithOrWithoutALength() throws Exception {
    byte[] big = new byte[OutboundHttp.MAX_RESPONSE_BYTES + 1];
    Arrays.fill(big, (byte) ' ');
    peer.answer("/big", new PeerServer.Answer(200, big, "application/json", 0, null));
    peer.answer("/chunked", new PeerServer.Answer(200, big, "application/json", 0, null).withoutLength());
    byte[] exact = Arrays.copyOf(big, OutboundHttp.MAX_RESPONSE_BYTES);
    peer.answer("/exact", new PeerServer.Answer(200, exact, "application/json", 0, null).withoutLength());
    GuardedHttp http = peerIsPublic(GuardedHttp.TOTAL);
    assertThatThrownBy(() -> http.get(URI.create(peer.base() + "/big"), "application/json")).isInstanceOf(IOException.class);
    assertThatThrownBy(() -> http.get(URI.create(peer.base() + "/chunked"), "application/json")).isInstanceOf(IOException.class);
    assertThat(http.get(URI.create(peer.base() + "/exact"), "application/json").body()).hasSize(OutboundHttp.MAX_RESPONSE_BYTES);
  }

  @Test
  void whatIsSentIsSignedAsTheServerSeesIt() throws Exception {
    peer.answer("/users/alice", PeerServer.Answer.json("{}"));
    peer.answer("/inbox", PeerServer.Answer.status(202));
    GuardedHttp http = peerIsPublic(GuardedHttp.TOTAL);
    http.get(URI.create(peer.base() + "/users/alice?page=1"), "application/activity+json");
    byte[] body = "{\"type\":\"Create\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(http.post(URI.create(peer.base() + "/inbox"), "application/activity+json", body).status()).isEqualTo(202);
    for (int i = 0; i < 2; i++) {
      Map<String, List<String>> headers = peer.requestHeaders().get(i);
      InboundRequest seen = new InboundRequest(i == 0 ? "GET" : "POST", peer.requests().get(i), headers, i == 0 ? new byte[0] : body);
      HttpSignatures.verifyCavage(seen, HttpSignatures.parseCavage(seen.header("signature")), OURS.getPublic(),
          Instant.now());
      assertThat(seen.header("host")).isEqualTo("127.0.0.1:" + peer.port());
    }
    assertThat(peer.requestHeaders().getFirst()).doesNotContainKey("Accept-encoding").doesNotContainKey("Cookie");
  }

  static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
