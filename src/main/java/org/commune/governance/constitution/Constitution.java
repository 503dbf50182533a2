package org.commune.governance.constitution;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.commune.governance.ConstitutionRules;
import org.commune.governance.DecisionRules;
import org.commune.governance.DecisionTaken;
import org.commune.governance.DecisionType;
import org.commune.governance.GovernanceRecorded;
import org.commune.governance.ProposalId;
import org.commune.governance.VotingMethod;
import org.commune.governance.VotingRules;
import org.commune.members.InvalidInput;
import org.commune.web.Json;
import tools.jackson.databind.JsonNode;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The organisation's rules, as data. Read by every proposal; changed only by {@link #adopt} when a
 * proposal of type "constitution" passes. Every version stays public.
 */
@Service
public class Constitution {

  private final ConstitutionRepository versions;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  Constitution(ConstitutionRepository versions, ApplicationEventPublisher events, Clock clock) {
    this.versions = versions;
    this.events = events;
    this.clock = clock;
  }

  /** A version as the public page shows it. */
  public record Version(int version, ConstitutionRules rules, Instant adoptedAt, String adoptedBy) {}

  @Transactional
  public ConstitutionRules current() {
    return versions.current().map(v -> parse(v.rules())).orElseGet(this::found);
  }

  public List<Version> history() {
    current();
    return versions.history().stream().map(v -> new Version(v.version(), parse(v.rules()), v.adoptedAt(),
        v.adoptedBy() == null ? "" : v.adoptedBy().toString())).toList();
  }

  public DecisionRules rules(DecisionType type) {
    return rules(type.code());
  }

  public DecisionRules rules(String type) {
    return current().rules(type).orElseThrow(() -> InvalidInput.of("type", "proposals.type.invalid"));
  }

