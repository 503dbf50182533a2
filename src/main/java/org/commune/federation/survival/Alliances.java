package org.commune.federation.survival;

import java.io.IOException;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.commune.federation.FederationSettings;
import org.commune.federation.http.ActorKeys;
import org.commune.federation.http.OutboundHttp;
import org.commune.governance.DecisionTaken;
import org.commune.governance.DecisionType;
import org.commune.governance.ProposalFilter;
import org.commune.governance.ProposalId;
import org.commune.governance.ProposalPhase;
import org.commune.governance.ProposalView;
import org.commune.governance.Proposals;
import org.commune.members.InvalidInput;
import org.commune.members.MemberId;
import org.commune.transparency.LogSignatures;
import org.commune.web.Json;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;

/**
 * Alliances exist only by vote. A steward proposes an alliance: the ally's two public keys are fetched first and
 * put into the proposal, so members vote on exactly which keys will be trusted; when the proposal passes,
 * those keys are pinned. Ending an alliance is a vote too. Nothing else adds or removes an ally.
 */
@Service
public class Alliances {

  static final DecisionType TYPE = DecisionType.ALLIANCE;

  private final AllyRepository allies;
  private final Proposals proposals;
  private final OutboundHttp http;
  private final FederationSettings settings;
  private final MessageSource messages;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  Alliances(AllyRepository allies, Proposals proposals, OutboundHttp http, FederationSettings settings,
      MessageSource messages, ApplicationEventPublisher events, Clock clock) {
    this.allies = allies;
    this.proposals = proposals;
    this.http = http;
    this.settings = settings;
    this.messages = messages;
    this.events = events;
    this.clock = clock;
  }

  public List<Ally> all() {
    return allies.all();
  }

  public Optional<Ally> find(String host) {
    return allies.find(host);
  }

  /** An alliance proposal not decided yet: what it would do ({@code adopt} or {@code end}) to which address. */
  public record OpenProposal(ProposalId id, String title, String action, String ally) {}

  /**
   * Alliance proposals still in discussion or voting, newest first, so that stewards see what members are
   * already deciding and nobody puts the same alliance to the vote twice.
   */
  public List<OpenProposal> openProposals(MemberId viewer) {
    List<OpenProposal> open = new ArrayList<>();
    for (ProposalPhase phase : List.of(ProposalPhase.DISCUSSION, ProposalPhase.VOTING)) {
      for (ProposalView p : proposals.list(viewer, new ProposalFilter(phase, null, null))) {
        if (p.type() != TYPE || p.payload() == null) {
          continue;
        }
        JsonNode payload;
        try {
          payload = Json.MAPPER.readTree(p.payload());
        } catch (RuntimeException malformed) {
          continue; // not one this code proposed: its decision is refused anyway (see on(DecisionTaken))
        }
        if (payload.path("action").isString() && payload.path("ally").isString()) {
          open.add(new OpenProposal(p.id(), p.title(), payload.path("action").asString(), payload.path("ally").asString()));
        }
      }
    }
    return open;
  }

  /** The keys an ally serves now, as they will be pinned if the members adopt it. */
  record Keys(String url, byte[] logKey, byte[] actorKey) {}

  /**
   * Puts an alliance with the Commune at {@code url} to the members' vote, with its keys' fingerprints in
   * the text and the keys themselves in the payload. Refuses an address that is not a bare http(s) base
   * URL, this Commune itself, an ally already adopted, and a server that does not answer as a Commune.
   */
  @Transactional
  public ProposalId proposeAdoption(MemberId steward, String url, Locale locale) {
    String base = AllyUrl.normalise(url).orElseThrow(() -> InvalidInput.of("url", "survival.allies.url.invalid"));
    if (base.equals(settings.publicUrl())) {
      throw InvalidInput.of("url", "survival.allies.url.self");
    }
    if (allies.find(Ally.hostOf(base)).filter(Ally::active).isPresent()) {
      throw InvalidInput.of("url", "survival.allies.url.already");
    }
    if (openProposals(steward).stream().anyMatch(p -> p.action().equals("adopt") && p.ally().equals(base))) {
      throw InvalidInput.of("url", "survival.allies.url.proposed");
    }
    Keys keys = fetchKeys(base);
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("action", "adopt");
    payload.put("ally", base);
    payload.put("logKey", Base64.getEncoder().encodeToString(keys.logKey()));
    payload.put("actorKey", Base64.getEncoder().encodeToString(keys.actorKey()));
    String host = Ally.hostOf(base);
    String title = messages.getMessage("survival.proposal.adopt.title", new Object[] {host}, locale);
    String body = messages.getMessage("survival.proposal.adopt.body", new Object[] {base,
        LogSignatures.fingerprint(keys.logKey()), LogSignatures.fingerprint(keys.actorKey())}, locale);
    return proposals.proposeDocument(steward, TYPE, title, body, SignedItems.canonical(payload), 1);
  }

