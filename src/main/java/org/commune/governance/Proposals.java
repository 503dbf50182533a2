package org.commune.governance;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.commune.governance.counting.Fraction;
import org.commune.governance.counting.Quorum;
import org.commune.members.InvalidInput;
import org.commune.members.MemberId;
import org.commune.members.Members;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Proposals put to a vote: opening, casting (one ballot per member), closing and counting. The
 * count is made from the same export anyone can download and recount with {@code ./commune tally}.
 */
@Service
public class Proposals {

  static final int MAX_OPTIONS = 20;
  static final Fraction SUPERMAJORITY = new Fraction(2, 3);
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ProposalRepository proposals;
  private final Delegations delegations;
  private final Members members;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  Proposals(ProposalRepository proposals, Delegations delegations, Members members, ApplicationEventPublisher events,
      Clock clock) {
    this.proposals = proposals;
    this.delegations = delegations;
    this.members = members;
    this.events = events;
    this.clock = clock;
  }

  public List<ProposalView> newest() {
    return proposals.newest(100);
  }

  public Optional<ProposalView> find(ProposalId id) {
    return proposals.find(id);
  }

  public boolean hasVoted(ProposalId id, MemberId member) {
    return proposals.hasVoted(id, member.value());
  }

  /** Opens a vote now; the tie-break seed is drawn and published at once, before any ballot. */
  @Transactional
  public ProposalId open(MemberId author, NewProposal proposal) {
    List<InvalidInput.Problem> problems = new ArrayList<>();
    String title = proposal.title() == null ? "" : proposal.title().strip();
    String body = proposal.body() == null ? "" : proposal.body().strip();
    if (title.isEmpty()) {
      problems.add(new InvalidInput.Problem("title", "input.required"));
    } else if (title.length() > 200) {
      problems.add(new InvalidInput.Problem("title", "input.too-long"));
    }
    if (body.length() > 20_000) {
      problems.add(new InvalidInput.Problem("body", "input.too-long"));
    }
    Optional<VotingMethod> method = VotingMethod.fromCode(proposal.method() == null ? "" : proposal.method());
    if (method.isEmpty()) {
      problems.add(new InvalidInput.Problem("method", "proposals.method.invalid"));
    }
    List<String> options = proposal.options().stream().map(String::strip).filter(o -> !o.isEmpty()).toList();
    if (method.isPresent() && method.get().hasOptions()) {
      if (options.size() < 2 || options.size() > MAX_OPTIONS) {
        problems.add(new InvalidInput.Problem("options", "proposals.options.count"));
      } else if (options.stream().distinct().count() != options.size() || options.stream().anyMatch(o -> o.length() > 200)) {
        problems.add(new InvalidInput.Problem("options", "proposals.options.distinct"));
      }
    }
    if (proposal.days() < 1 || proposal.days() > 60) {
      problems.add(new InvalidInput.Problem("days", "proposals.days.invalid"));
    }
    if (proposal.quorumPercent() < 0 || proposal.quorumPercent() > 100) {
      problems.add(new InvalidInput.Problem("quorum", "proposals.quorum.invalid"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidInput(problems);
    }
    VotingMethod chosen = method.orElseThrow();
    ProposalId id = new ProposalId(UUID.randomUUID());
    Instant now = clock.instant();
    Instant closes = now.plus(Duration.ofDays(proposal.days()));
    long seed = RANDOM.nextLong() & Long.MAX_VALUE;
    int[] threshold = chosen == VotingMethod.SUPERMAJORITY ? new int[] {2, 3} : new int[] {1, 2};
    proposals.insert(id, title, body, chosen, threshold, new int[] {proposal.quorumPercent(), 100}, author.value(),
        members.all().size(), seed, now, closes, chosen.hasOptions() ? options : List.of());
    events.publishEvent(new ProposalOpened(UUID.randomUUID(), now, id, title, chosen.code(), closes, seed, author));
    return id;
  }

  /** Casts a member's ballot. Refused (and nothing stored) when invalid, after close, or a second time. */
  @Transactional
  public void cast(MemberId voter, ProposalId id, BallotInput input) {
    ProposalView proposal = proposals.find(id).orElseThrow(() -> InvalidInput.of("form", "proposals.unknown"));
    String phase = proposals.lockPhase(id, false).orElseThrow(() -> InvalidInput.of("form", "proposals.unknown"));
    if (!"voting".equals(phase) || !clock.instant().isBefore(proposal.closesAt())) {
      throw InvalidInput.of("form", "ballot.closed");
    }
    String content = JSON.writeValueAsString(BallotRules.check(proposal, input));
    try {
      proposals.insertBallot(id, voter.value(), content);
    } catch (DuplicateKeyException twice) {
      throw InvalidInput.of("form", "ballot.twice");
    }
  }

  /** Closes every vote whose time is up (runs every half minute; safe on several servers). */
  @Scheduled(fixedDelayString = "PT30S", initialDelayString = "PT10S")
  public void closeDue() {
    for (ProposalId id : proposals.dueForClosing(clock.instant())) {
      close(id);
    }
  }

  /** Closes and counts a vote. Ballots acknowledged before this takes its lock are all counted. */
  @Transactional
  public void close(ProposalId id) {
    String phase = proposals.lockPhase(id, true).orElseThrow(() -> new IllegalArgumentException("no such proposal"));
    if (!"voting".equals(phase)) {
      return;
    }
    ProposalView proposal = proposals.find(id).orElseThrow();
    // Delegation weights are computed now, at the close: a direct ballot always wins.
    List<ProposalRepository.VoterBallot> cast = proposals.ballots(id);
    java.util.Set<UUID> voters = new java.util.HashSet<>();
    cast.forEach(b -> voters.add(b.voter()));
    java.util.Set<UUID> eligible = new java.util.HashSet<>(voters);
    members.all().forEach(m -> eligible.add(m.id().value()));
    var weights = delegations.weights(eligible, voters);
    Map<UUID, Optional<UUID>> routes = new java.util.HashMap<>();
    weights.routes().forEach((member, route) -> routes.put(member, route.castBy()));
    proposals.recordRoutes(id, routes);
    long turnoutWeight = weights.weights().values().stream().mapToLong(Integer::longValue).sum();
    proposals.recordTurnout(id, turnoutWeight);
    String export = export(proposal, cast, weights.weights());
    String printed = org.commune.governance.TallyCommand.tally(export, false, Map.of());
    Fraction quorum = parse(proposal.quorum());
    Quorum.Result turnout = Quorum.check(turnoutWeight, Math.max(proposal.eligible(), turnoutWeight), quorum);
    String outcome;
    if (!turnout.met()) {
      outcome = "failed_quorum";
    } else if (proposal.method().hasOptions()) {
      outcome = "chosen";
    } else {
      outcome = printed.contains("Passed: yes") ? "accepted" : "rejected";
    }
    String summary = printed.lines().reduce((a, b) -> b).orElse("");
    String full = "Turnout: " + turnoutWeight + " of " + proposal.eligible() + " (" + cast.size() + " ballots, "
        + (turnoutWeight - cast.size()) + " delegated votes; quorum " + turnout.required() + ")\n" + printed;
    proposals.decide(id, outcome, full, clock.instant());
    events.publishEvent(new VoteClosed(UUID.randomUUID(), clock.instant(), id, outcome, turnoutWeight,
        proposal.eligible(), summary));
  }

  /** Who cast a member's vote in a closed vote: themselves, a delegate, or nobody. */
  public Optional<Optional<MemberId>> routeOf(ProposalId id, MemberId member) {
    return proposals.routeOf(id, member.value()).map(voter -> voter.map(MemberId::new));
  }

  /** The ballots of a decided vote, weighted by delegation, in the format {@code ./commune tally} reads. */
  public String export(ProposalView proposal) {
    return export(proposal, proposals.ballots(proposal.id()), proposals.weightsAtClose(proposal.id()));
  }

  /** The ballots in the format {@code ./commune tally} reads: each with its weight, no voter named. */
  private static String export(ProposalView proposal, List<ProposalRepository.VoterBallot> cast, Map<UUID, Integer> weights) {
    Map<String, Object> export = new LinkedHashMap<>();
    export.put("proposal", proposal.id().toString());
    export.put("title", proposal.title());
    export.put("method", proposal.method().code());
    export.put("options", proposal.method().hasOptions() ? proposal.options() : List.of("yes", "no"));
    export.put("threshold", proposal.threshold());
    export.put("seed", proposal.tieSeed());
    List<Map<String, Object>> ballots = new ArrayList<>();
    for (ProposalRepository.VoterBallot ballot : cast) {
      @SuppressWarnings("unchecked")
      Map<String, Object> content = new LinkedHashMap<>(JSON.readValue(ballot.content(), Map.class));
      content.put("weight", weights.getOrDefault(ballot.voter(), 1));
      ballots.add(content);
    }
    // Sorted by content, so the order says nothing about who voted when.
    ballots.sort(java.util.Comparator.comparing(Object::toString));
    export.put("ballots", ballots);
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(export);
  }

  private static Fraction parse(String fraction) {
    String[] parts = fraction.split("/");
    return new Fraction(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
  }
}