  /** Checks proposed rules for one decision type; the messages say what is wrong in the member's language. */
  public static DecisionRules check(String type, DecisionRules proposed) {
    List<InvalidInput.Problem> problems = new ArrayList<>();
    if (!ConstitutionRules.TYPES.contains(type)) {
      problems.add(new InvalidInput.Problem("type", "proposals.type.invalid"));
    }
    if (proposed.methods().isEmpty()
        || proposed.methods().stream().anyMatch(m -> VotingMethod.fromCode(m).isEmpty())) {
      problems.add(new InvalidInput.Problem("methods", "constitution.methods.invalid"));
    }
    if ("constitution".equals(type) && !proposed.methods().equals(List.of("supermajority"))) {
      problems.add(new InvalidInput.Problem("methods", "constitution.methods.supermajority"));
    }
    if (proposed.quorumPercent() < 0 || proposed.quorumPercent() > 100) {
      problems.add(new InvalidInput.Problem("quorum", "proposals.quorum.invalid"));
    }
    if (proposed.thresholdDen() < 1 || proposed.thresholdNum() * 2 <= proposed.thresholdDen()
        || proposed.thresholdNum() > proposed.thresholdDen() || proposed.thresholdDen() > 100) {
      problems.add(new InvalidInput.Problem("threshold", "constitution.threshold.invalid"));
    }
    if (proposed.discussionDays() < 0 || proposed.discussionDays() > 30) {
      problems.add(new InvalidInput.Problem("discussion", "proposals.discussion.invalid"));
    }
    // 0: the type sets no floor of its own; the voting rules' shortest time applies.
    if (proposed.votingDays() < 0 || proposed.votingDays() > 60) {
      problems.add(new InvalidInput.Problem("voting", "proposals.days.invalid"));
    }
    if (!List.of("member", "steward").contains(proposed.proposers())) {
      problems.add(new InvalidInput.Problem("proposers", "constitution.proposers.invalid"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidInput(problems);
    }
    return proposed;
  }

  /**
   * Checks proposed voting rules: the shortest time at least 1 minute, the longest not shorter than it and
   * at most a year, and closers and extenders among the roles the rules may name.
   */
  public static VotingRules checkVoting(VotingRules proposed) {
    List<InvalidInput.Problem> problems = new ArrayList<>();
    if (proposed.minMinutes() < 1 || proposed.minMinutes() > MAX_VOTING_MINUTES) {
      problems.add(new InvalidInput.Problem("minVoting", "constitution.voting.min.invalid"));
    }
    if (proposed.maxMinutes() < proposed.minMinutes() || proposed.maxMinutes() > MAX_VOTING_MINUTES) {
      problems.add(new InvalidInput.Problem("maxVoting", "constitution.voting.max.invalid"));
    }
    if (!VotingRules.ROLES.containsAll(proposed.closers()) || !VotingRules.ROLES.containsAll(proposed.extenders())) {
      problems.add(new InvalidInput.Problem("roles", "constitution.voting.roles.invalid"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidInput(problems);
    }
    return new VotingRules(proposed.minMinutes(), proposed.maxMinutes(),
        VotingRules.ROLES.stream().filter(proposed.closers()::contains).toList(),
        VotingRules.ROLES.stream().filter(proposed.extenders()::contains).toList(), proposed.closeWhenAllVoted());
  }

  /** A year: no constitution lets a vote run longer (nor the form's units overflow). */
  static final long MAX_VOTING_MINUTES = 366L * 24 * 60;

  /** The payload of a proposal to change the voting rules. */
  public static String votingRulesJson(VotingRules rules) {
    return Json.MAPPER.writeValueAsString(Map.of("type", VOTING_RULES, "voting", checkVoting(rules)));
  }

  static final String VOTING_RULES = "voting-rules";

  /**
   * The payload of a constitution proposal of this kind ({@link #PUBLIC_ROLES}, {@link #VOTING_RULES}),
   * for the pages that describe it; empty for other types and kinds.
   */
  static Optional<JsonNode> payloadOf(DecisionType type, String payload, String kind) {
    if (type != DecisionType.CONSTITUTION) {
      return Optional.empty();
    }
    JsonNode node = Json.MAPPER.readTree(payload);
    return node.get("type") != null && kind.equals(node.get("type").asString()) ? Optional.of(node) : Optional.empty();
  }

  public static String toJson(String type, DecisionRules rules) {
    return Json.MAPPER.writeValueAsString(Map.of("type", type, "rules", rules));
  }

  /** The payload of a proposal to name the holders of these roles in public. */
  public static String publicRolesJson(List<String> roles) {
    return Json.MAPPER.writeValueAsString(Map.of("type", PUBLIC_ROLES, "roles", checkRoles(roles)));
  }

  static final String PUBLIC_ROLES = "public-roles";

  static List<String> checkRoles(List<String> roles) {
    if (!ConstitutionRules.NAMEABLE_ROLES.containsAll(roles)) {
      throw InvalidInput.of("roles", "constitution.public-roles.invalid");
    }
    return ConstitutionRules.NAMEABLE_ROLES.stream().filter(roles::contains).toList();
  }

  /**
   * A passed "constitution" proposal: the change it carries becomes the next version. Heard after the
   * vote's transaction committed, as the AI charter hears its own (the event registry retries it).
   */
  @ApplicationModuleListener
  void on(DecisionTaken decision) {
    if (decision.type() == DecisionType.CONSTITUTION && decision.payload() != null) {
      adopt(decision.proposal(), decision.payload());
    }
  }

  /**
   * Adopts the change a passed "constitution" proposal carries, as the next version. Two adoptions
   * heard at once (two votes closing together) take turns on a lock, so each builds on the other's
   * version instead of both claiming the same number; a redelivered decision adopts nothing twice.
   */
  private void adopt(ProposalId by, String payload) {
    versions.lockForAdoption();
    if (versions.adoptedBy(by.value())) {
      return;
    }
    var node = Json.MAPPER.readTree(payload);
    String type = node.get("type").asString();
    if (PUBLIC_ROLES.equals(type)) {
      List<String> roles = new ArrayList<>();
      node.get("roles").forEach(r -> roles.add(r.asString()));
      ConstitutionRules next = current().withPublicRoles(checkRoles(roles));
      int version = versions.current().map(ConstitutionRepository.Version::version).orElse(1) + 1;
      versions.insert(version, Json.MAPPER.writeValueAsString(next), clock.instant(), by.value());
      events.publishEvent(new GovernanceRecorded(UUID.randomUUID(), clock.instant(), "constitution.amended",
          Map.of("version", Integer.toString(version), "proposal", by.toString(), "type", PUBLIC_ROLES,
              "roles", String.join("+", next.publicRoles()))));
      return;
    }
    if (VOTING_RULES.equals(type)) {
      VotingRules voting = checkVoting(Json.MAPPER.treeToValue(node.get("voting"), VotingRules.class));
      ConstitutionRules next = current().withVoting(voting);
      int version = versions.current().map(ConstitutionRepository.Version::version).orElse(1) + 1;
      versions.insert(version, Json.MAPPER.writeValueAsString(next), clock.instant(), by.value());
      events.publishEvent(new GovernanceRecorded(UUID.randomUUID(), clock.instant(), "constitution.amended",
          Map.of("version", Integer.toString(version), "proposal", by.toString(), "type", VOTING_RULES,
              "rules", Json.MAPPER.writeValueAsString(voting))));
      return;
    }
    DecisionRules rules = check(type, Json.MAPPER.treeToValue(node.get("rules"), DecisionRules.class));
    ConstitutionRules next = current().with(type, rules);
    int version = versions.current().map(ConstitutionRepository.Version::version).orElse(1) + 1;
    versions.insert(version, Json.MAPPER.writeValueAsString(next), clock.instant(), by.value());
    events.publishEvent(new GovernanceRecorded(UUID.randomUUID(), clock.instant(), "constitution.amended",
        Map.of("version", Integer.toString(version), "proposal", by.toString(), "type", type,
            "rules", Json.MAPPER.writeValueAsString(rules))));
  }

  private ConstitutionRules found() {
    ConstitutionRules founding = ConstitutionRules.founding();
    versions.insert(1, Json.MAPPER.writeValueAsString(founding), clock.instant(), null);
    return versions.current().map(v -> parse(v.rules())).orElse(founding);
  }

  private static ConstitutionRules parse(String json) {
    return Json.MAPPER.readValue(json, ConstitutionRules.class).completed();
  }
}
