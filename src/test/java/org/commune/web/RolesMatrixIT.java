package org.commune.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.commune.members.Role;
import org.commune.testing.RunningCommune;
import org.commune.testing.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every endpoint × every role gets the expected answer. The table below must name every controller
 * mapping: a new endpoint without an entry fails this test, so none becomes public by accident.
 */
class RolesMatrixIT extends RunningCommune {

  enum Access { PUBLIC, MEMBER, MODERATOR, STEWARD }

  /** "METHOD pattern" → who may use it. */
  private static final Map<String, Access> EXPECTED = new TreeMap<>(Map.ofEntries(
      Map.entry("GET /", Access.PUBLIC),
      Map.entry("GET /setup", Access.PUBLIC),
      Map.entry("POST /setup", Access.PUBLIC),
      Map.entry("GET /login", Access.PUBLIC),
      Map.entry("GET /join/{token}", Access.PUBLIC),
      Map.entry("POST /join/{token}", Access.PUBLIC),
      Map.entry("GET /register", Access.PUBLIC),
      Map.entry("POST /register", Access.PUBLIC),
      Map.entry("GET /reset", Access.PUBLIC),
      Map.entry("POST /reset", Access.PUBLIC),
      Map.entry("GET /reset/{token}", Access.PUBLIC),
      Map.entry("POST /reset/{token}", Access.PUBLIC),
      Map.entry("POST /language", Access.PUBLIC),
      Map.entry("GET /log", Access.PUBLIC),
      Map.entry("GET /api/log/public-key", Access.PUBLIC),
      Map.entry("GET /api/log/checkpoint", Access.PUBLIC),
      Map.entry("GET /api/log/checkpoints", Access.PUBLIC),
      Map.entry("GET /api/log/entries", Access.PUBLIC),
      Map.entry("GET /api/log/proof/inclusion", Access.PUBLIC),
      Map.entry("GET /api/log/proof/consistency", Access.PUBLIC),
      Map.entry("GET /error", Access.PUBLIC),
      Map.entry("GET /home", Access.MEMBER),
      Map.entry("GET /search", Access.PUBLIC),
      Map.entry("GET /me", Access.MEMBER),
      Map.entry("GET /me/data", Access.MEMBER),
      Map.entry("GET /me/delete", Access.MEMBER),
      Map.entry("POST /me/delete", Access.MEMBER),
      Map.entry("GET /me/security", Access.MEMBER),
      Map.entry("POST /me/security/totp/start", Access.MEMBER),
      Map.entry("POST /me/security/totp/confirm", Access.MEMBER),
      Map.entry("POST /me/security/totp/disable", Access.MEMBER),
      Map.entry("POST /me/security/sessions/{id}/end", Access.MEMBER),
      Map.entry("POST /me/security/passkeys/{id}/delete", Access.MEMBER),
      Map.entry("GET /members", Access.MEMBER),
      Map.entry("GET /groups", Access.MEMBER),
      Map.entry("GET /groups/{slug}", Access.MEMBER),
      Map.entry("POST /groups", Access.STEWARD),
      Map.entry("POST /groups/{slug}/members", Access.STEWARD),
      Map.entry("GET /proposals", Access.MEMBER),
      Map.entry("POST /proposals", Access.MEMBER),
      Map.entry("GET /proposals/{id}", Access.MEMBER),
      Map.entry("POST /proposals/{id}/ballot", Access.MEMBER),
      Map.entry("POST /proposals/{id}/ballot/change", Access.MEMBER),
      Map.entry("GET /proposals/{id}/turnout", Access.MEMBER),
      Map.entry("POST /proposals/{id}/close", Access.MEMBER),
      Map.entry("POST /proposals/{id}/extend", Access.MEMBER),
      Map.entry("POST /proposals/{id}/receipt", Access.MEMBER),
      Map.entry("POST /proposals/{id}/receipts/check", Access.MEMBER),
      Map.entry("GET /proposals/{id}/ballots.json", Access.MEMBER),
      Map.entry("GET /proposals/{id}/ballots.csv", Access.MEMBER),
      Map.entry("GET /proposals/{id}/result.json", Access.MEMBER),
      Map.entry("GET /proposals/{id}/result.csv", Access.MEMBER),
      Map.entry("GET /proposals/{id}/weights.csv", Access.MEMBER),
      Map.entry("GET /proposals/{id}/receipts.txt", Access.MEMBER),
      Map.entry("POST /proposals/{id}/start", Access.MEMBER),
      Map.entry("POST /proposals/{id}/text", Access.MEMBER),
      Map.entry("POST /proposals/{id}/comments", Access.MEMBER),
      Map.entry("POST /proposals/{id}/comments/{comment}/hide", Access.MODERATOR),
      Map.entry("POST /proposals/{id}/comments/{comment}/edit", Access.MEMBER),
      Map.entry("POST /proposals/{id}/comments/{comment}/withdraw", Access.MEMBER),
      Map.entry("GET /proposals/{id}/comments/{comment}/history", Access.MEMBER),
      Map.entry("POST /proposals/{id}/amendments", Access.MEMBER),
      Map.entry("POST /proposals/{id}/amendments/{amendment}/accept", Access.MEMBER),
      Map.entry("POST /proposals/{id}/amendments/{amendment}/decline", Access.MEMBER),
      Map.entry("POST /proposals/{id}/amendments/{amendment}/vote", Access.MEMBER),
      Map.entry("POST /proposals/{id}/objections", Access.MEMBER),
      Map.entry("POST /proposals/{id}/objections/withdraw", Access.MEMBER),
      Map.entry("POST /proposals/{id}/progress", Access.MEMBER),
      Map.entry("GET /constitution", Access.PUBLIC),
      Map.entry("POST /constitution/proposals", Access.MEMBER),
      Map.entry("POST /constitution/public-roles", Access.MEMBER),
      Map.entry("POST /constitution/public-name", Access.MEMBER),
      Map.entry("POST /constitution/voting-rules", Access.MEMBER),
      Map.entry("GET /notifications", Access.MEMBER),
      Map.entry("POST /notifications/read", Access.MEMBER),
      Map.entry("POST /notifications/choices", Access.MEMBER),
      Map.entry("POST /delegation/group", Access.MEMBER),
      Map.entry("GET /articles", Access.PUBLIC),
      Map.entry("GET /articles/{id}", Access.PUBLIC),
      Map.entry("GET /articles/feed.atom", Access.PUBLIC),
      Map.entry("GET /articles/{id}/history", Access.PUBLIC),
      Map.entry("GET /announcements", Access.PUBLIC),
      Map.entry("GET /announcements/{id}", Access.PUBLIC),
      Map.entry("GET /announcements/new", Access.MODERATOR),
      Map.entry("POST /announcements", Access.MODERATOR),
      Map.entry("POST /announcements/{id}/withdraw", Access.MODERATOR),
      Map.entry("GET /activities/{id}", Access.PUBLIC),
      Map.entry("GET /notes/{id}", Access.PUBLIC),
      Map.entry("GET /actors/{handle}/outbox", Access.PUBLIC),
      Map.entry("GET /admin/federation/deliveries", Access.STEWARD),
      Map.entry("POST /admin/federation/deliveries/retry", Access.STEWARD),
      Map.entry("GET /meetings", Access.PUBLIC),
      Map.entry("POST /meetings", Access.STEWARD),
      Map.entry("GET /meetings/{id}", Access.PUBLIC),
      Map.entry("GET /meetings/{id}/minutes", Access.PUBLIC),
      Map.entry("POST /meetings/{id}/edit", Access.STEWARD),
      Map.entry("POST /meetings/{id}/open", Access.STEWARD),
      Map.entry("POST /meetings/{id}/close", Access.STEWARD),
      Map.entry("POST /meetings/{id}/agenda", Access.STEWARD),
      Map.entry("POST /meetings/{id}/present", Access.MEMBER),
      Map.entry("POST /meetings/{id}/attendance", Access.STEWARD),
      Map.entry("POST /meetings/{id}/votes", Access.STEWARD),
      Map.entry("POST /meetings/{id}/minutes", Access.STEWARD),
      Map.entry("GET /articles/new", Access.MODERATOR),
      Map.entry("POST /articles", Access.MODERATOR),
      Map.entry("GET /articles/{id}/correct", Access.MODERATOR),
      Map.entry("POST /articles/{id}/correct", Access.MODERATOR),
      Map.entry("GET /articles/{id}/withdraw", Access.MODERATOR),
      Map.entry("POST /articles/{id}/withdraw", Access.MODERATOR),
      Map.entry("GET /ai", Access.MEMBER),
      Map.entry("POST /ai/translate", Access.MEMBER),
      Map.entry("POST /ai/draft", Access.MEMBER),
      Map.entry("POST /ai/summarise", Access.MEMBER),
      Map.entry("GET /ai/jobs/{id}", Access.MEMBER),
      Map.entry("GET /ai/calls", Access.MEMBER),
      Map.entry("GET /ai/calls.csv", Access.MEMBER),
      Map.entry("GET /ai/calls/{id}", Access.MEMBER),
      Map.entry("POST /ai/calls/{id}/contest", Access.MEMBER),
      Map.entry("POST /ai/calls/{id}/contests/{contest}/resolve", Access.STEWARD),
      Map.entry("GET /ai/drafts", Access.MEMBER),
      Map.entry("GET /ai/drafts/{id}", Access.MEMBER),
      Map.entry("POST /ai/drafts/{id}/approve", Access.MEMBER),
      Map.entry("POST /ai/drafts/{id}/reject", Access.MEMBER),
      Map.entry("GET /ai/charter", Access.PUBLIC),
      Map.entry("POST /ai/charter", Access.MEMBER),
      Map.entry("GET /ai/prompts", Access.PUBLIC),
      Map.entry("GET /admin/ai", Access.STEWARD),
      Map.entry("GET /admin/ai/circuits", Access.STEWARD),
      Map.entry("POST /admin/ai/providers", Access.STEWARD),
      Map.entry("POST /admin/ai/providers/{name}/remove", Access.STEWARD),
      Map.entry("POST /admin/ai/outbound", Access.STEWARD),
      Map.entry("POST /delegation/group/revoke", Access.MEMBER),
      Map.entry("GET /delegation", Access.MEMBER),
      Map.entry("POST /delegation", Access.MEMBER),
      Map.entry("POST /delegation/revoke", Access.MEMBER),
      Map.entry("GET /invitations", Access.MODERATOR),
      Map.entry("POST /invitations", Access.MODERATOR),
      Map.entry("POST /invitations/bulk", Access.MODERATOR),
      Map.entry("POST /invitations/{id}/revoke", Access.MODERATOR),
      Map.entry("POST /invitations/{id}/resend", Access.MODERATOR),
      Map.entry("GET /admin/recovery", Access.STEWARD),
      Map.entry("POST /admin/recovery", Access.STEWARD),
      Map.entry("GET /recover/{token}", Access.PUBLIC),
      Map.entry("POST /recover/{token}", Access.PUBLIC),
      Map.entry("GET /me/settings", Access.MEMBER),
      Map.entry("POST /me/settings/profile", Access.MEMBER),
      Map.entry("POST /me/settings/sign-in", Access.MEMBER),
      Map.entry("POST /groups/{slug}/members/bulk", Access.STEWARD),
      Map.entry("POST /admin/roles", Access.STEWARD),
      Map.entry("GET /admin/settings", Access.STEWARD),
      Map.entry("POST /admin/settings", Access.STEWARD),
      Map.entry("GET /.well-known/webfinger", Access.PUBLIC),
      Map.entry("GET /.well-known/host-meta", Access.PUBLIC),
      Map.entry("GET /.well-known/nodeinfo", Access.PUBLIC),
      Map.entry("GET /nodeinfo/2.1", Access.PUBLIC),
      Map.entry("GET /federation", Access.PUBLIC),
      Map.entry("GET /actors/{handle}", Access.PUBLIC),
      Map.entry("GET /actors/{handle}/followers", Access.PUBLIC),
      Map.entry("GET /actors/{handle}/following", Access.PUBLIC),
      Map.entry("POST /actors/{handle}/inbox", Access.PUBLIC),
      Map.entry("POST /inbox", Access.PUBLIC),
      Map.entry("GET /federation/blocked", Access.PUBLIC),
      Map.entry("GET /federation/allies", Access.PUBLIC),
      Map.entry("GET /admin/federation/followers", Access.STEWARD),
      Map.entry("POST /admin/federation/followers/approve", Access.STEWARD),
      Map.entry("POST /admin/federation/followers/remove", Access.STEWARD),
      Map.entry("POST /admin/federation/followers/approval", Access.STEWARD),
      Map.entry("GET /admin/federation/blocked", Access.STEWARD),
      Map.entry("POST /admin/federation/blocked", Access.STEWARD),
      Map.entry("POST /admin/federation/blocked/remove", Access.STEWARD),
      Map.entry("GET /admin/federation/following", Access.STEWARD),
      Map.entry("POST /admin/federation/following", Access.STEWARD),
      Map.entry("POST /admin/federation/following/remove", Access.STEWARD),
      // Survival (issue 11): the export for mirrors, witnessing, mirrors, the stewards' allies page.
      Map.entry("GET /api/mirror/origin", Access.PUBLIC),
      Map.entry("GET /api/mirror/articles", Access.PUBLIC),
      Map.entry("GET /api/log/cosignatures", Access.PUBLIC),
      Map.entry("POST /api/log/cosignatures", Access.PUBLIC),
      Map.entry("GET /api/log/witnesses", Access.PUBLIC),
      Map.entry("GET /api/witness/{host}/cosignatures", Access.PUBLIC),
      Map.entry("GET /mirrors", Access.PUBLIC),
      Map.entry("GET /mirrors/{host}", Access.PUBLIC),
      Map.entry("GET /mirrors/{host}/articles/{id}", Access.PUBLIC),
      Map.entry("GET /mirrors/{host}/api/log/public-key", Access.PUBLIC),
      Map.entry("GET /mirrors/{host}/api/log/checkpoint", Access.PUBLIC),
      Map.entry("GET /mirrors/{host}/api/log/checkpoints", Access.PUBLIC),
      Map.entry("GET /mirrors/{host}/api/log/entries", Access.PUBLIC),
      Map.entry("GET /mirrors/{host}/api/log/proof/inclusion", Access.PUBLIC),
      Map.entry("GET /mirrors/{host}/api/log/proof/consistency", Access.PUBLIC),
      Map.entry("GET /admin/federation/allies", Access.STEWARD),
      Map.entry("POST /admin/federation/allies", Access.STEWARD),
      Map.entry("POST /admin/federation/allies/{host}/end", Access.STEWARD),
      Map.entry("POST /admin/federation/allies/{host}/sync", Access.STEWARD),
      Map.entry("GET /admin/federation/archive", Access.STEWARD),
      Map.entry("GET /admin/federation/archive/about", Access.STEWARD),
      Map.entry("GET /admin/federation/move", Access.STEWARD),
      Map.entry("POST /admin/federation/move/alias", Access.STEWARD),
      Map.entry("POST /admin/federation/move/propose", Access.STEWARD),
      Map.entry("POST /admin/federation/move/hand-over", Access.STEWARD),
      Map.entry("POST /admin/federation/move/move", Access.STEWARD)));

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping controllers;

