package org.commune.federation.move;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.commune.federation.FederationUrls;
import org.commune.federation.delivery.Deliveries;
import org.commune.federation.http.OutboundHttp;
import org.commune.members.InvalidInput;
import org.commune.transparency.LogSignatures;
import org.commune.transparency.TransparencyLog;
import org.commune.web.Json;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Moving house, as Mastodon moves an account (docs/archive.md, "Moving house"). On the old instance: the
 * hand-over entry is logged first (so that the final backup carries it and the new instance's log continues
 * after it), then, once the new actor lists the old one in {@code alsoKnownAs}, {@code movedTo} is set and a
 * {@code Move} goes to every follower, whose servers re-follow the new actor. On the new instance: the old
 * actor is declared as an alias.
 */
@Service
public class Moving {

  /** Actor types an organisation may move to. */
  private static final List<String> ACTOR_TYPES = List.of("Organization", "Group", "Service", "Application", "Person");

  private final ActorMoveRepository actor;
  private final FederationUrls urls;
  private final OutboundHttp http;
  private final Deliveries deliveries;
  private final TransparencyLog log;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  /** Read on every public page (the banner): kept here, changed only through this class. */
  private volatile @Nullable Optional<String> movedTo;

  Moving(ActorMoveRepository actor, FederationUrls urls, OutboundHttp http, Deliveries deliveries,
      TransparencyLog log, ApplicationEventPublisher events, Clock clock) {
    this.actor = actor;
    this.urls = urls;
    this.http = http;
    this.deliveries = deliveries;
    this.log = log;
    this.events = events;
    this.clock = clock;
  }

  /** Where the organisation moved, once the Move was sent. */
  public Optional<String> movedTo() {
    Optional<String> known = movedTo;
    if (known == null) {
      known = actor.movedTo();
      movedTo = known;
    }
    return known;
  }

  public List<String> aliases() {
    return actor.alsoKnownAs();
  }

  /** The new actors this instance has logged a hand-over to, newest first. */
  public List<String> handedOverTo() {
    return log.newest("federation.moved", Long.MAX_VALUE, 20).stream()
        .filter(e -> urls.actor().equals(e.data().get("old_actor")))
        .map(e -> e.data().get("new_actor")).filter(a -> a != null).distinct().toList();
  }

  /** New instance: this actor is also known as the old one, so that the old one may move here. */
  @Transactional
  public void declareAlias(String oldActor) {
    String old = actorAddress(oldActor, "oldActor");
    if (actor.addAlias(old)) {
      events.publishEvent(new AliasDeclared(UUID.randomUUID(), clock.instant(), old));
    }
  }

  /** Old instance, first: the hand-over entry, before the final backup. */
  @Transactional
  public void handOver(String newActor) {
    String target = actorAddress(newActor, "newActor");
    if (movedTo().isPresent()) {
      throw InvalidInput.of("newActor", "federation.move.already-moved");
    }
    events.publishEvent(new ActorMoved(UUID.randomUUID(), clock.instant(), urls.actor(), target,
        LogSignatures.fingerprint(log.publicKey())));
  }

  /**
   * Old instance, last: checks that the new actor names this one as an alias, records the move and sends
   * {@code Move} to the followers. Sending again to the same new actor is allowed (a follower's server was down).
   */
  @Transactional
  public void move(String newActor) {
    String target = actorAddress(newActor, "target");
    Optional<String> moved = movedTo();
    if (moved.isPresent() && !moved.get().equals(target)) {
      throw InvalidInput.of("target", "federation.move.already-moved");
    }
    if (!handedOverTo().contains(target)) {
      throw InvalidInput.of("target", "federation.move.hand-over-first");
    }
    checkAliased(target);
    actor.setMovedTo(target);
    movedTo = Optional.of(target);
    UUID id = UUID.randomUUID();
    Map<String, Object> move = new LinkedHashMap<>();
    move.put("@context", "https://www.w3.org/ns/activitystreams");
    move.put("id", urls.activity(id));
    move.put("type", "Move");
    move.put("actor", urls.actor());
    move.put("object", urls.actor());
    move.put("target", target);
    move.put("to", List.of(urls.followers()));
    deliveries.sendToFollowers(id, Json.MAPPER.writeValueAsString(move));
  }

  /** The new actor's document, fetched through the guarded client, must list this actor in alsoKnownAs. */
  private void checkAliased(String target) {
    OutboundHttp.Response response;
    try {
      response = http.get(URI.create(target), FederationUrls.ACTIVITY_JSON);
    } catch (OutboundHttp.AddressRefused refused) {
      throw InvalidInput.of("target", "federation.move.address-refused");
    } catch (IOException unreachable) {
      throw InvalidInput.of("target", "federation.move.unreachable");
    }
    if (!response.ok()) {
      throw InvalidInput.of("target", "federation.move.unreachable");
    }
    JsonNode document;
    try {
      document = Json.MAPPER.readTree(response.body());
    } catch (JacksonException e) {
      throw InvalidInput.of("target", "federation.move.not-an-actor");
    }
    if (document == null || !document.isObject() || !document.path("id").isString()
        || !target.equals(document.path("id").asString()) || !document.path("type").isString()
        || !ACTOR_TYPES.contains(document.path("type").asString())) {
      throw InvalidInput.of("target", "federation.move.not-an-actor");
    }
    JsonNode aliases = document.path("alsoKnownAs");
    boolean listed = aliases.isString() ? aliases.asString().equals(urls.actor())
        : aliases.isArray() && aliases.valueStream().anyMatch(a -> a.isString() && a.asString().equals(urls.actor()));
    if (!listed) {
      throw InvalidInput.of("target", "federation.move.not-aliased");
    }
  }

  private String actorAddress(@Nullable String text, String field) {
    String address = MoveRules.actorUrl(text == null ? null : text.strip());
    if (address == null) {
      throw InvalidInput.of(field, "federation.move.url.invalid");
    }
    if (address.equals(urls.actor())) {
      throw InvalidInput.of(field, "federation.move.url.self");
    }
    return address;
  }

}
