package org.commune.federation.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.commune.federation.FederationUrls;
import org.commune.federation.http.InboundRequest;
import org.commune.web.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/** The inbox's field-by-field checks, the origin rules and the blocked-domain match, without a server. */
class ProtocolChecksTest {

  static final String ORG = "https://commune.example/actors/org";
  static final String ALICE = "https://social.example/users/alice";

  static ActivityCheck.Activity check(String json) throws InboxRefused {
    return ActivityCheck.check(ActivityCheck.parse(json.getBytes(StandardCharsets.UTF_8)), ORG);
  }

  static String refusal(String json) {
    try {
      check(json);
      return "accepted";
    } catch (InboxRefused refused) {
      return refused.status() + " " + refused.code();
    }
  }

  @Test
  void aPlainFollowPasses() throws InboxRefused {
    ActivityCheck.Activity follow = check("""
        {"@context":["https://www.w3.org/ns/activitystreams",{"toot":"http://joinmastodon.org/ns#",
          "movedTo":{"@id":"as:movedTo","@type":"@id"}}],
         "id":"https://social.example/1","type":"Follow","actor":"%s","object":"%s"}""".formatted(ALICE, ORG));
    assertThat(follow.supported()).isTrue();
    assertThat(follow.actor()).isEqualTo(ALICE);
  }

  @Test
  void fieldsMustBeWhatTheySay() {
    String base = "\"id\":\"https://social.example/1\",\"actor\":\"%s\",\"object\":\"%s\"".formatted(ALICE, ORG);
    assertThat(refusal("{\"type\":[\"Follow\"]," + base + "}")).isEqualTo("400 bad-type");
    assertThat(refusal("{\"type\":{\"@id\":\"Follow\"}," + base + "}")).isEqualTo("400 bad-type");
    assertThat(refusal("{\"type\":\"Follow\",\"id\":\"https://social.example/1\",\"actor\":{\"id\":\"" + ALICE
        + "\"},\"object\":\"" + ORG + "\"}")).isEqualTo("400 bad-actor");
    assertThat(refusal("{\"type\":\"Follow\",\"id\":\"https://other.example/1\",\"actor\":\"" + ALICE + "\",\"object\":\""
        + ORG + "\"}")).isEqualTo("400 id-origin");
    assertThat(refusal("{\"type\":\"Follow\",\"id\":\"https://social.example:8443/1\",\"actor\":\"" + ALICE
        + "\",\"object\":\"" + ORG + "\"}")).as("another port is another origin").isEqualTo("400 id-origin");
    assertThat(refusal("{\"type\":\"Follow\",\"type\":\"Like\"," + base + "}")).isEqualTo("400 not-json");
    assertThat(refusal("[]")).isEqualTo("400 not-an-object");
    assertThat(refusal("{\"type\":\"Follow\"," + base.replace(ORG, "https://commune.example/actors/x") + "}"))
        .isEqualTo("400 not-our-actor");
  }

  @Test
  void embeddedIdsMustBeOnTheActorsOrigin() {
    String create = """
        {"id":"https://social.example/2","type":"Create","actor":"%s","object":{"id":"%s","type":"Note",
         "attributedTo":"%s","content":"hi","tag":[{"type":"Mention","id":"https://evil.example/x"}]}}""";
    assertThat(refusal(create.formatted(ALICE, "https://social.example/n", ALICE))).isEqualTo("400 object-origin");
    assertThat(refusal(create.formatted(ALICE, "https://social.example/n", ALICE).replace("https://evil.example/x",
        "https://social.example/x"))).isEqualTo("accepted");
    assertThat(refusal(create.formatted(ALICE, "https://social.example/n", "https://social.example/users/bob")
        .replace("https://evil.example/x", "https://social.example/x"))).isEqualTo("400 bad-attributed-to");
    // An Accept names Commune's own Follow: that one id may be on Commune's host.
    assertThat(refusal("""
        {"id":"https://social.example/3","type":"Accept","actor":"%s","object":{"id":"https://commune.example/activities/1",
         "type":"Follow","actor":"%s","object":"%s"}}""".formatted(ALICE, ORG, ALICE))).isEqualTo("accepted");
  }