  /** The table names exactly the endpoints the controllers serve. */
  @Test
  void tableCoversEveryEndpoint() {
    List<String> served = new ArrayList<>();
    controllers.getHandlerMethods().forEach((info, method) -> {
      var methods = info.getMethodsCondition().getMethods();
      for (String pattern : info.getPatternValues()) {
        if (methods.isEmpty()) {
          served.add("GET " + pattern);
        }
        for (RequestMethod m : methods) {
          served.add(m.name() + " " + pattern);
        }
      }
    });
    // One path may have two handlers (HTML for browsers, JSON for servers): the same rule holds for both.
    assertThat(served.stream().distinct().toList()).containsExactlyInAnyOrderElementsOf(EXPECTED.keySet());
  }

  /** Anonymous visitors, members, moderators and stewards each get in exactly where they should. */
  @Test
  void everyEndpointAnswersEveryRoleAsExpected() {
    member("matrix-member", Role.MEMBER);
    member("matrix-moderator", Role.MODERATOR);
    Map<Access, WebSession> sessions = new EnumMap<>(Access.class);
    sessions.put(Access.PUBLIC, visitor());
    sessions.put(Access.MEMBER, signedIn("matrix-member"));
    sessions.put(Access.MODERATOR, signedIn("matrix-moderator"));
    sessions.put(Access.STEWARD, signedIn(STEWARD));
    List<String> wrong = new ArrayList<>();
    for (var endpoint : EXPECTED.entrySet()) {
      String method = endpoint.getKey().substring(0, endpoint.getKey().indexOf(' '));
      String path = concrete(endpoint.getKey().substring(method.length() + 1));
      for (Access role : Access.values()) {
        WebSession session = sessions.get(role);
        session.get("/");
        WebSession.Page page = method.equals("GET") ? session.get(path) : session.post(path, Map.of("reason", ""));
        boolean allowed = role.ordinal() >= endpoint.getValue().ordinal();
        String outcome = outcome(page);
        String expected = allowed ? "allowed" : role == Access.PUBLIC ? "sign-in" : "forbidden";
        if (page.status() >= 500) {
          wrong.add(role + " " + endpoint.getKey() + " → " + page.status() + " (a server error is never an answer)");
        } else if (!outcome.equals(expected)) {
          wrong.add(role + " " + endpoint.getKey() + " → " + page.status() + " " + page.location() + " (expected " + expected + ")");
        }
      }
    }
    assertThat(wrong).isEmpty();
  }

