package org.commune.federation.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * What Mastodon sends (src/test/resources/federation/mastodon, see its PROVENANCE.md) passes the inbox's
 * strict checks as it is: strictness that refused real servers would be no federation at all.
 */
class MastodonShapesTest {

  static final String ORG = "https://commune.example/actors/org";
  static final String FOO = "https://ap.example.com/users/foo";

  static byte[] fixture(String name) throws IOException {
    try (InputStream in = MastodonShapesTest.class.getResourceAsStream("/federation/mastodon/" + name)) {
      return in.readAllBytes();
    }
  }

  static ActivityCheck.Activity check(String name) throws Exception {
    return ActivityCheck.check(ActivityCheck.parse(fixture(name)), ORG);
  }

  @Test
  void followAcceptUndoAndDeletePass() throws Exception {
    ActivityCheck.Activity follow = check("follow.json");
    assertThat(follow.supported()).isTrue();
    assertThat(follow.actor()).isEqualTo(FOO);
    ActivityCheck.Activity accept = check("accept.json");
    assertThat(accept.object()).isEqualTo("https://commune.example/activities/0b6a3f1e-7c2d-4e55-9a51-2f0c8d7e4b10");
    assertThat(check("undo-follow.json").object()).isEqualTo(FOO + "#follows/3716");
    assertThat(check("delete.json").object()).isEqualTo(FOO + "/statuses/109348750213458935");
  }

  @Test
  void aMastodonNoteIsKeptWithItsTextAndLink() throws Exception {
    ActivityCheck.Activity create = check("create-note.json");
    assertThat(create.supported()).isTrue();
    AllyPost post = AllyPosts.read(create.root().get("object"), FOO, Instant.now());
    assertThat(post.type()).isEqualTo("Note");
    assertThat(post.url()).isEqualTo("https://ap.example.com/@foo/109348750213458935");
    assertThat(post.content()).contains("Solidarity with the strike at the port.")
        .contains("href=\"https://commune.example/articles/5f1c2d3e-8a9b-4c7d-9e0f-1a2b3c4d5e6f\"");
    assertThat(post.contentMap()).containsKey("en");
    assertThat(post.published()).hasToString("2022-11-14T12:30:05Z");
  }

  /** A Move is the survival part's business: acknowledged and not acted on here; an activity without an id is refused. */
  @Test
  void moveIsIgnoredAndAnIdIsRequired() throws Exception {
    assertThat(check("move.json").supported()).isFalse();
    try {
      check("create-note-minimal.json");
      throw new AssertionError("an activity without an id passed");
    } catch (InboxRefused refused) {
      assertThat(refused.code()).isEqualTo("bad-id");
    }
  }

  @Test
  void theSameNoteFromAnotherHostIsRefused() throws Exception {
    ObjectNode create = (ObjectNode) ActivityCheck.parse(fixture("create-note.json"));
    ((ObjectNode) create.get("object")).put("id", "https://elsewhere.example/statuses/1");
    try {
      ActivityCheck.check(create, ORG);
      throw new AssertionError("a Note on another host passed");
    } catch (InboxRefused refused) {
      assertThat(refused.code()).isEqualTo("object-origin");
    }
  }
}
