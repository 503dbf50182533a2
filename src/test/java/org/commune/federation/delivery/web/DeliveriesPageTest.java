package org.commune.federation.delivery.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.commune.federation.delivery.DeliveryRepository.ActivityCounts;
import org.junit.jupiter.api.Test;

/** What the stewards' deliveries page says each activity concerns, read from its type and object. */
class DeliveriesPageTest {

  private static final String BASE = "https://union.example";

  private static DeliveriesPage.Sent sent(String type, String objectId, String name) {
    return DeliveriesPage.Sent.of(new ActivityCounts(UUID.randomUUID(), type, Instant.EPOCH, 1, 0, 0, objectId, name,
        null), BASE);
  }

  @Test
  void ourArticlesAndAnnouncementsAreNamedAndLinked() {
    UUID id = UUID.randomUUID();
    DeliveriesPage.Sent article = sent("Create", BASE + "/articles/" + id, "Strike ballot");
    assertThat(article.typeKey()).isEqualTo("federation.deliveries.type.Create");
    assertThat(article.aboutKey()).isEqualTo("federation.deliveries.about.article");
    assertThat(article.link()).isEqualTo("/articles/" + id);
    assertThat(article.title()).isEqualTo("Strike ballot");
    DeliveriesPage.Sent announcement = sent("Delete", BASE + "/announcements/" + id, null);
    assertThat(announcement.aboutKey()).isEqualTo("federation.deliveries.about.announcement");
    assertThat(announcement.link()).isEqualTo("/announcements/" + id);
    assertThat(sent("Create", BASE + "/notes/" + id, null).aboutKey()).isEqualTo("federation.deliveries.about.vote");
  }

  @Test
  void repliesAndOthersAreSaidWithoutLinkingElsewhere() {
    DeliveriesPage.Sent reply = sent("Accept", "https://elsewhere.example/follows/1", null);
    assertThat(reply.aboutKey()).isEqualTo("federation.deliveries.about.follow-reply");
    assertThat(reply.link()).isNull();
    // Another server's address that looks like one of our paths is not ours, and is not linked.
    DeliveriesPage.Sent foreign = sent("Create", "https://evil.example/articles/" + UUID.randomUUID(), "<b>x</b>");
    assertThat(foreign.aboutKey()).isEqualTo("federation.deliveries.about.other");
    assertThat(foreign.link()).isNull();
    assertThat(foreign.title()).isNull();
    assertThat(sent("Flag", null, null).typeKey()).isEqualTo("federation.deliveries.type.other");
    assertThat(sent("Follow", "https://elsewhere.example/users/a", null).aboutKey())
        .isEqualTo("federation.deliveries.about.follow");
  }
}
