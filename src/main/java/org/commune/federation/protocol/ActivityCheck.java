package org.commune.federation.protocol;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.commune.federation.FederationUrls;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an inbox delivery field by field, trusting nothing because it parses (Mastodon CVE-2022-24307:
 * JSON-LD lets one field say many things). An activity is an object whose {@code type}, {@code id} and
 * {@code actor} are single strings, {@code id} and {@code actor} http(s) URLs on one origin; every object
 * embedded in it that has an id has it on the actor's origin too (Mastodon CVE-2024-23832), except the
 * object of an Accept or Reject, which is Commune's own Follow and is only looked up by its id. Repeated
 * keys are refused (two parsers could each read a different one).
 */
final class ActivityCheck {

  /** Activities the inbox acts on; any other type is acknowledged and ignored. */
  static final Set<String> SUPPORTED = Set.of("Follow", "Undo", "Accept", "Reject", "Create", "Update", "Delete");

  /** Objects Create and Update are kept for; others (a Question, a Person's profile…) are ignored. */
  static final Set<String> POSTS = Set.of("Note", "Article");

  /** The Public collection, expanded and in the compact forms JSON-LD allows. */
  static final Set<String> PUBLIC = Set.of(FederationUrls.PUBLIC, "as:Public", "Public");

  private static final int MAX_DEPTH = 16;

  private static final JsonMapper STRICT = JsonMapper.builder(JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build()).build())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  /**
   * A checked activity. {@code object} is the object's id where the object is given by reference (or its
   * embedded id); {@code supported} false means "acknowledge and ignore".
   */
  record Activity(String id, String type, String actor, JsonNode root, @Nullable String object, boolean supported) {}

  private ActivityCheck() {}

  static JsonNode parse(byte[] body) throws InboxRefused {
    try {
      JsonNode root = STRICT.readTree(body);
      if (root == null || !root.isObject()) {
        throw new InboxRefused(400, "not-an-object");
      }
      return root;
    } catch (JacksonException e) {
      throw new InboxRefused(400, "not-json");
    }
  }

  /** Checks a delivery addressed to {@code ourActor} (the organisation actor's id). */
  static Activity check(JsonNode root, String ourActor) throws InboxRefused {
    String type = string(root, "type").orElseThrow(() -> new InboxRefused(400, "bad-type"));
    String id = url(root, "id").orElseThrow(() -> new InboxRefused(400, "bad-id"));
    String actor = url(root, "actor").orElseThrow(() -> new InboxRefused(400, "bad-actor"));
    if (!Hosts.sameOrigin(id, actor)) {
      throw new InboxRefused(400, "id-origin");
    }
    if (!SUPPORTED.contains(type)) {
      return new Activity(id, type, actor, root, null, false);
    }
    JsonNode object = root.get("object");
    if (object == null || !(object.isString() || object.isObject())) {
      throw new InboxRefused(400, "bad-object");
    }
    boolean ours = type.equals("Accept") || type.equals("Reject");
    for (Map.Entry<String, JsonNode> field : root.properties()) {
      if (!(ours && field.getKey().equals("object")) && !field.getKey().equals("@context")) {
        sameOrigin(field.getValue(), actor, 1);
      }
    }
    String objectId = object.isString() ? Hosts.httpUrl(object.asString()).map(u -> object.asString()).orElse(null)
        : url(object, "id").orElse(null);
    switch (type) {
      case "Follow" -> {
        if (!object.isString() || !object.asString().equals(ourActor)) {
          throw new InboxRefused(400, "not-our-actor");
        }
      }
      case "Accept", "Reject" -> {
        if (objectId == null || object.isObject() && object.has("type") && !"Follow".equals(string(object, "type").orElse(""))) {
          throw new InboxRefused(400, "bad-object");
        }
      }
      case "Undo" -> {
        if (objectId == null) {
          throw new InboxRefused(400, "bad-object");
        }
        if (object.isObject()) {
          String undone = string(object, "type").orElseThrow(() -> new InboxRefused(400, "bad-object-type"));
          if (!undone.equals("Follow")) {
            return new Activity(id, type, actor, root, objectId, false);
          }
          if (!actor.equals(string(object, "actor").orElse(""))) {
            throw new InboxRefused(400, "bad-object-actor");
          }
          // A Follow of someone else undone here must not end the follow of our actor.
          if (!ourActor.equals(string(object, "object").orElse(""))) {
            throw new InboxRefused(400, "not-our-actor");
          }
        } else if (!Hosts.sameOrigin(objectId, actor)) {
          throw new InboxRefused(400, "object-origin");
        }
      }
      case "Create", "Update" -> {
        if (!object.isObject()) {
          throw new InboxRefused(400, "bad-object");
        }
        String objectType = string(object, "type").orElseThrow(() -> new InboxRefused(400, "bad-object-type"));
        if (!POSTS.contains(objectType)) {
          return new Activity(id, type, actor, root, objectId, false);
        }
        AllyPosts.read(object, actor, Instant.now()); // fields only: the kept date is bounded when processed
        if (!addressedToPublic(root, object)) {
          return new Activity(id, type, actor, root, objectId, false); // followers-only or direct: never shown
        }
      }
      case "Delete" -> {
        if (objectId == null) {
          throw new InboxRefused(400, "bad-object");
        }
        if (!Hosts.sameOrigin(objectId, actor)) {
          throw new InboxRefused(400, "object-origin");
        }
      }
      default -> throw new IllegalStateException(type);
    }
    return new Activity(id, type, actor, root, objectId, true);
  }

  /**
   * Whether the post is addressed to everyone: the Public collection in the object's {@code to} or
   * {@code cc} (the activity's when the object has neither), in any of the forms JSON-LD allows. Allies'
   * followers-only posts and direct messages must never reach the public allies page.
   */
  static boolean addressedToPublic(JsonNode activity, JsonNode object) {
    JsonNode addressed = object.has("to") || object.has("cc") ? object : activity;
    for (String field : new String[] {"to", "cc"}) {
      JsonNode value = addressed.get(field);
      if (value == null) {
        continue;
      }
      for (JsonNode item : value.isArray() ? value : List.of(value)) {
        if (item.isString() && PUBLIC.contains(item.asString())) {
          return true;
        }
      }
    }
    return false;
  }

  /** Every object below with an id ({@code id} or {@code @id}) has it as a string URL on the actor's origin. */
  private static void sameOrigin(JsonNode node, String actor, int depth) throws InboxRefused {
    if (node.isArray()) {
      for (JsonNode item : node) {
        sameOrigin(item, actor, depth + 1);
      }
    } else if (node.isObject()) {
      for (String key : new String[] {"id", "@id"}) {
        JsonNode id = node.get(key);
        if (id != null && (!id.isString() || !Hosts.sameOrigin(id.asString(), actor))) {
          throw new InboxRefused(400, "object-origin");
        }
      }
      for (Map.Entry<String, JsonNode> field : node.properties()) {
        if (!field.getKey().equals("@context")) { // term definitions, not objects: {"@id": "as:movedTo"}
          sameOrigin(field.getValue(), actor, depth + 1);
        }
      }
    }
  }

  /** The field as a string: absent, null, a number, an array or an object is no string. */
  static Optional<String> string(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isString() ? Optional.of(value.asString()) : Optional.empty();
  }

  /** The field as an http(s) URL string. */
  static Optional<String> url(JsonNode node, String field) {
    return string(node, field).filter(text -> Hosts.httpUrl(text).isPresent());
  }
}
