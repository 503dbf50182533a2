package org.commune.federation.protocol;

import java.util.UUID;
import org.commune.federation.FederationUrls;
import org.commune.web.Json;
import org.springframework.stereotype.Component;
import tools.jackson.databind.node.ObjectNode;

/**
 * The activities the protocol sends: Accept and Reject of a follower's Follow (embedding it, as Mastodon
 * expects), and Follow and Undo of an ally. Each gets a fresh id under {@link FederationUrls#activity}.
 */
@Component
class Activities {

  static final String AS = "https://www.w3.org/ns/activitystreams";

  /** An activity to send: its id and its JSON. */
  record Outgoing(UUID id, String json) {}

  private final FederationUrls urls;

  Activities(FederationUrls urls) {
    this.urls = urls;
  }

  /** The follower's Follow as Commune received it, rebuilt from its checked parts only. */
  ObjectNode follow(String followId, String follower) {
    ObjectNode follow = Json.MAPPER.createObjectNode();
    follow.put("id", followId);
    follow.put("type", "Follow");
    follow.put("actor", follower);
    follow.put("object", urls.actor());
    return follow;
  }

  /** Accept or Reject of a follower's Follow. */
  Outgoing answer(String type, String followId, String follower) {
    UUID id = UUID.randomUUID();
    ObjectNode answer = activity(id, type);
    answer.set("object", follow(followId, follower));
    answer.putArray("to").add(follower);
    return new Outgoing(id, Json.MAPPER.writeValueAsString(answer));
  }

  /** A Follow of an ally; its id is what the ally's Accept or Reject will name. */
  Outgoing followAlly(String ally) {
    UUID id = UUID.randomUUID();
    ObjectNode follow = activity(id, "Follow");
    follow.put("object", ally);
    follow.putArray("to").add(ally);
    return new Outgoing(id, Json.MAPPER.writeValueAsString(follow));
  }

  /** Undo of the Follow with this id, sent to the ally. */
  Outgoing unfollowAlly(String ally, String followId) {
    UUID id = UUID.randomUUID();
    ObjectNode undo = activity(id, "Undo");
    ObjectNode follow = undo.putObject("object");
    follow.put("id", followId);
    follow.put("type", "Follow");
    follow.put("actor", urls.actor());
    follow.put("object", ally);
    undo.putArray("to").add(ally);
    return new Outgoing(id, Json.MAPPER.writeValueAsString(undo));
  }

  String followId(UUID id) {
    return urls.activity(id);
  }

  private ObjectNode activity(UUID id, String type) {
    ObjectNode activity = Json.MAPPER.createObjectNode();
    activity.put("@context", AS);
    activity.put("id", urls.activity(id));
    activity.put("type", type);
    activity.put("actor", urls.actor());
    return activity;
  }
}
