package org.commune.federation.http;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.commune.federation.FederationUrls;
import org.commune.federation.http.RemoteActorCache.Cached;
import org.commune.federation.http.RemoteRefused.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Actors on other servers: fetched with a signed GET through {@link OutboundHttp} (so through its SSRF
 * guard), checked field by field, and kept in {@code federation_remote_actor} for a day. The rules are
 * the origin checks other servers learnt the hard way: a document's id must be the URL asked for, the
 * key's owner must be the actor, a key and its actor live on the same host.
 */
@Component
public class RemoteActors {

  /** How long a fetched actor is used without asking again (a failed signature refetches sooner). */
  static final Duration FRESH = Duration.ofHours(24);

  private static final Logger LOG = LoggerFactory.getLogger(RemoteActors.class);
  private static final String ACCEPT = FederationUrls.ACTIVITY_JSON + ", " + FederationUrls.LD_JSON;

  private final OutboundHttp http;
  private final RemoteActorCache cache;
  private final Clock clock;

  @Autowired
  RemoteActors(OutboundHttp http, RemoteActorRepository cache, Clock clock) {
    this(http, (RemoteActorCache) cache, clock);
  }

  RemoteActors(OutboundHttp http, RemoteActorCache cache, Clock clock) {
    this.http = http;
    this.cache = cache;
    this.clock = clock;
  }

  /**
   * Fetches (signed GET through OutboundHttp, Accept activity+json) or returns the cached actor; the
   * document's id must equal the URL asked for, inbox/sharedInbox/key must be http(s) URLs, the key's
   * owner must be the actor; cached in a table federation_remote_actor.
   */
  public RemoteActor get(URI actorId) throws RemoteRefused {
    Optional<Cached> cached = cache.find(actorId.toString());
    if (cached.isPresent() && isFresh(cached.get())) {
      return cached.get().actor();
    }
    return refresh(actorId);
  }

  /** Fetches the actor again, whatever the cache holds. */
  public RemoteActor refresh(URI actorId) throws RemoteRefused {
    try {
      URI asked = checked(actorId.toString());
      RemoteActor actor = RemoteActorDocument.actor(fetch(asked), asked);
      cache.put(actor, clock.instant());
      return actor;
    } catch (RemoteRefused e) {
      throw logged(e, actorId);
    }
  }

  /** The actor owning a key id (fetches the key document or actor; key id fragment stripped). */
  public RemoteActor byKeyId(String keyId) throws RemoteRefused {
    Optional<Cached> cached = cache.findByKeyId(keyId);
    if (cached.isPresent() && isFresh(cached.get())) {
      return cached.get().actor();
    }
    return refreshByKeyId(keyId);
  }

  /** Fetches the key's document (and its owner) again: what a failed signature does, once in a while. */
  RemoteActor refreshByKeyId(String keyId) throws RemoteRefused {
    URI key = checked(keyId);
    try {
      return fetchByKeyId(key, keyId);
    } catch (RemoteRefused e) {
      throw logged(e, key);
    }
  }

  private RemoteActor fetchByKeyId(URI key, String keyId) throws RemoteRefused {
    URI document = withoutFragment(key);
    RemoteActorDocument.Fetched fetched = RemoteActorDocument.keyOrActor(fetch(document), document);
    RemoteActor actor;
    if (fetched instanceof RemoteActorDocument.Actor found) {
      actor = found.actor();
    } else {
      RemoteActorDocument.Key found = (RemoteActorDocument.Key) fetched;
      if (!found.id().equals(keyId)) {
        throw new RemoteRefused(Reason.KEY_OWNER_MISMATCH, "the key document is another key");
      }
      if (!RemoteActorDocument.sameHost(found.owner(), keyId)) {
        throw new RemoteRefused(Reason.KEY_HOST_MISMATCH, "the key's owner lives on another host");
      }
      URI owner = checked(found.owner());
      actor = RemoteActorDocument.actor(fetch(owner), owner);
    }
    if (!actor.keyId().equals(keyId)) {
      throw new RemoteRefused(Reason.KEY_OWNER_MISMATCH, "the actor does not publish this key");
    }
    cache.put(actor, clock.instant());
    return actor;
  }

  private boolean isFresh(Cached cached) {
    return cached.fetchedAt().plus(FRESH).isAfter(clock.instant());
  }

  private JsonNode fetch(URI uri) throws RemoteRefused {
    OutboundHttp.Response response;
    try {
      response = http.get(uri, ACCEPT);
    } catch (OutboundHttp.AddressRefused e) {
      throw new RemoteRefused(Reason.ADDRESS_REFUSED, "address refused");
    } catch (IOException e) {
      throw new RemoteRefused(Reason.UNREACHABLE, "no usable answer");
    }
    if (!response.ok()) {
      throw new RemoteRefused(Reason.HTTP_STATUS, "answered " + response.status());
    }
    return RemoteActorDocument.parse(response.body());
  }

  private static URI checked(String url) throws RemoteRefused {
    if (!RemoteActorDocument.isHttpUrl(url)) {
      throw new RemoteRefused(Reason.ADDRESS_REFUSED, "not an http(s) URL");
    }
    return URI.create(url);
  }

  private static URI withoutFragment(URI uri) {
    String text = uri.toString();
    int hash = text.indexOf('#');
    return hash < 0 ? uri : URI.create(text.substring(0, hash));
  }

  /** Refusals are logged by code and host: never the peer's text, never a path that may name a person. */
  private static RemoteRefused logged(RemoteRefused refused, URI uri) {
    LOG.info("Remote actor refused: {} from {}", refused.reason(), uri.getHost());
    return refused;
  }
}
