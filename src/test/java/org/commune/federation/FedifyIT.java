package org.commune.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.commune.Application;
import org.commune.members.Invitations;
import org.commune.members.MemberId;
import org.commune.members.Members;
import org.commune.members.Organisation;
import org.commune.members.Role;
import org.commune.members.SetupLink;
import org.commune.publishing.Articles;
import org.commune.testing.FedifyPeer;
import org.commune.testing.FedifyPeer.Forged;
import org.commune.testing.FedifyPeer.Forgery;
import org.commune.testing.FedifyPeer.Received;
import org.commune.testing.FreePort;
import org.commune.testing.TestOrganisation;
import org.commune.testing.WebSession;
import org.commune.web.RateLimits;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Commune with a real ActivityPub server (Fedify 1.5, see docs/federation-testing.md), both ways. Fedify
 * looks the organisation up by URL, follows it, and receives — and verifies, as it does every delivery —
 * the Article, its correction (Update) and its withdrawal (Delete). Stewards follow the Fedify actor,
 * Fedify accepts, and its posts are kept. Fedify's forged deliveries are refused and leave nothing stored.
 */
@SpringBootTest(classes = Application.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
class FedifyIT {

  private static final int PORT = FreePort.find();
  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private static FedifyPeer fedify;

  /**
   * An instance of its own, on the real clock: the shared test instances run a clock that tests move forward
   * (hours, for the delivery backoff), and Fedify, which checks Date headers against the real time, would
   * then rightly refuse everything Commune signs.
   */
  @DynamicPropertySource
  static void instance(DynamicPropertyRegistry registry) {
    registry.add("server.port", () -> PORT);
    registry.add("commune.public-url", () -> "http://localhost:" + PORT);
    registry.add("commune.data-dir", () -> "target/it-data/fedify-" + UUID.randomUUID());
    registry.add("spring.mail.host", () -> "127.0.0.1");
    registry.add("spring.mail.port", FreePort::find);
    registry.add("commune.rate-limit.attempts-per-minute", () -> 40);
    registry.add("commune.federation.allow-private-addresses", () -> true);
    registry.add("commune.federation.delivery.poll", () -> "PT0.2S");
  }

  @Autowired Organisation organisation;
  @Autowired SetupLink setupLink;
  @Autowired Members members;
  @Autowired Invitations invitations;
  @Autowired RateLimits rateLimits;
  @Autowired JdbcClient jdbc;
  @Autowired Articles articles;
  @Autowired FederationUrls urls;

  @BeforeEach
  void organisationIsSetUp() {
    rateLimits.reset();
    TestOrganisation.setUp(organisation, setupLink);
  }

  @BeforeAll
  static void startFedify() {
    fedify = FedifyPeer.start();
  }

  @AfterAll
  static void stopFedify() {
    if (fedify != null) {
      fedify.close();
    }
  }

  @Test
  void fedifyFollowsTheOrganisationAndVerifiesWhatItPublishes() {
    JsonNode actor = fedify.lookup(urls.actor());
    assertThat(actor).as("Fedify reads the organisation's actor").isNotNull();
    assertThat(actor.get("id").asString()).isEqualTo(urls.actor());
    assertThat(actor.get("type").asString()).isEqualTo("Organization");
    assertThat(actor.toString()).contains("-----BEGIN PUBLIC KEY-----");

    fedify.follow(urls.actor());
    eventually("Fedify's follow is accepted", () -> "accepted".equals(fedify.followState(urls.actor())));
    assertThat(count("SELECT count(*) FROM federation_follower WHERE actor = ?", fedify.actor())).isEqualTo(1);

    MemberId author = TestOrganisation.member(members, invitations, "fedify-author", Role.MODERATOR);
    UUID article = articles.publish(author, "en", "Solidarity reaches Fedify", "The strike *holds*.");
    String articleId = urls.article(article);

    Received create = awaitReceived("Create", articleId);
    assertThat(create.actor()).isEqualTo(urls.actor());
    assertThat(create.activity().toString()).contains("Solidarity reaches Fedify").doesNotContain("fedify-author");

    articles.correct(author, article, "en", "1", "Solidarity reaches Fedify, corrected", "The strike *holds* still.",
        "typo", "A typo.");
    Received update = awaitReceived("Update", articleId);
    assertThat(update.activity().toString()).contains("Solidarity reaches Fedify, corrected");

    articles.withdraw(author, article, "duplicate", "Published twice.");
    awaitReceived("Delete", articleId);

    fedify.unfollow(urls.actor());
    eventually("the Undo removes the follower",
        () -> count("SELECT count(*) FROM federation_follower WHERE actor = ?", fedify.actor()) == 0);
  }

  @Test
  void stewardsFollowTheFedifyActorAndItsPostsAreKept() {
    String ally = fedify.actor("bob");
    WebSession steward = TestOrganisation.signedIn(PORT, TestOrganisation.STEWARD);
    WebSession.Page followed = steward.submit("/admin/federation/following", "/admin/federation/following",
        Map.of("actor", ally));
    assertThat(followed.redirectsTo("/admin/federation/following")).as(followed.body()).isTrue();
    eventually("Fedify accepts the organisation's follow", () -> "accepted".equals(followingState(ally)));
    assertThat(fedify.followers("bob")).extracting(FedifyPeer.Follower::id).contains(urls.actor());

    FedifyPeer.Posted posted = fedify.post("bob", "<p>Picket at <strong>dawn</strong><script>alert(1)</script></p>");

    eventually("the post is kept", () -> count("SELECT count(*) FROM federation_ally_post WHERE object_id = ?",
        posted.object()) == 1);
    String content = jdbc.sql("SELECT content FROM federation_ally_post WHERE object_id = ?").param(1, posted.object())
        .query(String.class).single();
    assertThat(content).contains("<strong>dawn</strong>").doesNotContain("script");
  }

  @Test
  void fedifysForgedDeliveriesAreRefusedAndNothingIsStored() {
    Forged control = fedify.forge(urls.sharedInbox(), Forgery.VALID);
    assertThat(control.status()).as("the unspoiled control delivery: " + control.body()).isEqualTo(202);
    eventually("the control delivery is kept",
        () -> count("SELECT count(*) FROM federation_inbox WHERE activity_id = ?", control.id()) == 1);

    for (Forgery kind : List.of(Forgery.WRONG_KEY, Forgery.OTHER_ACTOR, Forgery.TAMPERED_BODY, Forgery.STALE_DATE,
        Forgery.UNSIGNED)) {
      for (String inbox : List.of(urls.sharedInbox(), urls.inbox())) {
        Forged forged = fedify.forge(inbox, kind);
        assertThat(forged.status()).as(kind + " to " + inbox + ": " + forged.body()).isEqualTo(401);
        assertThat(count("SELECT count(*) FROM federation_inbox WHERE activity_id = ?", forged.id()))
            .as(kind + " stored nothing").isZero();
      }
    }
  }

  private String followingState(String actor) {
    return jdbc.sql("SELECT state FROM federation_following WHERE actor = ?").param(1, actor).query(String.class)
        .optional().orElse("none");
  }

  private Received awaitReceived(String type, String objectId) {
    return Awaitility.await(type + " of " + objectId).atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
        .until(() -> fedify.received(type).stream().filter(r -> objectId.equals(r.object())).findFirst().orElse(null),
            r -> r != null);
  }

  private long count(String sql, Object parameter) {
    return jdbc.sql(sql).param(1, parameter).query(Long.class).single();
  }

  private static void eventually(String what, Supplier<Boolean> condition) {
    Awaitility.await(what).atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(condition::get);
  }
}
