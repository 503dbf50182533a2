package org.commune.federation.move;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.commune.federation.FederationUrls;
import org.commune.federation.delivery.Deliveries;
import org.commune.federation.http.ActorKeys;
import org.commune.federation.http.OutboundHttp;
import org.commune.governance.DecisionTaken;
import org.commune.governance.DecisionType;
import org.commune.governance.ProposalId;
import org.commune.governance.Proposals;
import org.commune.members.InvalidInput;
import org.commune.members.MemberId;
import org.commune.transparency.LogSignatures;
import org.commune.transparency.TransparencyLog;
import org.commune.web.Json;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Moving house, as Mastodon moves an account (docs/archive.md, "Moving house"). On the old instance: the
 * hand-over entry is logged first (so that the final backup carries it and the new instance's log continues
 * after it), then, once the new actor lists the old one in {@code alsoKnownAs}, {@code movedTo} is set and a
 * {@code Move} goes to every follower, whose servers re-follow the new actor. On the new instance: the old
 * actor is declared as an alias. Moving is the members' decision: the hand-over and the Move go only to an address
 * a passed "move" proposal names (one steward alone must not be able to take the organisation's followers away).
 */
@Service
public class Moving {

  /** Actor types an organisation may move to. */
  static final DecisionType TYPE = DecisionType.MOVE;
  /** The founding rules' voting days for a move (the constitution's): the shortest the rules allow. */
  private static final int VOTING_DAYS = 3;

  private static final List<String> ACTOR_TYPES = List.of("Organization", "Group", "Service", "Application", "Person");

  private final ActorMoveRepository actor;
  private final FederationUrls urls;
  private final OutboundHttp http;
  private final Deliveries deliveries;
  private final TransparencyLog log;
  private final ApplicationEventPublisher events;
  private final Proposals proposals;
  private final ActorKeys keys;
  private final MessageSource messages;
  private final Clock clock;
  /** Read on every public page (the banner): kept here, changed only through this class. */
  private volatile @Nullable Optional<String> movedTo;

  Moving(ActorMoveRepository actor, FederationUrls urls, OutboundHttp http, Deliveries deliveries,
      TransparencyLog log, ApplicationEventPublisher events, Proposals proposals, ActorKeys keys,
      MessageSource messages, Clock clock) {
    this.actor = actor;
    this.urls = urls;
    this.http = http;
    this.deliveries = deliveries;
    this.log = log;
    this.events = events;
    this.proposals = proposals;
    this.keys = keys;
    this.messages = messages;
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

  /** The new actors the members voted to move to, oldest first. */
  public List<String> adoptedTargets() {
    return actor.adoptedTargets();
  }

  /**
   * Puts the move to {@code newActor} to the members' vote. The new instance need not run yet (it is restored
   * from the backup made after the hand-over): the proposal names the address and the keys that will carry on
   * there, which are this instance's own, so members and followers can compare them with what the address serves.
   */
  @Transactional
  public ProposalId proposeMove(MemberId steward, String newActor, Locale locale) {
    String target = actorAddress(newActor, "proposed");
    if (movedTo().isPresent()) {
      throw InvalidInput.of("proposed", "federation.move.already-moved");
    }
    String title = messages.getMessage("federation.move.proposal.title", new Object[] {target}, locale);
    String body = messages.getMessage("federation.move.proposal.body", new Object[] {target, urls.actor(),
        LogSignatures.fingerprint(log.publicKey()), LogSignatures.fingerprint(keys.publicKey().getEncoded())}, locale);
    return proposals.proposeDocument(steward, TYPE, title, body, Json.MAPPER.writeValueAsString(Map.of("to", target)),
        VOTING_DAYS);
  }

  /** A passed "move" proposal: its target becomes an address the stewards may hand over and move to. */
  @ApplicationModuleListener
  void on(DecisionTaken decision) {
    if (decision.type() != TYPE || decision.payload() == null) {
      return;
    }
    String target;
    try {
      JsonNode payload = Json.MAPPER.readTree(decision.payload());
      target = payload.isObject() && payload.size() == 1 && payload.path("to").isString()
          ? MoveRules.actorUrl(payload.path("to").asString()) : null;
    } catch (JacksonException e) {
      target = null;
    }
    // Only what proposeMove writes is acted on; anything else moves nothing.
    if (target != null && !target.equals(urls.actor())) {
      actor.adopt(target, decision.proposal().value(), clock.instant());
    }
  }

  private void voted(String target, String field) {
    if (!actor.adopted(target)) {
      throw InvalidInput.of(field, "federation.move.not-voted");
    }
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
    voted(target, "newActor");
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
    voted(target, "target");
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