  /**
   * Deny by default: a path that no module's rules claim is refused to everyone, stewards included,
   * so an endpoint added without a rule cannot be public (or open to every member) by accident.
   */
  @Test
  void pathsNoModuleClaimsAreRefused() {
    for (String path : List.of("/no/such/page", "/admin/unclaimed", "/actuator/env", "/actuator/beans")) {
      // Refused, and answered "not found": a typo or an old link is not a question of permission.
      assertThat(visitor().get(path).status()).as("visitor %s", path).isEqualTo(404);
      WebSession.Page steward = signedIn(STEWARD).get(path);
      assertThat(steward.status()).as("steward %s", path).isEqualTo(404);
      assertThat(steward.body()).as("steward %s", path).doesNotContain("jvm").doesNotContain("\"beans\"");
    }
    assertThat(visitor().post("/no/such/form", Map.of()).status()).isIn(302, 401, 403, 404);
  }

  /**
   * Public pages answer HEAD as they answer GET (rules written for GET alone sent link checkers and feed
   * readers to sign-in: attacker review).
   */
  @Test
  void publicPagesAnswerHead() throws Exception {
    HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    for (String path : List.of("/", "/log", "/constitution", "/articles", "/articles/feed.atom", "/ai/charter",
        "/ai/prompts", "/meetings", "/federation", "/federation/blocked", "/federation/allies", "/actors/org")) {
      HttpResponse<Void> head = client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + path))
          .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
      assertThat(head.statusCode()).as("HEAD %s", path).isEqualTo(visitor().get(path).status());
    }
  }

  /** Metrics are for the machine's own Prometheus: answered on loopback (as here). */
  @Test
  void operationsEndpoints() {
    assertThat(visitor().get("/actuator/health").status()).isEqualTo(200);
    assertThat(visitor().get("/actuator/prometheus").status()).as("loopback without the token").isNotEqualTo(200);
    assertThat(visitor().get("/actuator/prometheus", Map.of("Authorization", "Bearer guessed")).status())
        .isNotEqualTo(200);
    String token = readMetricsToken();
    WebSession.Page metrics = visitor().get("/actuator/prometheus", Map.of("Authorization", "Bearer " + token));
    assertThat(metrics.status()).isEqualTo(200);
    assertThat(metrics.body()).contains("jvm_memory_used_bytes").doesNotContain(STEWARD);
  }

  /** Passkey registration endpoints need a signed-in member. */
  @Test
  void passkeyRegistrationNeedsMember() {
    WebSession anonymous = visitor();
    anonymous.get("/");
    assertThat(anonymous.post("/webauthn/register/options", Map.of()).status()).isIn(302, 400, 401, 403);
    assertThat(anonymous.post("/webauthn/register", Map.of()).status()).isIn(302, 400, 401, 403);
    assertThat(jdbc.sql("SELECT count(*) FROM user_credentials").query(Long.class).single()).isZero();
  }

  private static String outcome(WebSession.Page page) {
    if (page.status() == 403 && page.body().contains("Your role does not allow this")) {
      return "forbidden";
    }
    if (page.status() == 401 && !page.body().contains("Signing in did not work")) {
      return "sign-in";
    }
    if (page.status() == 302 && page.location().endsWith("/login")) {
      return "sign-in";
    }
    return "allowed";
  }

  private static String concrete(String pattern) {
    return pattern
        .replace("{token}", "a".repeat(43))
        .replace("{id}", "no-such-id")
        .replace("{comment}", "no-such-comment")
        .replace("{contest}", "no-such-contest")
        .replace("{name}", "no-such-provider")
        .replace("{amendment}", "no-such-amendment")
        .replace("{slug}", "no-such-group")
        .replace("{handle}", "org")
        .replace("{host}", "no-such-host.example");
  }

  private static String readMetricsToken() {
    try {
      return Files.readString(Path.of(DATA_DIR, "keys", "metrics.token")).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
