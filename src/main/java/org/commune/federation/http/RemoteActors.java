package org.commune.federation.http;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commune.federation.FederationSettings;
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
  /** name@host[:port], the name as Mastodon, Misskey and the others allow it. */
  private static final Pattern ACCOUNT =
      Pattern.compile("([A-Za-z0-9_.~-]{1,100})@([A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?(:[0-9]{1,5})?)");
  private static final String ACCEPT = FederationUrls.ACTIVITY_JSON + ", " + FederationUrls.LD_JSON;

  private final OutboundHttp http;
  private final RemoteActorCache cache;
  private final String webFingerScheme;
  private final Clock clock;

  @Autowired
  RemoteActors(OutboundHttp http, RemoteActorRepository cache, FederationSettings settings, Clock clock) {
    this(http, cache, URI.create(settings.publicUrl()).getScheme(), clock);
  }

  /**
   * {@code webFingerScheme}: https, except that a Commune itself served over plain http (tests, several
   * instances on one machine) asks its peers over http too.
   */
  RemoteActors(OutboundHttp http, RemoteActorCache cache, String webFingerScheme, Clock clock) {
    this.http = http;
    this.cache = cache;
    this.webFingerScheme = webFingerScheme.equalsIgnoreCase("http") ? "http" : "https";
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

  /**
   * The actor an address such as {@code alice@example.org} (or {@code @alice@example.org},
   * {@code acct:alice@example.org}) names, through WebFinger on that host. The answer's {@code self}
   * link must lead to an actor whose {@code preferredUsername} is the name asked for, on that host — or,
   * when the host hands its accounts to another (Mastodon's WEB_DOMAIN), on a host whose own WebFinger
   * for that name leads back to the same actor.
   */
  public RemoteActor byAccount(String account) throws RemoteRefused {
    String bare = account.startsWith("acct:") ? account.substring(5) : account.startsWith("@") ? account.substring(1) : account;
    Matcher parts = ACCOUNT.matcher(bare);
    if (!parts.matches()) {
      throw new RemoteRefused(Reason.BAD_FIELD, "not an address of the form name@host");
    }
    String name = parts.group(1);
    String host = parts.group(2).toLowerCase(Locale.ROOT);
    URI finger = webFinger(name, host);
    try {
      RemoteActor actor = get(selfLink(finger));
      if (actor.preferredUsername() == null || !actor.preferredUsername().equalsIgnoreCase(name)) {
        throw new RemoteRefused(Reason.ID_MISMATCH, "the actor's name is not the one asked for");
      }
      String actorHost = authority(URI.create(actor.id()));
      if (!actorHost.equals(host) && !selfLink(webFinger(actor.preferredUsername(), actorHost)).toString().equals(actor.id())) {
        throw new RemoteRefused(Reason.ID_MISMATCH, "the actor's own host does not name it so");
      }
      return actor;
    } catch (RemoteRefused e) {
      throw logged(e, finger);
    }
  }

  private URI webFinger(String name, String host) throws RemoteRefused {
    String resource = URLEncoder.encode("acct:" + name + "@" + host, StandardCharsets.UTF_8);
    return checked(webFingerScheme + "://" + host + "/.well-known/webfinger?resource=" + resource);
  }

  /** The JRD's first {@code self} link of an ActivityPub type with an http(s) href. */
  private URI selfLink(URI finger) throws RemoteRefused {
    OutboundHttp.Response response = answer(finger, "application/jrd+json, application/json");
    JsonNode links = RemoteActorDocument.parse(response.body()).get("links");
    if (links != null && links.isArray()) {
      for (JsonNode link : links) {
        JsonNode rel = link.get("rel");
        JsonNode type = link.get("type");
        JsonNode href = link.get("href");
        if (link.isObject() && rel != null && rel.isString() && rel.stringValue().equals("self") && type != null
            && type.isString() && (type.stringValue().equals(FederationUrls.ACTIVITY_JSON)
            || type.stringValue().startsWith("application/ld+json")) && href != null && href.isString()) {
          return checked(href.stringValue());
        }
      }
    }
    throw new RemoteRefused(Reason.NOT_AN_ACTOR, "no ActivityPub self link");
  }

  private static String authority(URI uri) {
    String host = uri.getHost().toLowerCase(Locale.ROOT);
    return uri.getPort() == -1 ? host : host + ":" + uri.getPort();
  }

  private boolean isFresh(Cached cached) {
    return cached.fetchedAt().plus(FRESH).isAfter(clock.instant());
  }

  /**
   * An actor or key document, answered at the very URL asked for: a document reached through a redirect
   * is refused (its id is compared with the URL asked, so an open redirect on one host would let another
   * host's document pose as an actor there; Mastodon too fetches by id and wants it answered there).
   */
  private JsonNode fetch(URI uri) throws RemoteRefused {
    OutboundHttp.Response response = answer(uri, ACCEPT);
    if (!response.uri().equals(uri)) {
      throw new RemoteRefused(Reason.ID_MISMATCH, "the document was answered through a redirect");
    }
    return RemoteActorDocument.parse(response.body());
  }

  private OutboundHttp.Response answer(URI uri, String accept) throws RemoteRefused {
    OutboundHttp.Response response;
    try {
      response = http.get(uri, accept);
    } catch (OutboundHttp.AddressRefused e) {
      throw new RemoteRefused(Reason.ADDRESS_REFUSED, "address refused");
    } catch (IOException e) {
      throw new RemoteRefused(Reason.UNREACHABLE, "no usable answer");
    }
    if (!response.ok()) {
      throw new RemoteRefused(Reason.HTTP_STATUS, "answered " + response.status());
    }
    return response;
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
