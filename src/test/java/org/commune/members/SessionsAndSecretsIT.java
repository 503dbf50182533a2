package org.commune.members;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.commune.testing.Base32Decoder;
import org.commune.testing.RunningCommune;
import org.commune.testing.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The attacker's side of sessions and stored secrets: session ids copied from a page, TOTP secrets
 * read from the database, and a flood of anonymous requests.
 */
class SessionsAndSecretsIT extends RunningCommune {

  private static final Pattern TOKEN_LIKE = Pattern.compile("[A-Za-z0-9_\\-+/=.~]{16,}");
  private static final Pattern END_FORM = Pattern.compile("/me/security/sessions/([^/\"]+)/end");

  @Autowired MeterRegistry meters;
  @Autowired TotpSecretSealing sealing;

  /** A client whose cookies the test can read, as a thief with the victim's device would. */
  private final class Device {
    final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    final HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).build();
    String csrf = "";

    HttpResponse<String> get(String path) throws Exception {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + path)).GET().build(),
          HttpResponse.BodyHandlers.ofString());
      Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(response.body());
      if (m.find()) {
        csrf = m.group(1);
      }
      return response;
    }

    HttpResponse<String> post(String path, Map<String, String> fields) throws Exception {
      Map<String, String> all = new LinkedHashMap<>(fields);
      all.putIfAbsent("_csrf", csrf);
      String body = all.entrySet().stream()
          .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
          .collect(Collectors.joining("&"));
      return http.send(
          HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + path))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
          HttpResponse.BodyHandlers.ofString());
    }

    void signIn(String username) throws Exception {
      get("/login");
      HttpResponse<String> response = post("/login", Map.of("username", username, "password", PASSWORD));
      assertThat(response.headers().firstValue("Location").orElse("")).endsWith("/home");
    }

    String sessionCookie() {
      return cookies.getCookieStore().getCookies().stream()
          .filter(c -> c.getName().equals("JSESSIONID")).map(HttpCookie::getValue).findFirst().orElseThrow();
    }
  }

  private static int statusWithCookie(String name, String value) throws Exception {
    HttpClient bare = HttpClient.newHttpClient();
    return bare.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + "/me")).header("Cookie", name + "=" + value).GET().build(),
        HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /**
   * Whatever token-looking text the security page holds, none of it signs in as its owner; the
   * other device's real session id is nowhere in the page; ending a session by its handle still
   * works, but only for one's own sessions.
   */
  @Test
  void securityPageHoldsNothingThatSignsIn() throws Exception {
    member("two-phones", Role.MEMBER);
    member("neighbour", Role.MEMBER);
    Device laptop = new Device();
    laptop.signIn("two-phones");
    Device phone = new Device();
    phone.signIn("two-phones");
    assertThat(phone.get("/me").statusCode()).isEqualTo(200);

    String html = laptop.get("/me/security").body();
    assertThat(html).doesNotContain(phone.sessionCookie()).doesNotContain(laptop.sessionCookie());
    assertThat(html.toLowerCase()).doesNotContain(phone.sessionCookie().toLowerCase());

    Set<String> candidates = new LinkedHashSet<>();
    Matcher tokens = TOKEN_LIKE.matcher(html);
    while (tokens.find()) {
      candidates.add(tokens.group());
    }
    Matcher ends = END_FORM.matcher(html);
    assertThat(ends.find()).as("the other session is listed").isTrue();
    String handle = ends.group(1);
    candidates.add(handle);
    candidates.add(handle.toUpperCase());
    for (String candidate : candidates) {
      for (String cookie : List.of("JSESSIONID", "SESSION")) {
        assertThat(statusWithCookie(cookie, candidate)).as("%s=%s must not sign in", cookie, candidate).isNotEqualTo(200);
      }
    }

    // A neighbour who learns the handle cannot end the session with it.
    Device neighbour = new Device();
    neighbour.signIn("neighbour");
    neighbour.get("/me/security");
    neighbour.post("/me/security/sessions/" + handle + "/end", Map.of());
    assertThat(phone.get("/me").statusCode()).as("someone else's handle ends nothing").isEqualTo(200);

    // The owner can.
    laptop.post("/me/security/sessions/" + handle + "/end", Map.of());
    assertThat(laptop.get("/me").statusCode()).isEqualTo(200);
    assertThat(phone.get("/me").statusCode()).isEqualTo(302);
  }

  /** After enrolment the database holds neither the secret nor its Base32 form; sign-in with a code works. */
  @Test
  void totpSecretIsSealedAtRest() throws Exception {
    MemberId id = member("sealed-totp", Role.MEMBER);
    WebSession member = signedIn("sealed-totp");
    WebSession.Page start = member.submit("/me/security", "/me/security/totp/start", Map.of());
    Matcher secret = Pattern.compile("data-totp-secret>([A-Z2-7]+)<").matcher(start.body());
    assertThat(secret.find()).isTrue();
    String key = secret.group(1);
    // The current step to confirm, the next one to sign in: no replay, and a step boundary in between does no harm.
    assertThat(member.post("/me/security/totp/confirm", Map.of("code", Base32Decoder.totp(key, clock, 0))).status()).isEqualTo(200);

    byte[] stored = storedSecret(id);
    String storedHex = HexFormat.of().formatHex(stored);
    String rawHex = HexFormat.of().formatHex(Base32Decoder.decode(key));
    assertThat(storedHex).doesNotContain(rawHex);
    assertThat(new String(stored, StandardCharsets.ISO_8859_1)).doesNotContain(key);
    assertThat(dump()).doesNotContain(key).doesNotContain(rawHex);

    assertThat(visitor().signIn("sealed-totp", PASSWORD, Base32Decoder.totp(key, clock, 1)).redirectsTo("/home")).isTrue();
  }

  /** A secret stored in plain form by the previous release is sealed at start and still verifies. */
  @Test
  void plainSecretFromThePreviousReleaseIsSealedAndStillWorks() {
    MemberId id = member("old-totp", Role.MEMBER);
    byte[] plain = new byte[20];
    new SecureRandom().nextBytes(plain);
    // What the previous release wrote: the raw secret, no seal marker.
    jdbc.sql("UPDATE member SET totp_secret = :s, totp_secret_sealed = false, totp_enabled = true, totp_last_step = 0 WHERE id = :id")
        .param("s", plain).param("id", id.value()).update();
    String key = Base32.encode(plain);
    // Still works before sealing (a start-up that has not reached the step yet)...
    assertThat(visitor().signIn("old-totp", PASSWORD, Base32Decoder.totp(key, clock, 0)).redirectsTo("/home")).isTrue();

    sealing.afterPropertiesSet();

    assertThat(HexFormat.of().formatHex(storedSecret(id))).doesNotContain(HexFormat.of().formatHex(plain));
    assertThat(jdbc.sql("SELECT totp_secret_sealed FROM member WHERE id = :id").param("id", id.value())
        .query(Boolean.class).single()).isTrue();
    assertThat(visitor().signIn("old-totp", PASSWORD, Base32Decoder.totp(key, clock, 1)).redirectsTo("/home")).isTrue();
  }

  /** A thousand anonymous page views create no session; sign-in still works with CSRF; a post without a token is refused. */
  @Test
  void anonymousVisitsCreateNoSessions() throws Exception {
    double before = sessionsCreated();
    HttpClient bare = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    List<String> pages = List.of("/", "/login", "/log", "/constitution", "/register", "/reset", "/articles", "/me", "/proposals");
    for (int i = 0; i < 1000; i++) {
      HttpResponse<Void> response = bare.send(
          HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + pages.get(i % pages.size()))).GET().build(),
          HttpResponse.BodyHandlers.discarding());
      for (String cookie : response.headers().allValues("Set-Cookie")) {
        assertThat(cookie).as("no session cookie for an anonymous visitor").doesNotStartWith("JSESSIONID").doesNotStartWith("SESSION");
      }
    }
    assertThat(sessionsCreated() - before).isZero();

    // The anonymous sign-in form is still protected by CSRF, through the cookie.
    WebSession visitor = visitor();
    visitor.get("/login");
    WebSession.Page noToken = visitor.postRaw("/login", "username=" + STEWARD + "&password=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8));
    assertThat(noToken.status()).isEqualTo(403);
    WebSession.Page forged = visitor.post("/login", Map.of("username", STEWARD, "password", PASSWORD, "_csrf", "forged"));
    assertThat(forged.status()).isEqualTo(403);
    assertThat(visitor.signIn(STEWARD, PASSWORD).redirectsTo("/home")).isTrue();
    // And signed-in forms too.
    WebSession steward = signedIn(STEWARD);
    steward.get("/admin/settings");
    assertThat(steward.post("/admin/settings", Map.of("_csrf", "forged", "nameEn", "X", "nameAr", "س", "defaultLanguage", "en")).status())
        .isEqualTo(403);
  }

  /**
   * The passkey button's challenge request makes a session (Spring Security keeps the challenge there):
   * a flood of them is cut off per address, and each such session lives minutes, not hours.
   */
  @Test
  void passkeyChallengeFloodIsLimited() throws Exception {
    rateLimits.reset();
    HttpClient bare = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    HttpResponse<String> login = bare.send(HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + "/login")).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    String cookie = login.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("XSRF-TOKEN="))
        .map(c -> c.substring(0, c.indexOf(';'))).findFirst().orElseThrow();
    Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(login.body());
    assertThat(token.find()).isTrue();
    int refused = 0;
    int created = 0;
    long started = System.nanoTime();
    for (int i = 0; i < 400 && refused < 20; i++) {
      HttpResponse<String> options = bare.send(HttpRequest.newBuilder(URI.create("http://localhost:" + PORT
              + "/webauthn/authenticate/options")).header("Cookie", cookie).header("X-CSRF-TOKEN", token.group(1))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
          HttpResponse.BodyHandlers.ofString());
      if (options.statusCode() == 429) {
        refused++;
      } else if (options.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("JSESSIONID"))) {
        created++;
      }
    }
    // The per-address ceiling (100 attempts a minute by default, refilled continuously) stops the flood;
    // before, all passed. On a slow machine the loop runs for seconds, and the bucket refills meanwhile.
    double seconds = (System.nanoTime() - started) / 1e9;
    int refilled = (int) Math.ceil(seconds * 100 / 60.0);
    assertThat(refused).as("refused beyond the ceiling").isEqualTo(20);
    assertThat(created).as("challenges answered in %.1f s", seconds).isPositive().isLessThanOrEqualTo(101 + refilled);
    rateLimits.reset();
  }

  /** A member's sessions are capped: beyond the cap the least recently used one ends. */
  @Test
  void sessionsPerMemberAreCapped() throws Exception {
    member("many-devices", Role.MEMBER);
    Device first = new Device();
    first.signIn("many-devices");
    for (int i = 0; i < 10; i++) {
      new Device().signIn("many-devices");
    }
    assertThat(first.get("/me").statusCode()).as("the oldest session was ended").isEqualTo(302);
  }

  private double sessionsCreated() {
    var counter = meters.find("tomcat.sessions.created").functionCounter();
    assertThat(counter).as("Tomcat's session metrics are bound").isNotNull();
    return counter.count();
  }

  private byte[] storedSecret(MemberId id) {
    return jdbc.sql("SELECT totp_secret FROM member WHERE id = :id").param("id", id.value()).query(byte[].class).single();
  }

  private String dump() {
    return jdbc.sql("SELECT encode(totp_secret, 'hex') FROM member WHERE totp_secret IS NOT NULL").query(String.class).list().toString();
  }
}
