package org.commune.federation.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.commune.federation.FederationUrls;
import org.commune.federation.http.ActorKeys;
import org.commune.testing.WebSession;
import org.commune.web.Json;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Following allies: stewards follow an actor by its URL, the ally accepts, and what it publishes (and only
 * that) is kept, sanitized, updated and deleted by the ally alone, and shown on a public page.
 */
class AlliesIT extends FederatedCommune {

  static final String SHARED = BASE + "/inbox";

  @Autowired ActorKeys keys;

  static String json(JsonNode node) {
    return Json.MAPPER.writeValueAsString(node);
  }

  String state(String actor) {
    return jdbc.sql("SELECT state FROM federation_following WHERE actor = ?").param(1, actor).query(String.class)
        .optional().orElse("none");
  }

  ObjectNode note(FakePeer peer, String name, String type, String noteId, String content) {
    ObjectNode activity = peer.activity(name, type);
    ObjectNode note = activity.putObject("object");
    note.put("id", noteId);
    note.put("type", "Note");
    note.put("attributedTo", peer.actor(name));
    note.put("content", content);
    note.putObject("contentMap").put("en", content);
    note.put("url", noteId);
    note.put("published", "2026-11-28T10:00:00Z");
    note.putArray("to").add(FederationUrls.PUBLIC);
    return activity;
  }

  String outcome(String activityId) {
    eventually("processed", () -> count("SELECT count(*) FROM federation_inbox WHERE activity_id = ? AND processed_at IS NOT NULL",
        activityId) == 1);
    return jdbc.sql("SELECT outcome FROM federation_inbox WHERE activity_id = ?").param(1, activityId).query(String.class)
        .single();
  }