  /** Puts the end of an alliance to the vote (its mirror stays readable; syncing and witnessing stop). */
  @Transactional
  public ProposalId proposeEnd(MemberId steward, String host, Locale locale) {
    Ally ally = allies.find(host).filter(Ally::active)
        .orElseThrow(() -> InvalidInput.of("form", "survival.allies.unknown"));
    String title = messages.getMessage("survival.proposal.end.title", new Object[] {ally.host()}, locale);
    String body = messages.getMessage("survival.proposal.end.body", new Object[] {ally.url()}, locale);
    return proposals.proposeDocument(steward, TYPE, title, body,
        SignedItems.canonical(Map.of("action", "end", "ally", ally.url())), 1);
  }

  /** Reads the keys an ally serves at {@code /api/mirror/origin}, strictly, through the guarded client. */
  Keys fetchKeys(String base) {
    JsonNode origin;
    try {
      OutboundHttp.Response response = http.get(URI.create(base + "/api/mirror/origin"), "application/json");
      if (!response.ok()) {
        throw InvalidInput.of("url", "survival.allies.url.not-commune");
      }
      origin = Json.MAPPER.readTree(response.body());
    } catch (OutboundHttp.AddressRefused refused) {
      throw InvalidInput.of("url", "survival.allies.url.refused");
    } catch (IOException | RuntimeException unreachable) {
      if (unreachable instanceof InvalidInput invalid) {
        throw invalid;
      }
      // One message for "did not answer" and "answered, not as a Commune": the form is no port scanner.
      throw InvalidInput.of("url", "survival.allies.url.not-commune");
    }
    try {
      if (!origin.path("url").isString() || !base.equals(origin.path("url").asString())
          || !origin.path("logKey").isString() || !origin.path("actorKey").isString()) {
        throw new IllegalArgumentException("not a Commune origin document");
      }
      byte[] logKey = Base64.getDecoder().decode(origin.path("logKey").asString());
      LogSignatures.publicKey(logKey);
      byte[] actorKey = ActorKeys.parsePem(origin.path("actorKey").asString()).getEncoded();
      return new Keys(base, logKey, actorKey);
    } catch (IllegalArgumentException | GeneralSecurityException malformed) {
      throw InvalidInput.of("url", "survival.allies.url.not-commune");
    }
  }

  /**
   * A passed "alliance" proposal: adopt (pin the keys the members voted on) or end. A payload that does not
   * hold exactly what this code proposes is refused, and the log says so.
   */
  @ApplicationModuleListener
  void on(DecisionTaken decision) {
    if (decision.type() != TYPE || decision.payload() == null) {
      return;
    }
    UUID proposal = decision.proposal().value();
    JsonNode payload;
    try {
      payload = Json.MAPPER.readTree(decision.payload());
    } catch (RuntimeException e) {
      refused(proposal, "invalid");
      return;
    }
    String action = payload.path("action").isString() ? payload.path("action").asString() : "";
    Optional<String> ally = payload.path("ally").isString()
        ? AllyUrl.normalise(payload.path("ally").asString()) : Optional.empty();
    if (ally.isEmpty() || !ally.get().equals(payload.path("ally").asString())) {
      refused(proposal, "invalid");
      return;
    }
    String host = Ally.hostOf(ally.get());
    if (action.equals("adopt")) {
      byte[] logKey;
      byte[] actorKey;
      try {
        logKey = Base64.getDecoder().decode(payload.path("logKey").asString(""));
        actorKey = Base64.getDecoder().decode(payload.path("actorKey").asString(""));
        LogSignatures.publicKey(logKey);
        Ally.rsaKey(actorKey);
      } catch (RuntimeException | GeneralSecurityException e) {
        refused(proposal, "invalid");
        return;
      }
      allies.adopt(host, ally.get(), logKey, actorKey, proposal, clock.instant());
      events.publishEvent(new AllyAdopted(UUID.randomUUID(), clock.instant(), proposal, host,
          LogSignatures.fingerprint(logKey), LogSignatures.fingerprint(actorKey)));
    } else if (action.equals("end")) {
      if (allies.end(host, proposal, clock.instant())) {
        events.publishEvent(new AllyEnded(UUID.randomUUID(), clock.instant(), proposal, host));
      }
    } else {
      refused(proposal, "invalid");
    }
  }

  private void refused(UUID proposal, String reason) {
    events.publishEvent(new AllianceRefused(UUID.randomUUID(), clock.instant(), proposal, reason));
  }
}
