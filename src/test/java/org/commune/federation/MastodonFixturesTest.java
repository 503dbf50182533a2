package org.commune.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.commune.web.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/**
 * The recorded Mastodon documents (src/test/resources/federation/mastodon, see its PROVENANCE.md) are what
 * the protocol tests will feed Commune, so they must stay well-formed, of the type their name says, and
 * consistent with the origin rule Commune enforces (an activity's id, its actor and any embedded object by
 * the same actor share one host) — a fixture that broke it would make a refusal test pass for the wrong reason.
 */
class MastodonFixturesTest {

  @ParameterizedTest
  @CsvSource({
      "actor.json, Person",
      "follow.json, Follow",
      "accept.json, Accept",
      "undo-follow.json, Undo",
      "create-note.json, Create",
      "delete.json, Delete",
      "move.json, Move",
      "create-note-minimal.json, Create"})
  void isWellFormedJsonLdOfItsType(String file, String type) throws IOException {
    JsonNode document = read(file);

    assertThat(document.get("type").asString()).isEqualTo(type);
    assertThat(document.get("@context")).as("@context").isNotNull();
    JsonNode context = document.get("@context");
    List<String> contexts = new ArrayList<>();
    if (context.isArray()) {
      context.forEach(entry -> contexts.add(entry.isString() ? entry.asString() : ""));
    } else {
      contexts.add(context.asString());
    }
    assertThat(contexts).contains("https://www.w3.org/ns/activitystreams");
  }

  @ParameterizedTest
  @CsvSource({
      "follow.json, Person",
      "accept.json, Follow",
      "undo-follow.json, Follow",
      "create-note.json, Note",
      "delete.json, Tombstone",
      "move.json, Person"})
  void activitiesAreOneOriginsOwn(String file, String objectKind) throws IOException {
    JsonNode activity = read(file);
    String actor = activity.get("actor").asString();

    assertThat(host(activity.get("id").asString())).isEqualTo(host(actor));
    JsonNode object = activity.get("object");
    assertThat(object).isNotNull();
    if (object.isObject()) {
      assertThat(object.get("type").asString()).isEqualTo(objectKind);
      if (object.has("attributedTo")) {
        assertThat(object.get("attributedTo").asString()).isEqualTo(actor);
      }
      if (!objectKind.equals("Follow")) {
        // A Follow inside Accept or Undo may be the other side's (its own id); anything else is the actor's.
        assertThat(host(object.get("id").asString())).isEqualTo(host(actor));
      }
    }
  }

  @Test
  void theActorCarriesWhatMastodonNeedsToVerifyIt() throws IOException {
    JsonNode actor = read("actor.json");
    String id = actor.get("id").asString();

    assertThat(actor.get("inbox").asString()).startsWith(id);
    assertThat(actor.get("endpoints").get("sharedInbox").asString()).isNotBlank();
    assertThat(actor.get("publicKey").get("owner").asString()).isEqualTo(id);
    assertThat(actor.get("publicKey").get("id").asString()).isEqualTo(id + "#main-key");
    assertThat(actor.get("publicKey").get("publicKeyPem").asString()).startsWith("-----BEGIN PUBLIC KEY-----");
  }

  private static JsonNode read(String file) throws IOException {
    try (InputStream in = MastodonFixturesTest.class.getResourceAsStream("/federation/mastodon/" + file)) {
      assertThat(in).as(file).isNotNull();
      return Json.MAPPER.readTree(in);
    }
  }

  private static String host(String url) {
    return URI.create(url).getHost();
  }
}
