package org.commune.federation.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.commune.federation.FederatingCommune;
import org.commune.federation.FederationUrls;
import org.commune.federation.LoopbackInbox;
import org.commune.federation.delivery.Deliveries;
import org.commune.federation.http.ActorKeys;
import org.commune.federation.protocol.FollowerRepository;
import org.commune.members.MemberId;
import org.commune.members.Role;
import org.commune.publishing.Articles;
import org.commune.testing.WebSession;
import org.commune.web.Json;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * What the organisation publishes, as servers and browsers read it: the same article address gives HTML to
 * a browser and ActivityStreams JSON to a server, 410 with a Tombstone once withdrawn; the outbox pages the
 * Creates that still stand; activities are dereferenceable when public; announcements from the form to
 * followers, and their withdrawal; the stewards' deliveries page.
 */
class OutwardIT extends FederatingCommune {

  static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

  @Autowired Articles articles;
  @Autowired FederationUrls urls;
  @Autowired Deliveries deliveries;
  @Autowired FollowerRepository followers;
  @Autowired ActorKeys keys;

  final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void clean() {
    noFollowersNorDeliveries();
  }

  HttpResponse<String> get(String path, String accept) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(BASE + path)).header("Accept", accept).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theArticleAddressAnswersBrowsersWithHtmlAndServersWithJson() throws Exception {
    MemberId author = member("neg-author", Role.MODERATOR);
    UUID article = articles.publish(author, "en", "Negotiated", "Body *text*.");
    for (String accept : List.of(BROWSER, "text/html", "*/*")) {
      HttpResponse<String> page = get("/articles/" + article, accept);
      assertThat(page.statusCode()).as(accept).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type").orElse("")).as(accept).startsWith("text/html");
      assertThat(page.body()).contains("data-article-body");
    }
    for (String accept : List.of(FederationUrls.ACTIVITY_JSON, FederationUrls.LD_JSON)) {
      HttpResponse<String> json = get("/articles/" + article, accept);
      assertThat(json.statusCode()).as(accept).isEqualTo(200);
      assertThat(json.headers().firstValue("Content-Type").orElse("")).startsWith(FederationUrls.ACTIVITY_JSON);
      JsonNode object = Json.MAPPER.readTree(json.body());
      assertThat(object.get("id").asString()).isEqualTo(urls.article(article));
      assertThat(object.get("type").asString()).isEqualTo("Article");
      assertThat(object.get("contentMap").get("en").asString()).contains("<em>text</em>");
      assertThat(json.body()).doesNotContain("neg-author");
    }
    assertThat(get("/articles/" + UUID.randomUUID(), FederationUrls.ACTIVITY_JSON).statusCode()).isEqualTo(404);
    assertThat(get("/articles/not-a-uuid", FederationUrls.ACTIVITY_JSON).statusCode()).isEqualTo(404);
    articles.withdraw(author, article, "duplicate", "Twice.");
    HttpResponse<String> gone = get("/articles/" + article, FederationUrls.ACTIVITY_JSON);
    assertThat(gone.statusCode()).isEqualTo(410);
    assertThat(Json.MAPPER.readTree(gone.body()).get("type").asString()).isEqualTo("Tombstone");
    HttpResponse<String> tombstonePage = get("/articles/" + article, BROWSER);
    assertThat(tombstonePage.statusCode()).isEqualTo(410);
    assertThat(tombstonePage.body()).contains("data-tombstone");
  }

  @Test
  void theOutboxPagesTheCreatesThatStillStandNewestFirst() throws Exception {
    MemberId author = member("outbox-author", Role.MODERATOR);
    List<UUID> published = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      published.add(articles.publish(author, "en", "Outbox " + i, "Text " + i));
      clock.advance(Duration.ofSeconds(1));
    }
    articles.withdraw(author, published.get(22), "duplicate", "Twice.");
    articles.correct(author, published.get(21), "en", "1", "Outbox 21 corrected", "Text 21 corrected", "typo", "Typo.");
    awaitActivity("Delete", urls.article(published.get(22)));
    awaitActivity("Update", urls.article(published.get(21)));
    String outbox = "/actors/org/outbox";
    JsonNode collection = Json.MAPPER.readTree(get(outbox, FederationUrls.ACTIVITY_JSON).body());
    assertThat(collection.get("type").asString()).isEqualTo("OrderedCollection");
    long total = collection.get("totalItems").asLong();
    long expected = jdbc.sql("SELECT count(*) FROM federation_activity c WHERE c.type = 'Create' AND c.public "
        + "AND NOT EXISTS (SELECT 1 FROM federation_activity d WHERE d.type = 'Delete' AND d.object_id = c.object_id)")
        .query(Long.class).single();
    assertThat(total).isEqualTo(expected).isGreaterThanOrEqualTo(22);
    JsonNode first = Json.MAPPER.readTree(get(collection.get("first").asString().replace(BASE, ""),
        FederationUrls.ACTIVITY_JSON).body());
    assertThat(first.get("type").asString()).isEqualTo("OrderedCollectionPage");
    List<String> objects = new ArrayList<>();
    first.get("orderedItems").forEach(item -> objects.add(item.get("object").get("id").asString()));
    assertThat(objects).hasSize(20).doesNotContain(urls.article(published.get(22)));
    assertThat(objects.get(0)).as("newest first").isEqualTo(urls.article(published.get(21)));
    assertThat(objects.get(1)).isEqualTo(urls.article(published.get(20)));
    assertThat(first.get("orderedItems").get(0).get("object").get("name").asString())
        .as("the newest version of the object").isEqualTo("Outbox 21 corrected");
    JsonNode second = Json.MAPPER.readTree(get(first.get("next").asString().replace(BASE, ""),
        FederationUrls.ACTIVITY_JSON).body());
    assertThat(second.get("orderedItems").get(0).get("object").get("id").asString())
        .isEqualTo(urls.article(published.get(1)));
    assertThat(get(outbox + "?page=0", FederationUrls.ACTIVITY_JSON).statusCode()).isEqualTo(400);
    assertThat(get(outbox + "?page=x", FederationUrls.ACTIVITY_JSON).statusCode()).isEqualTo(400);
    assertThat(get("/actors/someone-else/outbox", FederationUrls.ACTIVITY_JSON).statusCode()).isEqualTo(404);
  }

  @Test
  void publicActivitiesAreDereferenceableOthersAreNot() throws Exception {
    UUID open = UUID.randomUUID();
    deliveries.send(open, "{\"id\":\"" + urls.activity(open) + "\",\"type\":\"Create\",\"to\":[\""
        + FederationUrls.PUBLIC + "\"],\"object\":{\"id\":\"" + urls.note(open) + "\",\"type\":\"Note\"}}", List.of());
    UUID accept = UUID.randomUUID();
    deliveries.send(accept, "{\"id\":\"" + urls.activity(accept) + "\",\"type\":\"Accept\",\"to\":["
        + "\"https://elsewhere.example/users/someone\"],\"object\":\"https://elsewhere.example/follows/1\"}", List.of());
    HttpResponse<String> shown = get("/activities/" + open, FederationUrls.ACTIVITY_JSON);
    assertThat(shown.statusCode()).isEqualTo(200);
    assertThat(Json.MAPPER.readTree(shown.body()).get("id").asString()).isEqualTo(urls.activity(open));
    HttpResponse<String> hidden = get("/activities/" + accept, FederationUrls.ACTIVITY_JSON);
    assertThat(hidden.statusCode()).as("an Accept names a follower: not public").isEqualTo(404);
    assertThat(hidden.body()).doesNotContain("someone");
    assertThat(get("/activities/../etc", FederationUrls.ACTIVITY_JSON).statusCode()).isIn(400, 404);
    HttpResponse<String> note = get("/notes/" + open, FederationUrls.ACTIVITY_JSON);
    assertThat(note.statusCode()).isEqualTo(200);
    assertThat(Json.MAPPER.readTree(note.body()).get("type").asString()).isEqualTo("Note");
  }

  @Test
  void anAnnouncementGoesFromTheFormToFollowersAndItsWithdrawalToo() throws Exception {
    try (LoopbackInbox inbox = new LoopbackInbox("127.0.0.1", keys.publicKey(), urls.keyId(), clock)) {
      followers.put("https://elsewhere.example/users/r", inbox.inbox("/users/r").toString(), inbox.inbox("/inbox").toString(),
          "https://elsewhere.example/follows/r", "accepted", clock.instant());
      member("ann-moderator", Role.MODERATOR);
      member("ann-member", Role.MEMBER);
      WebSession moderator = signedIn("ann-moderator");
      moderator.get("/announcements/new");
      WebSession.Page tooLong = moderator.post("/announcements", Map.of("language", "en", "body", "x".repeat(501)));
      assertThat(tooLong.status()).isEqualTo(400);
      assertThat(tooLong.body()).contains("The text is longer than an announcement may be");
      WebSession.Page badLanguage = moderator.post("/announcements", Map.of("language", "fr", "body", "Bonjour"));
      assertThat(badLanguage.status()).isEqualTo(400);
      WebSession.Page posted = moderator.post("/announcements", Map.of("language", "ar", "body", "اجتماع عام يوم الجمعة"));
      assertThat(posted.status()).isEqualTo(302);
      String path = URI.create(posted.location()).getPath();
      UUID id = UUID.fromString(path.substring(path.lastIndexOf('/') + 1));
      assertThat(visitor().get("/announcements").body()).contains("اجتماع عام يوم الجمعة");
      assertThat(get(path, BROWSER).body()).contains("data-announcement-body");
      JsonNode note = Json.MAPPER.readTree(get(path, FederationUrls.ACTIVITY_JSON).body());
      assertThat(note.get("type").asString()).isEqualTo("Note");
      assertThat(note.get("contentMap").get("ar").asString()).contains("اجتماع عام");
      await(() -> !inbox.received(r -> r.activity().path("object").path("id").asString("").equals(urls.announcement(id))
          && r.activity().path("type").asString("").equals("Create")).isEmpty());
      assertThat(inbox.received().get(0).refused()).isNull();
      assertThat(inbox.received().get(0).body()).doesNotContain("ann-moderator");

      WebSession member = signedIn("ann-member");
      member.get("/announcements");
      assertThat(member.post("/announcements/" + id + "/withdraw", Map.of()).status()).isEqualTo(403);
      moderator.get(path);
      // Without the ticked confirmation (no JavaScript needed) nothing is withdrawn.
      WebSession.Page unconfirmed = moderator.post("/announcements/" + id + "/withdraw", Map.of());
      assertThat(unconfirmed.status()).isEqualTo(400);
      assertThat(unconfirmed.body()).contains("Nothing was withdrawn").contains("name=\"confirm\" value=\"yes\" required");
      assertThat(get(path, BROWSER).statusCode()).isEqualTo(200);
      assertThat(moderator.post("/announcements/" + id + "/withdraw", Map.of("confirm", "yes")).status()).isEqualTo(302);
      assertThat(get(path, BROWSER).statusCode()).isEqualTo(410);
      assertThat(get(path, BROWSER).body()).doesNotContain("اجتماع عام");
      HttpResponse<String> gone = get(path, FederationUrls.ACTIVITY_JSON);
      assertThat(gone.statusCode()).isEqualTo(410);
      assertThat(Json.MAPPER.readTree(gone.body()).get("type").asString()).isEqualTo("Tombstone");
      await(() -> !inbox.received(r -> r.activity().path("type").asString("").equals("Delete")).isEmpty());
      moderator.get(path);
      WebSession.Page again = moderator.post("/announcements/" + id + "/withdraw", Map.of("confirm", "yes"));
      assertThat(again.status()).isEqualTo(400);
      assertThat(again.body()).contains("This announcement was withdrawn already.");
      assertThat(jdbc.sql("SELECT count(*) FROM log_entry WHERE entry_type = 'announcement.published'")
          .query(Long.class).single()).isPositive();
    }
  }

  @Test
  void stewardsSeeDeliveriesAndRetryNow() throws Exception {
    UUID activity = UUID.randomUUID();
    followers.put("https://elsewhere.example/users/x", "http://127.0.0.1:9/inbox", null,
        "https://elsewhere.example/follows/x", "accepted", clock.instant());
    deliveries.sendToFollowers(activity, "{\"id\":\"" + urls.activity(activity) + "\",\"type\":\"Create\"}");
    await(() -> jdbc.sql("SELECT count(*) FROM federation_inbox_health WHERE consecutive_failures > 0")
        .query(Long.class).single() == 1);
    WebSession steward = signedIn(STEWARD);
    WebSession.Page page = steward.get("/admin/federation/deliveries");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("data-activity=\"" + activity + "\"").contains("http://127.0.0.1:9/inbox")
        .contains("Retry now");
    assertThat(signedIn(STEWARD).get("/admin/federation/deliveries", Map.of("Accept-Language", "ar")).status())
        .isEqualTo(200);
    WebSession.Page retried = steward.post("/admin/federation/deliveries/retry", Map.of("activity", activity.toString()));
    assertThat(retried.status()).isEqualTo(302);
    steward.get("/admin/federation/deliveries");
    WebSession.Page nothing = steward.post("/admin/federation/deliveries/retry", Map.of("activity", "nonsense"));
    assertThat(nothing.status()).isEqualTo(400);
    assertThat(nothing.body()).contains("There was nothing to try again there.");
    member("del-member", Role.MODERATOR);
    assertThat(signedIn("del-member").get("/admin/federation/deliveries").status()).isEqualTo(403);
  }

  void awaitActivity(String type, String object) {
    await(() -> jdbc.sql("SELECT count(*) FROM federation_activity WHERE type = :t AND object_id = :o")
        .param("t", type).param("o", object).query(Long.class).single() > 0);
  }

  static void await(BooleanSupplier condition) {
    Instant end = Instant.now().plusSeconds(15);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(end)) {
        throw new AssertionError("not within 15 seconds");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
