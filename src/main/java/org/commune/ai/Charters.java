package org.commune.ai;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.commune.governance.GovernanceRecorded;
import org.commune.governance.DecisionTaken;
import org.commune.governance.DecisionType;
import org.commune.governance.ProposalId;
import org.commune.governance.Proposals;
import org.commune.members.MemberId;
import org.commune.web.Json;
import org.commune.web.Sha256;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The AI charter in force and its history. A charter takes effect only when a proposal of type
 * "ai-charter" passes; each version cites that decision. Before the first one, nothing is allowed.
 */
@Service
public class Charters {

  static final DecisionType TYPE = DecisionType.AI_CHARTER;
  /** Canonical JSON: keys sorted at every level, so the same charter always gives the same bytes and hash. */
  private static final JsonMapper CANONICAL = JsonMapper.builder()
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY).build();

  private final CharterRepository charters;
  private final Proposals proposals;
  private final Providers providers;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  Charters(CharterRepository charters, Proposals proposals, Providers providers,
      ApplicationEventPublisher events, Clock clock) {
    this.charters = charters;
    this.proposals = proposals;
    this.providers = providers;
    this.events = events;
    this.clock = clock;
    this.inForce = new Refreshing<>(() -> charters.current().map(Charters::version));
  }

  /** A charter version: its number, its clauses, when it was adopted and by which decision. */
  public record Version(int version, Charter charter, Instant adoptedAt, UUID decision) {}

  /**
   * The charter in force. Read at most every few seconds (it changes only when a vote passes), so a
   * newly adopted charter takes effect within {@link Refreshing#FRESH} on every server; on this one at once.
   */
  public Optional<Version> current() {
    return inForce.get();
  }

  private final Refreshing<Optional<Version>> inForce;

  public List<Version> history() {
    return charters.history().stream().map(Charters::version).toList();
  }

  /**
   * Puts a charter to the members' vote; it takes effect only if the proposal passes. Every provider
   * it names is pinned as registered now (URL, models, key variable, fingerprint), so the ballot shows
   * exactly which servers the members trust; the SHA-256 of the canonical JSON is recorded and logged.
   */
  @Transactional
  public ProposalId propose(MemberId author, String title, String body, Charter charter, int votingDays) {
    Map<String, Charter.Pin> pins = new TreeMap<>();
    Set<String> named = new TreeSet<>(charter.trust().keySet());
    charter.tasks().values().forEach(clause -> named.addAll(clause.providers()));
    for (String name : named) {
      providers.find(name).ifPresent(p -> pins.put(name, Charter.Pin.of(p)));
    }
    String payload = canonical(charter.pinning(pins).checked());
    String hash = Sha256.hex(payload);
    ProposalId id = proposals.proposeDocument(author, TYPE, title, body, payload, votingDays);
    charters.proposed(id.value(), hash);
    events.publishEvent(new GovernanceRecorded(UUID.randomUUID(), clock.instant(), "ai.charter-proposed",
        Map.of("proposal", id.toString(), "charter_sha256", hash)));
    return id;
  }

  /**
   * A passed "ai-charter" proposal: its charter becomes the next version, only if it is byte for
   * byte what was put to the vote (the hash recorded when it was proposed and shown on the ballot).
   */
  @ApplicationModuleListener
  void on(DecisionTaken decision) {
    if (decision.type() == TYPE && decision.payload() != null) {
      String voted = Sha256.hex(decision.payload());
      Optional<String> proposed = charters.proposedHash(decision.proposal().value());
      if (proposed.isPresent() && !proposed.get().equals(voted)) {
        refuse(decision, "hash-mismatch", proposed.get());
        return;
      }
      Charter charter;
      try {
        charter = Json.MAPPER.readValue(decision.payload(), Charter.class).checked();
      } catch (RuntimeException invalid) {
        // A payload that no longer parses or passes the checks: nothing is adopted, and the log says so.
        refuse(decision, "invalid", proposed.orElse(voted));
        return;
      }
      String adopted = canonical(charter);
      String hash = Sha256.hex(adopted);
      if (proposed.isPresent() && !proposed.get().equals(hash)) {
        refuse(decision, "hash-mismatch", proposed.get());
        return;
      }
      charters.adopt(adopted, hash, clock.instant(), decision.proposal().value());
      inForce.reset();
      charters.current().filter(row -> row.adoptedBy().equals(decision.proposal().value())).ifPresent(row ->
          events.publishEvent(new GovernanceRecorded(UUID.randomUUID(), clock.instant(), "ai.charter-adopted",
              Map.of("proposal", decision.proposal().toString(), "version", Integer.toString(row.version()),
                  "charter_sha256", hash))));
    }
  }

  private void refuse(DecisionTaken decision, String reason, String votedSha256) {
    events.publishEvent(new GovernanceRecorded(UUID.randomUUID(), clock.instant(), "ai.charter-refused",
        Map.of("proposal", decision.proposal().toString(), "reason", reason, "voted_sha256", votedSha256)));
  }

  /** The canonical JSON of a charter: what is hashed, voted on and adopted. */
  public static String canonical(Charter charter) {
    return CANONICAL.writeValueAsString(charter);
  }

  /** The SHA-256 of the charter's canonical JSON, as shown on the ballot and in the public log. */
  public static String hash(Charter charter) {
    return Sha256.hex(canonical(charter));
  }

  /** The charter a proposal puts to the vote, if it is an AI charter proposal. */
  public static Optional<Charter> parse(String payload) {
    try {
      return Optional.of(Json.MAPPER.readValue(payload, Charter.class));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The charter as members read it on the charter page. */
  public static String json(Charter charter) {
    return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(charter);
  }

  private static Version version(CharterRepository.Row row) {
    return new Version(row.version(), Json.MAPPER.readValue(row.charter(), Charter.class), row.adoptedAt(), row.adoptedBy());
  }
}
