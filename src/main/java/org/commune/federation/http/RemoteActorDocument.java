package org.commune.federation.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.commune.federation.http.RemoteRefused.Reason;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads an actor or key document another server sent, field by field: a field is used only when it has
 * the type it must have (JSON-LD lets a peer send an array, an object or a number where a string is
 * expected; Mastodon's CVE-2022-24307 came from trusting such a field because it parsed).
 */
final class RemoteActorDocument {

  /** The actor types of the Fediverse (ActivityStreams' five). */
  static final Set<String> ACTOR_TYPES = Set.of("Person", "Service", "Application", "Group", "Organization");
  static final Set<String> KEY_TYPES = Set.of("CryptographicKey", "Key");
  static final int MAX_URL = 2048;
  static final int MAX_PEM = 16_384;
  static final int MAX_TEXT = 500;
  static final int MAX_NAME = 2000;
  static final int MAX_ALIASES = 20;

  /** Duplicate keys are refused: two different {@code id}s in one object would let a peer choose. */
  private static final JsonMapper STRICT = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

  private RemoteActorDocument() {}

  /** What a key id's URL gave: the actor itself (Mastodon's {@code actor#main-key}) or a key document. */
  sealed interface Fetched permits Actor, Key {}

  record Actor(RemoteActor actor) implements Fetched {}

  /** A stand-alone key document (GoToSocial, some others): its owner must still be fetched and agree. */
  record Key(String id, String owner, String publicKeyPem) implements Fetched {}

  static JsonNode parse(byte[] body) throws RemoteRefused {
    try {
      JsonNode node = STRICT.readTree(body);
      if (node == null || !node.isObject()) {
        throw new RemoteRefused(Reason.NOT_JSON, "not a JSON object");
      }
      return node;
    } catch (JacksonException e) {
      throw new RemoteRefused(Reason.NOT_JSON, "not JSON");
    }
  }

  /** The actor at {@code asked}: its id must be exactly the URL asked for. */
  static RemoteActor actor(JsonNode node, URI asked) throws RemoteRefused {
    String id = requiredUrl(node, "id");
    if (!id.equals(asked.toString())) {
      throw new RemoteRefused(Reason.ID_MISMATCH, "the document's id is not the URL asked for");
    }
    return actor(node);
  }

  /** A key id's URL (fragment stripped) gave this document; which kind is it? */
  static Fetched keyOrActor(JsonNode node, URI asked) throws RemoteRefused {
    String id = requiredUrl(node, "id");
    if (!id.equals(asked.toString())) {
      throw new RemoteRefused(Reason.ID_MISMATCH, "the document's id is not the URL asked for");
    }
    JsonNode type = node.get("type");
    if (type != null && type.isString() && ACTOR_TYPES.contains(type.stringValue())) {
      return new Actor(actor(node));
    }
    // A key document: {id, owner, publicKeyPem}, typed CryptographicKey or Key, or untyped; some servers
    // wrap it as {publicKey: {...}} at the key's own URL.
    JsonNode key;
    if (node.has("publicKeyPem")) {
      if (type != null && !(type.isString() && KEY_TYPES.contains(type.stringValue()))) {
        throw new RemoteRefused(Reason.NOT_AN_ACTOR, "neither an actor nor a key");
      }
      key = node;
    } else {
      key = node.get("publicKey");
      if (key == null || !key.isObject()) {
        throw new RemoteRefused(Reason.NOT_AN_ACTOR, "neither an actor nor a key");
      }
    }
    String keyId = key == node ? id : requiredUrl(key, "id");
    String owner = requiredUrl(key, "owner");
    return new Key(keyId, owner, pem(key));
  }

  private static RemoteActor actor(JsonNode node) throws RemoteRefused {
    String id = requiredUrl(node, "id");
    JsonNode typeNode = node.get("type");
    if (typeNode == null || !typeNode.isString() || !ACTOR_TYPES.contains(typeNode.stringValue())) {
      throw new RemoteRefused(Reason.NOT_AN_ACTOR, "not an actor type");
    }
    String inbox = requiredUrl(node, "inbox");
    JsonNode endpoints = node.get("endpoints");
    String sharedInbox = null;
    if (endpoints != null && !endpoints.isNull()) {
      if (!endpoints.isObject()) {
        throw new RemoteRefused(Reason.BAD_FIELD, "endpoints is not an object");
      }
      sharedInbox = optionalUrl(endpoints, "sharedInbox");
    }
    // Deliveries go to these addresses: on another host, a fake follower would aim Commune's queue at a third party.
    if (!sameHost(inbox, id) || sharedInbox != null && !sameHost(sharedInbox, id)) {
      throw new RemoteRefused(Reason.INBOX_HOST_MISMATCH, "the inbox lives on another host than its actor");
    }
    JsonNode key = node.get("publicKey");
    if (key != null && key.isArray()) {
      // A few servers publish several keys: the first whose owner is the actor is the one that signs.
      JsonNode chosen = key.isEmpty() ? null : key.get(0);
      for (JsonNode candidate : key) {
        JsonNode owner = candidate.get("owner");
        if (candidate.isObject() && owner != null && owner.isString() && owner.stringValue().equals(id)) {
          chosen = candidate;
          break;
        }
      }
      key = chosen;
    }
    if (key == null || !key.isObject()) {
      throw new RemoteRefused(Reason.BAD_KEY, "no publicKey object");
    }
    String keyId = requiredUrl(key, "id");
    String owner = requiredUrl(key, "owner");
    if (!owner.equals(id)) {
      throw new RemoteRefused(Reason.KEY_OWNER_MISMATCH, "the key's owner is not the actor");
    }
    if (!sameHost(keyId, id)) {
      throw new RemoteRefused(Reason.KEY_HOST_MISMATCH, "the key lives on another host than its actor");
    }
    String pem = pem(key);
    List<String> aliases = new ArrayList<>();
    JsonNode alsoKnownAs = node.get("alsoKnownAs");
    if (alsoKnownAs != null && !alsoKnownAs.isNull()) {
      for (JsonNode alias : alsoKnownAs.isArray() ? alsoKnownAs : List.of(alsoKnownAs)) {
        if (!alias.isString() || !isHttpUrl(alias.stringValue())) {
          throw new RemoteRefused(Reason.BAD_FIELD, "alsoKnownAs holds something that is not a URL");
        }
        if (aliases.size() < MAX_ALIASES) {
          aliases.add(alias.stringValue());
        }
      }
    }
    return new RemoteActor(id, typeNode.stringValue(), inbox, sharedInbox, optionalText(node, "preferredUsername", MAX_TEXT),
        optionalText(node, "name", MAX_NAME), displayUrl(node), keyId, pem, optionalUrl(node, "movedTo"), aliases);
  }

  private static String pem(JsonNode key) throws RemoteRefused {
    JsonNode pem = key.get("publicKeyPem");
    if (pem == null || !pem.isString() || pem.stringValue().length() > MAX_PEM) {
      throw new RemoteRefused(Reason.BAD_KEY, "publicKeyPem is missing or not a string");
    }
    try {
      PublicKey parsed = ActorKeys.parsePem(pem.stringValue());
      if (!(parsed instanceof RSAPublicKey rsa) || rsa.getModulus().bitLength() < 2048) {
        throw new RemoteRefused(Reason.BAD_KEY, "not an RSA key of 2048 bits or more");
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new RemoteRefused(Reason.BAD_KEY, "publicKeyPem is not a readable RSA key");
    }
    return pem.stringValue();
  }

  /** {@code url} is a string on Mastodon, sometimes a Link object or a list of them; only a plain URL is kept. */
  private static @Nullable String displayUrl(JsonNode node) {
    JsonNode url = node.get("url");
    return url != null && url.isString() && isHttpUrl(url.stringValue()) ? url.stringValue() : null;
  }

  private static String requiredUrl(JsonNode node, String field) throws RemoteRefused {
    String value = optionalUrl(node, field);
    if (value == null) {
      throw new RemoteRefused(Reason.BAD_FIELD, field + " is missing");
    }
    return value;
  }

  private static @Nullable String optionalUrl(JsonNode node, String field) throws RemoteRefused {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isString() || !isHttpUrl(value.stringValue())) {
      throw new RemoteRefused(Reason.BAD_FIELD, field + " is not an http(s) URL");
    }
    return value.stringValue();
  }

  private static @Nullable String optionalText(JsonNode node, String field, int max) throws RemoteRefused {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isString()) {
      throw new RemoteRefused(Reason.BAD_FIELD, field + " is not a string");
    }
    String text = value.stringValue();
    return text.length() > max ? text.substring(0, max) : text;
  }

  /** An absolute http or https URL with a host, no user info, of sane length. */
  static boolean isHttpUrl(String value) {
    if (value.length() > MAX_URL) {
      return false;
    }
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null && uri.getRawUserInfo() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** Same host and port (the origin the signature vouches for). */
  static boolean sameHost(String one, String other) {
    URI a = URI.create(one);
    URI b = URI.create(other);
    return a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
  }

  private static int port(URI uri) {
    return uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
  }
}
