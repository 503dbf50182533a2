package org.commune.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.commune.members.MemberId;
import org.commune.members.Role;
import org.commune.publishing.Articles;
import org.commune.testing.FedifyPeer;
import org.commune.testing.FedifyPeer.Forged;
import org.commune.testing.FedifyPeer.Forgery;
import org.commune.testing.FedifyPeer.Received;
import org.commune.testing.WebSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Commune with a real ActivityPub server (Fedify 1.5, see docs/federation-testing.md), both ways. Fedify
 * looks the organisation up by URL, follows it, and receives — and verifies, as it does every delivery —
 * the Article, its correction (Update) and its withdrawal (Delete). Stewards follow the Fedify actor,
 * Fedify accepts, and its posts are kept. Fedify's forged deliveries are refused and leave nothing stored.
 */
class FedifyIT extends FederatingCommune {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private static FedifyPeer fedify;

  @Autowired Articles articles;
  @Autowired FederationUrls urls;

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

    MemberId author = member("fedify-author", Role.MODERATOR);
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
    WebSession steward = signedIn(STEWARD);
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
