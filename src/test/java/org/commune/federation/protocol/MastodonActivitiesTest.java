package org.commune.federation.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The inbox's strict reading ({@link ActivityCheck}) of what Mastodon sends, from the recorded documents in
 * src/test/resources/federation/mastodon (their sources in PROVENANCE.md): each activity Commune acts on
 * passes as its type, Move is acknowledged and ignored, and the documentation's id-less example is refused.
 */
class MastodonActivitiesTest {

  /** The Commune actor the fixtures address. */
  private static final String ORG = "https://commune.example/actors/org";
  private static final String FOO = "https://ap.example.com/users/foo";

  @ParameterizedTest
  @CsvSource({
      "follow.json, Follow, " + ORG,
      "accept.json, Accept, https://commune.example/activities/0b6a3f1e-7c2d-4e55-9a51-2f0c8d7e4b10",
      "undo-follow.json, Undo, " + FOO + "#follows/3716",
      "create-note.json, Create, " + FOO + "/statuses/109348750213458935",
      "delete.json, Delete, " + FOO + "/statuses/109348750213458935"})
  void whatMastodonSendsPassesTheInboxChecks(String file, String type, String object) throws Exception {
    ActivityCheck.Activity activity = ActivityCheck.check(ActivityCheck.parse(read(file)), ORG);

    assertThat(activity.type()).isEqualTo(type);
    assertThat(activity.actor()).isEqualTo(FOO);
    assertThat(activity.supported()).isTrue();
    assertThat(activity.object()).isEqualTo(object);
  }

  @Test
  void mastodonsNoteBecomesAnAllyPostWithItsContent() throws Exception {
    ActivityCheck.Activity create = ActivityCheck.check(ActivityCheck.parse(read("create-note.json")), ORG);

    AllyPost post = AllyPosts.read(create.root().get("object"), create.actor());

    assertThat(post.objectId()).isEqualTo(FOO + "/statuses/109348750213458935");
    assertThat(post.content()).contains("Solidarity with the strike at the port");
  }

  @Test
  void aMoveIsAcknowledgedAndIgnoredUntilCommuneActsOnMoves() throws Exception {
    ActivityCheck.Activity move = ActivityCheck.check(ActivityCheck.parse(read("move.json")), ORG);

    assertThat(move.type()).isEqualTo("Move");
    assertThat(move.supported()).isFalse();
  }

  @Test
  void theDocumentationsMinimalCreateHasNoIdAndIsRefused() {
    assertThatThrownBy(() -> ActivityCheck.check(ActivityCheck.parse(read("create-note-minimal.json")), ORG))
        .isInstanceOfSatisfying(InboxRefused.class, refused -> assertThat(refused.code()).isEqualTo("bad-id"));
  }

  @Test
  void aMastodonFollowOfSomeoneElseIsNotOurs() throws Exception {
    byte[] follow = new String(read("follow.json"), StandardCharsets.UTF_8)
        .replace(ORG, "https://commune.example/actors/someone-else").getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> ActivityCheck.check(ActivityCheck.parse(follow), ORG))
        .isInstanceOfSatisfying(InboxRefused.class, refused -> assertThat(refused.code()).isEqualTo("not-our-actor"));
  }

  private static byte[] read(String file) throws IOException {
    try (InputStream in = MastodonActivitiesTest.class.getResourceAsStream("/federation/mastodon/" + file)) {
      assertThat(in).as(file).isNotNull();
      return in.readAllBytes();
    }
  }
}