  @Test
  void followAnAllyAndKeepWhatItPublishes() throws Exception {
    try (FakePeer peer = new FakePeer("127.0.0.20"); FakePeer stranger = new FakePeer("127.0.0.21")) {
      String ally = peer.actor("union");
      WebSession steward = steward();
      WebSession.Page followed = steward.submit("/admin/federation/following", "/admin/federation/following",
          Map.of("actor", ally));
      assertThat(followed.redirectsTo("/admin/federation/following")).isTrue();
      assertThat(state(ally)).isEqualTo("pending");
      eventually("the Follow arrives", () -> !peer.received("Follow").isEmpty());
      JsonNode follow = InboxIT.verified(peer.received("Follow").get(0), keys);
      assertThat(follow.path("object").asString()).isEqualTo(ally);
      assertThat(steward.get("/admin/federation/following").body()).contains(ally).contains("Ally union");
      eventually("the follow is in the log", () -> count(
          "SELECT count(*) FROM log_entry WHERE entry_type = 'federation.ally-followed' AND leaf LIKE '%127.0.0.20%'") == 1);

      // Before the ally accepts, its posts are not kept.
      ObjectNode early = note(peer, "union", "Create", peer.base() + "/notes/0", "<p>early</p>");
      assertThat(peer.deliver(SHARED, "union", json(early)).statusCode()).isEqualTo(202);
      assertThat(outcome(early.path("id").asString())).isEqualTo("not-followed");

      // An Accept of someone else's Follow changes nothing; the ally's Accept of ours does.
      ObjectNode wrongAccept = peer.activity("union", "Accept");
      wrongAccept.put("object", BASE + "/activities/00000000-0000-0000-0000-000000000000");
      assertThat(peer.deliver(SHARED, "union", json(wrongAccept)).statusCode()).isEqualTo(202);
      assertThat(outcome(wrongAccept.path("id").asString())).isEqualTo("unknown-follow");
      assertThat(state(ally)).isEqualTo("pending");
      ObjectNode accept = peer.activity("union", "Accept");
      accept.set("object", follow);
      assertThat(peer.deliver(SHARED, "union", json(accept)).statusCode()).isEqualTo(202);
      eventually("accepted", () -> state(ally).equals("accepted"));

      String noteId = peer.base() + "/notes/1";
      ObjectNode create = note(peer, "union", "Create", noteId,
          "<p>Strike <strong>on Monday</strong><script>alert(1)</script><img src=\"http://tracker.example/p.gif\">"
              + "<a href=\"javascript:alert(2)\">x</a><a href=\"https://example.org/more\" onclick=\"alert(3)\">more</a></p>");
      assertThat(peer.deliver(SHARED, "union", json(create)).statusCode()).isEqualTo(202);
      assertThat(outcome(create.path("id").asString())).isEqualTo("stored");
      String content = jdbc.sql("SELECT content FROM federation_ally_post WHERE object_id = ?").param(1, noteId)
          .query(String.class).single();
      assertThat(content).contains("Strike").contains("<strong>on Monday</strong>").contains("https://example.org/more")
          .doesNotContain("script").doesNotContain("<img").doesNotContain("tracker.example").doesNotContain("javascript")
          .doesNotContain("onclick");
      String page = visitor().get("/federation/allies").body();
      assertThat(page).contains("<strong>on Monday</strong>").contains(noteId).doesNotContain("alert(")
          .doesNotContain("tracker.example");

      // Followers-only posts and direct messages are acknowledged and never kept nor shown (finding 2).
      for (String audience : List.of(ally + "/followers", BASE + "/actors/org")) {
        String privateId = peer.base() + "/notes/private" + audience.length();
        ObjectNode closed = note(peer, "union", "Create", privateId, "<p>Only for our followers</p>");
        closed.withObject("object").putArray("to").add(audience);
        closed.putArray("to").add(FederationUrls.PUBLIC); // the activity's addressing does not open the object
        HttpResponse<String> answer = peer.deliver(SHARED, "union", json(closed));
        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(answer.body()).contains("ignored");
        assertThat(count("SELECT count(*) FROM federation_ally_post WHERE object_id = ?", privateId)).isZero();
      }
      ObjectNode ccPublic = note(peer, "union", "Create", peer.base() + "/notes/unlisted", "<p>Unlisted</p>");
      ccPublic.withObject("object").putArray("to").add(ally + "/followers");
      ccPublic.withObject("object").putArray("cc").add("as:Public");
      ccPublic.withObject("object").put("published", "9999-01-01T00:00:00Z");
      assertThat(peer.deliver(SHARED, "union", json(ccPublic)).statusCode()).isEqualTo(202);
      assertThat(outcome(ccPublic.path("id").asString())).isEqualTo("stored");
      assertThat(count("SELECT count(*) FROM federation_ally_post WHERE object_id = ? AND published <= received_at + interval '1 day'",
          peer.base() + "/notes/unlisted")).as("a far-future date is bounded (finding 10)").isEqualTo(1);
      assertThat(visitor().get("/federation/allies").body()).doesNotContain("Only for our followers");

      // Update replaces; an Update signed by someone on another host is refused.
      ObjectNode update = note(peer, "union", "Update", noteId, "<p>Strike moved to Tuesday</p>");
      assertThat(peer.deliver(SHARED, "union", json(update)).statusCode()).isEqualTo(202);
      assertThat(outcome(update.path("id").asString())).isEqualTo("updated");
      ObjectNode hijack = note(stranger, "mallory", "Update", noteId, "<p>Cancelled</p>");
      assertThat(stranger.deliver(SHARED, "mallory", json(hijack)).statusCode()).isEqualTo(400);
      ObjectNode hijackDelete = stranger.activity("mallory", "Delete");
      hijackDelete.put("object", noteId);
      assertThat(stranger.deliver(SHARED, "mallory", json(hijackDelete)).statusCode()).isEqualTo(400);
      assertThat(visitor().get("/federation/allies").body()).contains("Strike moved to Tuesday").doesNotContain("Cancelled");

      // Delete removes.
      ObjectNode delete = peer.activity("union", "Delete");
      delete.putObject("object").put("id", noteId).put("type", "Tombstone");
      assertThat(peer.deliver(SHARED, "union", json(delete)).statusCode()).isEqualTo(202);
      assertThat(outcome(delete.path("id").asString())).isEqualTo("deleted");
      assertThat(visitor().get("/federation/allies").body()).doesNotContain("Strike moved to Tuesday");

      // Unfollow: an Undo of our Follow goes to the ally.
      steward.get("/admin/federation/following");
      steward.post("/admin/federation/following/remove", Map.of("actor", ally));
      assertThat(state(ally)).isEqualTo("none");
      eventually("the Undo arrives", () -> !peer.received("Undo").isEmpty());
      JsonNode undo = InboxIT.verified(peer.received("Undo").get(0), keys);
      assertThat(undo.path("object").path("id").asString()).isEqualTo(follow.path("id").asString());
    }
  }

  @Test
  void wrongAllyAddressesGetAClearMessage() {
    WebSession steward = steward();
    WebSession.Page notUrl = steward.submit("/admin/federation/following", "/admin/federation/following",
        Map.of("actor", "not a url"));
    assertThat(notUrl.status()).isEqualTo(400);
    assertThat(notUrl.body()).contains("Enter the handle of the account");
    // A handle is looked up with WebFinger on its host: nothing answers there.
    WebSession.Page noHost = steward.submit("/admin/federation/following", "/admin/federation/following",
        Map.of("actor", "@nobody@127.0.0.1:1"));
    assertThat(noHost.status()).isEqualTo(400);
    assertThat(noHost.body()).contains("No account could be read at this address");
    WebSession.Page self = steward.submit("/admin/federation/following", "/admin/federation/following",
        Map.of("actor", BASE + "/actors/org"));
    assertThat(self.status()).isEqualTo(400);
    WebSession.Page nobody = steward.submit("/admin/federation/following", "/admin/federation/following",
        Map.of("actor", "http://127.0.0.1:1/users/nobody"));
    assertThat(nobody.status()).isEqualTo(400);
    assertThat(nobody.body()).contains("No account could be read at this address");
    steward.switchLanguage("ar");
    WebSession.Page arabic = steward.submit("/admin/federation/following", "/admin/federation/following",
        Map.of("actor", "ftp://x"));
    assertThat(arabic.status()).isEqualTo(400);
    assertThat(arabic.body()).contains("أدخل معرّف الحساب");
    steward.switchLanguage("en");
  }
}
