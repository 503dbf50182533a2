package org.commune.federation.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.commune.federation.FederationUrls;
import org.commune.federation.http.ActorKeys;
import org.commune.web.Json;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** How another server (and a person) finds the organisation: WebFinger, host-meta, NodeInfo, the actor. */
class DiscoveryIT extends FederatedCommune {

  static final String HOST = "localhost:" + PORT;

  @Autowired ActorKeys keys;

  private final HttpClient http = HttpClient.newHttpClient();

  HttpResponse<String> get(String url, String accept) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.startsWith("http") ? url : BASE + url)).GET();
    if (accept != null) {
      request.header("Accept", accept);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Mastodon's round trip: acct → JRD → actor, whose preferredUsername and host give the same acct back. */
  @Test
  void webfingerRoundTrip() throws Exception {
    String acct = "acct:org@" + HOST;
    HttpResponse<String> jrd = get("/.well-known/webfinger?resource=" + URLEncoder.encode(acct, StandardCharsets.UTF_8), null);
    assertThat(jrd.statusCode()).isEqualTo(200);
    assertThat(jrd.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/jrd+json");
    assertThat(jrd.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
    JsonNode doc = Json.MAPPER.readTree(jrd.body());
    assertThat(doc.path("subject").asString()).isEqualTo(acct);
    String self = null;
    for (JsonNode link : doc.path("links")) {
      if (link.path("rel").asString().equals("self")) {
        assertThat(link.path("type").asString()).isEqualTo("application/activity+json");
        self = link.path("href").asString();
      }
    }
    assertThat(self).isEqualTo(BASE + "/actors/org");
    JsonNode actor = Json.MAPPER.readTree(get(self, FederationUrls.ACTIVITY_JSON).body());
    String back = "acct:" + actor.path("preferredUsername").asString() + "@" + URI.create(actor.path("id").asString()).getAuthority();
    assertThat(back).isEqualTo(acct);

    // The actor's URL as the resource, the handle in capitals: the same answer.
    assertThat(get("/.well-known/webfinger?resource=" + URLEncoder.encode(self, StandardCharsets.UTF_8), null).statusCode())
        .isEqualTo(200);
    assertThat(get("/.well-known/webfinger?resource=acct:ORG@" + HOST.toUpperCase(), null).statusCode()).isEqualTo(200);
    // Anyone else, another host, nothing: not found or a bad request, never a 500.
    assertThat(get("/.well-known/webfinger?resource=acct:steward@" + HOST, null).statusCode()).isEqualTo(404);
    assertThat(get("/.well-known/webfinger?resource=acct:org@elsewhere.example", null).statusCode()).isEqualTo(404);
    assertThat(get("/.well-known/webfinger?resource=%00%ff", null).statusCode()).isBetween(400, 404);
    assertThat(get("/.well-known/webfinger", null).statusCode()).isEqualTo(400);
  }

  /** A move to a new domain (made by the survival part) shows in the actor document and on its page. */
  @Test
  void aMoveIsPublished() throws Exception {
    String target = "https://new.example/actors/org";
    jdbc.sql("UPDATE federation_actor SET moved_to = ?, also_known_as = ARRAY['https://old.example/actors/org']")
        .param(1, target).update();
    try {
      JsonNode actor = Json.MAPPER.readTree(get("/actors/org", FederationUrls.ACTIVITY_JSON).body());
      assertThat(actor.path("movedTo").asString()).isEqualTo(target);
      assertThat(actor.path("alsoKnownAs").path(0).asString()).isEqualTo("https://old.example/actors/org");
      assertThat(get("/federation", null).body()).contains(target);
    } finally {
      jdbc.sql("UPDATE federation_actor SET moved_to = NULL, also_known_as = '{}'").update();
    }
    assertThat(Json.MAPPER.readTree(get("/actors/org", FederationUrls.ACTIVITY_JSON).body()).has("movedTo")).isFalse();
  }

  @Test
  void hostMetaAndNodeinfo() throws Exception {
    HttpResponse<String> hostMeta = get("/.well-known/host-meta", null);
    assertThat(hostMeta.statusCode()).isEqualTo(200);
    assertThat(hostMeta.body()).contains("template=\"" + BASE + "/.well-known/webfinger?resource={uri}\"");

    JsonNode links = Json.MAPPER.readTree(get("/.well-known/nodeinfo", null).body());
    String href = links.path("links").path(0).path("href").asString();
    assertThat(links.path("links").path(0).path("rel").asString()).isEqualTo("http://nodeinfo.diaspora.software/ns/schema/2.1");
    HttpResponse<String> info = get(href, null);
    assertThat(info.statusCode()).isEqualTo(200);
    JsonNode nodeinfo = Json.MAPPER.readTree(info.body());
    assertThat(nodeinfo.path("version").asString()).isEqualTo("2.1");
    assertThat(nodeinfo.path("software").path("name").asString()).isEqualTo("commune");
    assertThat(nodeinfo.path("software").path("version").asString()).isNotBlank();
    assertThat(nodeinfo.path("protocols").path(0).asString()).isEqualTo("activitypub");
    assertThat(nodeinfo.path("openRegistrations").asBoolean(true)).isFalse();
    assertThat(nodeinfo.path("usage").path("users").path("total").asLong()).isEqualTo(
        count("SELECT count(*) FROM member"));
    assertThat(nodeinfo.path("usage").path("localPosts").isNumber()).isTrue();
    assertThat(nodeinfo.path("metadata").path("nodeName").asString()).isEqualTo("Test Union");
    assertThat(info.body()).doesNotContain("steward");
  }

  /** One URL: JSON-LD for servers (both media types), a profile page for browsers. */
  @Test
  void contentNegotiation() throws Exception {
    for (String accept : new String[] {FederationUrls.ACTIVITY_JSON, FederationUrls.LD_JSON,
        "application/activity+json, application/ld+json"}) {
      HttpResponse<String> response = get("/actors/org", accept);
      assertThat(response.statusCode()).as(accept).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/activity+json");
      JsonNode actor = Json.MAPPER.readTree(response.body());
      assertThat(actor.path("type").asString()).isEqualTo("Organization");
      assertThat(actor.path("id").asString()).isEqualTo(BASE + "/actors/org");
      assertThat(actor.path("preferredUsername").asString()).isEqualTo("org");
      assertThat(actor.path("name").asString()).isEqualTo("Test Union");
      assertThat(actor.path("inbox").asString()).isEqualTo(BASE + "/actors/org/inbox");
      assertThat(actor.path("outbox").asString()).isEqualTo(BASE + "/actors/org/outbox");
      assertThat(actor.path("endpoints").path("sharedInbox").asString()).isEqualTo(BASE + "/inbox");
      assertThat(actor.path("publicKey").path("id").asString()).isEqualTo(BASE + "/actors/org#main-key");
      assertThat(actor.path("publicKey").path("owner").asString()).isEqualTo(BASE + "/actors/org");
      assertThat(ActorKeys.parsePem(actor.path("publicKey").path("publicKeyPem").asString())).isEqualTo(keys.publicKey());
      assertThat(actor.path("manuallyApprovesFollowers").isBoolean()).isTrue();
      assertThat(actor.path("alsoKnownAs").isArray()).isTrue();
      assertThat(actor.path("@context").path(0).asString()).isEqualTo("https://www.w3.org/ns/activitystreams");
      assertThat(actor.path("@context").path(1).asString()).isEqualTo("https://w3id.org/security/v1");
      assertThat(response.body()).doesNotContain("steward");
    }
    HttpResponse<String> page = get("/actors/org", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
    assertThat(page.body()).contains("@org@" + HOST).contains("/federation/blocked").contains("/federation/allies");
    assertThat(get("/federation", null).body()).contains("@org@" + HOST);

    for (String collection : new String[] {"followers", "following"}) {
      JsonNode json = Json.MAPPER.readTree(get("/actors/org/" + collection, FederationUrls.ACTIVITY_JSON).body());
      assertThat(json.path("type").asString()).isEqualTo("OrderedCollection");
      assertThat(json.path("totalItems").isNumber()).isTrue();
      assertThat(json.has("orderedItems")).as("who follows is not published").isFalse();
    }
    assertThat(get("/actors/nobody", FederationUrls.ACTIVITY_JSON).statusCode()).isEqualTo(404);
    assertThat(get("/actors/nobody", null).statusCode()).isEqualTo(404);
  }
}