  @Test
  void allyPostsAreSanitized() throws InboxRefused {
    String safe = AllyPosts.safe("<p onclick=\"x()\">Hi <script>alert(1)</script><img src=\"https://t.example/p\">"
        + "<a href=\"https://example.org\">link</a><a href=\"javascript:alert(1)\">bad</a><iframe src=\"https://x\"></iframe></p>");
    assertThat(safe).contains("Hi").contains("href=\"https://example.org\"").contains("rel=\"nofollow noopener noreferrer\"")
        .doesNotContain("script").doesNotContain("img").doesNotContain("onclick").doesNotContain("javascript")
        .doesNotContain("iframe");
    assertThatThrownBy(() -> AllyPosts.safe("x".repeat(AllyPosts.MAX_CONTENT * 5))).isInstanceOf(InboxRefused.class);
  }

  @Test
  void blockedDomainsCoverTheirSubdomains() {
    Set<String> blocked = Set.of("spam.example", "127.0.0.3");
    assertThat(BlockedDomains.covers(blocked, "spam.example")).isTrue();
    assertThat(BlockedDomains.covers(blocked, "a.b.SPAM.example")).isTrue();
    assertThat(BlockedDomains.covers(blocked, "spam.example:8443")).isTrue();
    assertThat(BlockedDomains.covers(blocked, "spam.example.")).isTrue();
    assertThat(BlockedDomains.covers(blocked, "127.0.0.3")).isTrue();
    assertThat(BlockedDomains.covers(blocked, "notspam.example")).isFalse();
    assertThat(BlockedDomains.covers(blocked, "spam.example.org")).isFalse();
    assertThat(BlockedDomains.covers(blocked, "127.0.0.30")).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Spam.Example", "https://spam.example/about", "spam.example:443", "  spam.example.  "})
  void domainsAreNormalised(String typed) {
    assertThat(Hosts.domain(typed)).contains("spam.example");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "not a domain", "spam..example", "-spam.example", "spam_example", "http://"})
  void whatIsNoDomainIsRefused(String typed) {
    assertThat(Hosts.domain(typed)).as(typed).isEmpty();
  }

  @Test
  void internationalisedDomainsAreStoredAsAscii() {
    assertThat(Hosts.domain("مثال.example")).hasValueSatisfying(d -> assertThat(d).startsWith("xn--"));
  }

  @Test
  void originsCompareHostAndPort() {
    assertThat(Hosts.sameOrigin("https://A.example/x", "https://a.example:443/y")).isTrue();
    assertThat(Hosts.sameOrigin("http://a.example/x", "https://a.example/y")).isFalse();
    assertThat(Hosts.sameOrigin("https://a.example/x", "https://a.example.evil/y")).isFalse();
    assertThat(Hosts.sameOrigin("https://user@a.example/x", "https://a.example/y")).isFalse();
    assertThat(Hosts.sameOrigin("javascript:alert(1)", "javascript:alert(1)")).isFalse();
  }

  static String post(String objectAddressing, String activityAddressing) {
    return """
        {"id":"https://social.example/p","type":"Create","actor":"%s"%s,"object":{"id":"https://social.example/n",
         "type":"Note","attributedTo":"%s","content":"hi"%s}}""".formatted(ALICE, activityAddressing, ALICE,
        objectAddressing);
  }

  /** Finding 2: only posts addressed to Public are kept; followers-only posts and direct messages are not. */
  @Test
  void onlyPublicPostsAreKept() throws InboxRefused {
    for (String to : List.of(",\"to\":\"" + FederationUrls.PUBLIC + "\"", ",\"to\":[\"as:Public\"]",
        ",\"to\":[\"https://social.example/users/alice/followers\"],\"cc\":[\"Public\"]")) {
      assertThat(check(post(to, "")).supported()).as(to).isTrue();
    }
    assertThat(check(post("", ",\"to\":[\"" + FederationUrls.PUBLIC + "\"]")).supported())
        .as("without its own addressing, the object is as public as the activity").isTrue();
    for (String closed : List.of(",\"to\":[\"https://social.example/users/alice/followers\"]",
        ",\"to\":[\"" + ORG + "\"],\"cc\":[]",
        ",\"to\":[\"https://www.w3.org/ns/activitystreams#public\"]")) {
      assertThat(check(post(closed, ",\"to\":[\"" + FederationUrls.PUBLIC + "\"]")).supported()).as(closed).isFalse();
    }
    assertThat(check(post("", "")).supported()).as("addressed to nobody").isFalse();
  }

