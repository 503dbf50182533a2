package org.commune.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.commune.testing.FedifyPeer.Forged;
import org.commune.testing.FedifyPeer.Forgery;
import org.commune.testing.FedifyPeer.Posted;
import org.commune.testing.FedifyPeer.Received;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The harness works without Commune: two real Fedify servers follow each other, exchange a Note, refuse
 * forged deliveries, and follow a Move the way Mastodon does. If these fail, a failing Commune federation
 * test says nothing about Commune.
 */
class FedifyPeerIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  private static FedifyPeer north;
  private static FedifyPeer south;

  @BeforeAll
  static void start() {
    north = FedifyPeer.start();
    south = FedifyPeer.start("alice", "bob", "carol");
  }

  @AfterAll
  static void stop() {
    if (north != null) {
      north.close();
    }
    if (south != null) {
      south.close();
    }
  }

  @Test
  void looksUpAnActorByUrlWithItsKey() {
    JsonNode actor = north.lookup(south.actor());

    assertThat(actor).isNotNull();
    assertThat(actor.get("id").asString()).isEqualTo(south.actor());
    assertThat(actor.get("type").asString()).isEqualTo("Person");
    assertThat(actor.toString()).contains("-----BEGIN PUBLIC KEY-----");
    assertThat(north.lookup(south.origin() + "/users/nobody")).isNull();
  }

  @Test
  void followEachOtherAndExchangeANote() {
    north.follow(south.actor());
    south.follow(north.actor());
    awaitUntil(() -> "accepted".equals(north.followState(south.actor()))
        && "accepted".equals(south.followState(north.actor())));
    assertThat(south.followers()).extracting(FedifyPeer.Follower::id).contains(north.actor());

    Posted posted = south.post("<p>Solidarity from the south</p>");

    Received create = awaitReceived(north, posted.id());
    assertThat(create.type()).isEqualTo("Create");
    assertThat(create.actor()).isEqualTo(south.actor());
    assertThat(create.object()).isEqualTo(posted.object());
    assertThat(create.activity().toString()).contains("Solidarity from the south");
    // The Note is served at its id, so a receiver can fetch it back from its origin.
    JsonNode note = north.lookup(posted.object());
    assertThat(note).isNotNull();
    assertThat(note.get("type").asString()).isEqualTo("Note");
  }

  @Test
  void forgedDeliveriesAreRefusedAndNeverReachTheInboxHandlers() {
    Forged valid = south.forge(north.sharedInbox(), Forgery.VALID);
    assertThat(valid.status()).as("the unspoiled control delivery").isBetween(200, 299);
    awaitReceived(north, valid.id());

    List<Forged> forged = List.of(Forgery.WRONG_KEY, Forgery.OTHER_ACTOR, Forgery.TAMPERED_BODY,
        Forgery.STALE_DATE, Forgery.UNSIGNED).stream()
        .map(kind -> south.forge(north.inbox("alice"), kind))
        .toList();

    assertThat(forged).allSatisfy(f -> assertThat(f.status()).as(f.kind().name()).isEqualTo(401));
    // A later valid delivery arrives; none of the forged ones came before it (the inbox queue is FIFO).
    Forged after = south.forge(north.sharedInbox(), Forgery.VALID);
    awaitReceived(north, after.id());
    List<String> ids = north.received().stream().map(Received::id).toList();
    assertThat(ids).doesNotContainAnyElementsOf(forged.stream().map(Forged::id).toList());
  }

  @Test
  void aMoveIsFollowedOnlyWhenTheNewActorClaimsTheOldOne() {
    // north's bob follows south's alice; alice moves to south's bob, which does not (yet) claim her.
    north.follow("bob", south.actor("alice"));
    awaitUntil(() -> north.following("bob").stream()
        .anyMatch(f -> f.actor().equals(south.actor("alice")) && f.state().equals("accepted")));

    String refused = south.move("alice", south.actor("bob"));
    awaitUntil(() -> north.problems().stream().anyMatch(p -> p.get("move").asString().equals(refused)));
    assertThat(north.following("bob")).extracting(FedifyPeer.Following::actor)
        .doesNotContain(south.actor("bob"));

    south.alias("carol", south.actor("alice"));
    south.move("alice", south.actor("carol"));
    awaitUntil(() -> north.following("bob").stream()
        .anyMatch(f -> f.actor().equals(south.actor("carol")) && f.state().equals("accepted")));
    assertThat(north.following("bob")).filteredOn(f -> f.actor().equals(south.actor("alice")))
        .extracting(FedifyPeer.Following::state).containsExactly("moved");
    assertThat(south.followers("carol")).extracting(FedifyPeer.Follower::id).contains(north.actor("bob"));
  }

  private static Received awaitReceived(FedifyPeer peer, String activityId) {
    return Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200))
        .until(() -> peer.received().stream().filter(r -> activityId.equals(r.id())).findFirst().orElse(null),
            r -> r != null);
  }

  private static void awaitUntil(Supplier<Boolean> condition) {
    Awaitility.await().atMost(PATIENCE).pollInterval(Duration.ofMillis(200)).until(condition::get);
  }
}