  /** Finding 3: an Undo of a Follow of someone else (or of nobody) cannot end the follow of our actor. */
  @Test
  void anUndoneFollowMustBeOfOurActor() {
    String undo = """
        {"id":"https://social.example/u","type":"Undo","actor":"%s","object":{"id":"https://social.example/f",
         "type":"Follow","actor":"%s"%s}}""";
    assertThat(refusal(undo.formatted(ALICE, ALICE, ",\"object\":\"" + ORG + "\""))).isEqualTo("accepted");
    assertThat(refusal(undo.formatted(ALICE, ALICE, ",\"object\":\"https://social.example/users/bob\"")))
        .isEqualTo("400 not-our-actor");
    assertThat(refusal(undo.formatted(ALICE, ALICE, ""))).isEqualTo("400 not-our-actor");
  }

  /** Finding 10: a post's date is bounded, so a year 9999 cannot pin it on top nor a year past 9999 break storing. */
  @Test
  void publishedDatesAreBounded() throws InboxRefused {
    Instant received = Instant.parse("2026-11-28T12:00:00Z");
    JsonNode far = Json.MAPPER.readTree("{\"published\":\"9999-12-31T00:00:00Z\"}");
    assertThat(AllyPosts.published(far, received)).isEqualTo(received.plus(Duration.ofDays(1)));
    JsonNode huge = Json.MAPPER.readTree("{\"published\":\"+1000000-01-01T00:00:00Z\"}");
    assertThat(AllyPosts.published(huge, received)).isEqualTo(received.plus(Duration.ofDays(1)));
    JsonNode old = Json.MAPPER.readTree("{\"published\":\"0001-01-01T00:00:00Z\"}");
    assertThat(AllyPosts.published(old, received)).isEqualTo(AllyPosts.EARLIEST);
    JsonNode fine = Json.MAPPER.readTree("{\"published\":\"2026-11-27T08:00:00Z\"}");
    assertThat(AllyPosts.published(fine, received)).isEqualTo(Instant.parse("2026-11-27T08:00:00Z"));
    assertThat(AllyPosts.published(Json.MAPPER.readTree("{}"), received)).isEqualTo(received);
    assertThatThrownBy(() -> AllyPosts.published(Json.MAPPER.readTree("{\"published\":\"soon\"}"), received))
        .isInstanceOf(InboxRefused.class);
  }

  /** Finding 6: the signer's host is read from the key id the verifier uses, not from a decoy member. */
  @Test
  void theSignerHostIsTheVerifiedKeyIdsHost() {
    InboundRequest rfc9421 = new InboundRequest("POST", "/inbox", Map.of(
        "Signature-Input", List.of("sig1=(\"@method\");keyid=\"https://real.example/actor#main-key\""),
        "Signature", List.of("sig1=:AAAA:"),
        "Authorization", List.of("Signature keyId=\"https://decoy.example/k\",signature=\"AAAA\"")),
        new byte[0]);
    assertThat(Inbox.signerHost(rfc9421)).contains("real.example");
    InboundRequest cavage = new InboundRequest("POST", "/inbox", Map.of("Signature", List.of(
        "keyId=\"https://social.example/users/alice#main-key\",headers=\"(request-target) host date\",signature=\"AAAA\"")),
        new byte[0]);
    assertThat(Inbox.signerHost(cavage)).contains("social.example");
    InboundRequest garbage = new InboundRequest("POST", "/inbox", Map.of("Signature", List.of(
        "x keyId=\"https://social.example/k\"")), new byte[0]);
    assertThat(Inbox.signerHost(garbage)).isEmpty();
  }
}
