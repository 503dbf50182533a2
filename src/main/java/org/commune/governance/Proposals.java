package org.commune.governance;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.commune.governance.ballot.BallotRules;
import org.commune.governance.ballot.SecretBallots;
import org.commune.governance.constitution.Constitution;
import org.commune.governance.counting.BallotJson;
import org.commune.governance.counting.BallotSet;
import org.commune.governance.counting.CountReport;
import org.commune.governance.counting.CountingMethod;
import org.commune.governance.counting.WeightedBallot;
import org.commune.governance.counting.Fraction;
import org.commune.governance.counting.Quorum;
import org.commune.governance.delegation.Delegations;
import org.commune.governance.notification.Notifications;
import org.commune.governance.proposal.ConsentObjections;
import org.commune.governance.proposal.ProposalDecided;
import org.commune.governance.proposal.ProposalMoved;
import org.commune.governance.proposal.ProposalRepository;
import org.commune.governance.proposal.ProposalValidator;
import org.commune.members.GroupId;
import org.commune.members.Groups;
import org.commune.members.InvalidInput;
import org.commune.members.MemberId;
import org.commune.members.MemberSummary;
import org.commune.members.Members;
import org.commune.search.SearchableChanged;
import org.commune.web.Json;
import org.commune.web.Sha256;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Proposals through their lifecycle: draft → discussion → voting → decided (→ implementation). Each
 * phase change is published for the transparency log. Casting (one ballot per member, open or
 * secret), closing and counting: the count is made from the same export anyone can download and
 * recount with {@code ./commune tally}.
 */
@Service
public class Proposals {

  private static final SecureRandom RANDOM = new SecureRandom();

  private final ProposalRepository proposals;
  private final ProposalValidator validator;
  private final Delegations delegations;
  private final Constitution constitution;
  private final Members members;
  private final Groups groups;
  private final Notifications notifications;
  private final ConsentObjections objections;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final SecretBallots secretBallots;

  Proposals(ProposalRepository proposals, ProposalValidator validator, Delegations delegations, Constitution constitution, Members members,
      Groups groups, Notifications notifications, ConsentObjections objections,
      ApplicationEventPublisher events, Clock clock,
      PlatformTransactionManager transactions, SecretBallots secretBallots) {
    this.secretBallots = secretBallots;
    this.objections = objections;
    this.proposals = proposals;
    this.validator = validator;
    this.delegations = delegations;
    this.constitution = constitution;
    this.members = members;
    this.groups = groups;
    this.notifications = notifications;
    this.events = events;
    this.clock = clock;
    this.inTransaction = new TransactionTemplate(transactions);
  }

  private final TransactionTemplate inTransaction;

  /** The newest proposals the member may see (other members' drafts are private to their authors). */
  public List<ProposalView> newest(MemberId viewer) {
    return proposals.newest(100, viewer.value());
  }

  /** Proposals the member may see, narrowed by the filter, newest first (without their options). */
  public List<ProposalView> list(MemberId viewer, ProposalFilter filter) {
    return proposals.list(viewer.value(), filter, 200);
  }

  /**
   * What asks for the member on their home page, up to {@code count} of each: open votes they may cast
   * and have not (soonest closing first), proposals in discussion in their groups and for everyone, and
   * decisions taken since the moment (in their groups, for everyone, or on their own proposals).
   */
  public record Waiting(List<ProposalView> votes, List<ProposalView> discussions, List<ProposalView> decided) {}

  public Waiting waiting(MemberId member, Instant since, int count) {
    List<UUID> in = groups.of(member).stream().map(g -> g.id().value()).toList();
    return new Waiting(proposals.votesWaiting(member.value(), in, count), proposals.inDiscussion(in, count),
        proposals.decidedSince(member.value(), in, since, count));
  }

  /** Proposals as search shows them (without options): all of them, or the one with this id. */
  public List<ProposalView> searchable(@Nullable ProposalId id) {
    return proposals.searchable(id == null ? null : id.value());
  }

  public boolean any() {
    return proposals.any();
  }

  public Optional<ProposalView> find(ProposalId id) {
    return proposals.find(id);
  }

  /** A proposal as this member may see it: a draft only by its author. */
  public Optional<ProposalView> find(ProposalId id, MemberId viewer) {
    return proposals.find(id).filter(p -> !p.draft() || p.author().equals(viewer.value()));
  }

  public boolean hasVoted(ProposalId id, MemberId member) {
    return proposals.hasVoted(id, member.value());
  }

  /** The members who decide a proposal: its group's members, or everyone. */
  List<MemberSummary> electorate(@Nullable UUID group) {
    return group == null ? members.all() : groups.members(new GroupId(group));
  }

  public boolean mayVote(ProposalView proposal, MemberId member) {
    return refusal(proposal, member).isEmpty();
  }

  /**
   * Why the member may not vote on the proposal (a message key), or "" if they may. Once voting has
   * opened, the electorate fixed at that moment decides: a member who joined later has no vote, one
   * removed from the group mid-vote keeps theirs (so no one changes a result by changing who belongs).
   * Before voting opens, and for votes opened before electorates were fixed, the members now decide.
   */
  public String refusal(ProposalView proposal, MemberId member) {
    Optional<Boolean> fixed = proposals.inFixedElectorate(proposal.id(), member.value());
    if (fixed.isPresent() && fixed.get()) {
      return "";
    }
    boolean belongs = proposal.group() == null
        || electorate(proposal.group()).stream().anyMatch(m -> m.id().equals(member));
    // Outside the group: say so; in it (or in the organisation) but joined after the opening: say that.
    return !belongs ? "ballot.not-in-group" : fixed.isPresent() ? "ballot.not-in-electorate" : "";
  }

  /** The members who decide a vote: fixed when voting opened (for older votes, the members now). */
  public Set<UUID> electorateOf(ProposalView proposal) {
    return proposals.fixedElectorate(proposal.id()).<Set<UUID>>map(HashSet::new).orElseGet(() -> {
      Set<UUID> now = new HashSet<>();
      electorate(proposal.group()).forEach(m -> now.add(m.id().value()));
      return now;
    });
  }

  /**
   * Creates a proposal under the constitution's rules for its type: as a draft, in discussion, or (with
   * no discussion days) with voting open at once. The tie-break seed is drawn now and published when
   * voting opens, before any ballot.
   */
  /**
   * Creates a proposal whose vote opens at once (no discussion days) for a chosen part of its electorate:
   * a general assembly's quick vote that only members present may cast. Those chosen who are not in the
   * electorate the proposal would have (a group's decision) are left out; none left is refused. The
   * electorate is fixed in the same transaction, so nobody outside it can cast a ballot (casting checks
   * the fixed electorate).
   */
  @Transactional
  public ProposalId createFor(MemberId author, NewProposal proposal, Set<MemberId> voters) {
    if (voters.isEmpty()) {
      throw InvalidInput.of("voters", "proposals.electorate.empty");
    }
    ProposalId id = create(author, proposal);
    ProposalView created = proposals.find(id).orElseThrow();
    if (created.phase() != ProposalPhase.VOTING) {
      throw new IllegalArgumentException("a chosen electorate needs a vote that opens at once");
    }
    Set<UUID> allowed = new HashSet<>(electorateOf(created));
    Set<UUID> chosen = new HashSet<>();
    for (MemberId voter : voters) {
      if (allowed.contains(voter.value())) {
        chosen.add(voter.value());
      }
    }
    if (chosen.isEmpty()) {
      throw InvalidInput.of("voters", "proposals.electorate.outside");
    }
    proposals.fixElectorate(id, chosen);
    return id;
  }

  @Transactional
  public ProposalId create(MemberId author, NewProposal proposal) {
    ProposalValidator.Checked checked = validator.check(author, proposal);
    VotingMethod chosen = checked.method();
    DecisionRules r = checked.rules();
    UUID group = checked.group();
    ProposalId id = new ProposalId(UUID.randomUUID());
    Instant now = clock.instant();
    ProposalPhase phase = ProposalPhase.starting(proposal.draft(), proposal.discussionDays());
    Instant opens = now.plus(Duration.ofDays(proposal.discussionDays()));
    Instant closes = opens.plus(proposal.votingDuration());
    int[] threshold = chosen == VotingMethod.SUPERMAJORITY ? new int[] {r.thresholdNum(), r.thresholdDen()} : new int[] {1, 2};
    proposals.insert(new ProposalRepository.Row(id, checked.title(), checked.body(), checked.type(), chosen, threshold,
        new int[] {proposal.quorumPercent(), 100}, author.value(), group, chosen.multiSeat() ? proposal.seats() : 1,
        proposal.maxScore(), proposal.secret(), phase, electorate(group).size(), RANDOM.nextLong() & Long.MAX_VALUE,
        now, proposal.draft() ? null : now, opens, closes, checked.options(),
        null, proposal.payload(), chosen == VotingMethod.APPROVAL ? proposal.maxApprovals() : 0));
    started(id, phase, now);
    return id;
  }

  /**
   * Proposes a change to one decision type's rules. It is decided like any proposal, under the
   * "constitution" type's own rules (a supermajority), and adopted only if it passes.
   */
  @Transactional
  public ProposalId proposeConstitutionChange(MemberId author, String title, String body, String type,
      DecisionRules proposed, int discussionDays, int votingDays) {
    Constitution.check(type, proposed);
    DecisionRules own = constitution.rules(DecisionType.CONSTITUTION);
    return create(author, new NewProposal(title, body, DecisionType.CONSTITUTION.code(), "supermajority", List.of(), 1,
        5, false, null, discussionDays, votingDays, own.quorumPercent(), false, Constitution.toJson(type, proposed)));
  }

  /**
   * Proposes other voting rules (shortest and longest voting time, closing when all voted, who may close
   * or extend a vote): a change of the constitution, decided by its own rules.
   */
  @Transactional
  public ProposalId proposeVotingRules(MemberId author, String title, String body, VotingRules rules, int votingDays) {
    String payload = Constitution.votingRulesJson(rules);
    DecisionRules own = constitution.rules(DecisionType.CONSTITUTION);
    return create(author, new NewProposal(title, body, DecisionType.CONSTITUTION.code(), "supermajority", List.of(), 1, 5,
        false, null, 0, votingDays, own.quorumPercent(), false, payload));
  }

  /** The constitution's voting rules now: the bounds of a vote's duration, and who may close or extend one. */
  public VotingRules votingRules() {
    return constitution.current().voting();
  }

  /**
   * Proposes that the public pages name the holders of these roles (elected officers): a change of
   * the constitution, decided by its own rules.
   */
  @Transactional
  public ProposalId proposePublicRoles(MemberId author, String title, String body, List<String> roles,
      int votingDays) {
    String payload = Constitution.publicRolesJson(roles);
    DecisionRules own = constitution.rules(DecisionType.CONSTITUTION);
    return create(author, new NewProposal(title, body, DecisionType.CONSTITUTION.code(), "supermajority", List.of(), 1, 5, false, null,
        0, votingDays, own.quorumPercent(), false, payload));
  }

  /**
   * Proposes a decision of a type another module acts on when it passes (the AI charter): the payload
   * is that module's document, checked by it before; here it is only carried and published.
   */
  @Transactional
  public ProposalId proposeDocument(MemberId author, DecisionType type, String title, String body, String payload,
      int votingDays) {
    DecisionRules rules = constitution.rules(type);
    return create(author, new NewProposal(title, body, type.code(), rules.methods().get(0), List.of(), 1, 5, false, null,
        rules.discussionDays(), votingDays, rules.quorumPercent(), false, payload));
  }

  /** A vote on a declined amendment, opened at once under the "amendment" rules. */
  @Transactional
  public ProposalId openAmendmentVote(MemberId author, ProposalView amended, String amendmentId) {
    DecisionRules r = constitution.rules(DecisionType.AMENDMENT);
    ProposalId id = new ProposalId(UUID.randomUUID());
    Instant now = clock.instant();
    proposals.insert(new ProposalRepository.Row(id, amended.title(), "", DecisionType.AMENDMENT, VotingMethod.MAJORITY,
        new int[] {1, 2}, new int[] {r.quorumPercent(), 100}, author.value(), amended.group(), 1, 5, false,
        ProposalPhase.VOTING,
        electorate(amended.group()).size(), RANDOM.nextLong() & Long.MAX_VALUE, now, now, now,
        now.plus(Duration.ofDays(r.votingDays())), List.of(), amended.id().value(), amendmentId, 0));
    started(id, ProposalPhase.VOTING, now);
    return id;
  }

  /** The author ends the draft: discussion starts now, voting after the discussion days. */
  @Transactional
  public void startDiscussion(MemberId member, ProposalId id) {
    ProposalView p = find(id, member).orElseThrow(() -> InvalidInput.of("form", "proposals.unknown"));
    if (!p.author().equals(member.value())) {
      throw InvalidInput.of("form", "proposals.author-only");
    }
    if (!p.draft()) {
      throw InvalidInput.of("form", "proposals.phase.wrong");
    }
    Instant now = clock.instant();
    Duration discussion = Duration.between(p.createdAt(), p.openedAt());
    Duration voting = Duration.between(p.openedAt(), p.closesAt());
    proposals.schedule(id, now, now.plus(discussion), now.plus(discussion).plus(voting));
    transition(id, ProposalPhase.DRAFT, discussion.isZero() ? ProposalPhase.VOTING : ProposalPhase.DISCUSSION, now);
  }

  /** The author changes the text of their draft, or (consent) answers an objection by amending. */
  @Transactional
  public void editText(MemberId member, ProposalId id, String body) {
    ProposalView p = find(id, member).orElseThrow(() -> InvalidInput.of("form", "proposals.unknown"));
    if (!p.author().equals(member.value())) {
      throw InvalidInput.of("form", "proposals.author-only");
    }
    boolean consentAnswer = p.method() == VotingMethod.CONSENT && p.open();
    if (!p.amendable() && !consentAnswer) {
      throw InvalidInput.of("form", "proposals.phase.wrong");
    }
    setText(p, body, "author", "by", member.value().toString());
  }

  /**
   * Replaces the text and logs the change with the hash of the new text, and where it came from: the
   * author ({@code by}, a member), an accepted amendment ({@code amendment}) or an amendment's vote
   * ({@code vote}), each under its own key (an amendment's id under "by" was published as a pseudonym
   * of nobody, and the amendment lost).
   */
  public void setText(ProposalView p, @Nullable String text, String how, String sourceKey, String sourceId) {
    String body = ProposalValidator.text(text);
    proposals.setBody(p.id(), body);
    events.publishEvent(new SearchableChanged(SEARCH_KIND, p.id().toString()));
    if (!p.draft()) {
      events.publishEvent(new GovernanceRecorded(UUID.randomUUID(), clock.instant(), "proposal.text-changed",
          Map.of("proposal", p.id().toString(), "how", how, sourceKey, sourceId, "text_sha256", Sha256.hex(body))));
    }
  }

  /**
   * Replaces the title (an accepted or adopted amendment that changes it), logged as a change of the
   * proposal's wording like {@link #setText}: the digest of the new title, marked as the title.
   */
  public void setTitle(ProposalView p, String title, String how, String sourceKey, String sourceId) {
    String checked = ProposalValidator.title(title);
    proposals.setTitle(p.id(), checked);
    events.publishEvent(new SearchableChanged(SEARCH_KIND, p.id().toString()));
    if (!p.draft()) {
      events.publishEvent(new GovernanceRecorded(UUID.randomUUID(), clock.instant(), "proposal.text-changed",
          Map.of("proposal", p.id().toString(), "how", how, sourceKey, sourceId, "part", "title",
              "text_sha256", Sha256.hex(checked))));
    }
  }

  /** Moves every proposal whose time has come: discussion → voting, voting → decided; warns of closing. */
  @Scheduled(fixedDelayString = "PT30S", initialDelayString = "PT10S")
  public void advanceDue() {
    Instant now = clock.instant();
    // Each step in its own transaction (a call from inside this class would bypass the proxy and run
    // with none: no row lock, and no transactional listener — the public log — would hear of it).
    for (ProposalId id : proposals.inPhaseDue(ProposalPhase.DISCUSSION, "opened_at", now)) {
      inTransaction.executeWithoutResult(status -> openVoting(id));
    }
    // Votes opened before electorates were fixed: fix theirs now (the members now and everyone who has
    // voted), so that from here on no one joins or leaves them.
    for (ProposalId id : proposals.openWithoutFixedElectorate()) {
      inTransaction.executeWithoutResult(status -> fixLegacyElectorate(id));
    }
    secretBallots.remixAll();
    for (ProposalId id : proposals.inPhaseDue(ProposalPhase.VOTING, "closes_at", now)) {
      secretBallots.flush(id); // ballots cast before the closing time and still waiting for their batch
      inTransaction.executeWithoutResult(status -> close(id));
    }
    // Every member of the electorate has voted: nothing more can come, so the vote need not wait.
    if (constitution.current().voting().closeWhenAllVoted()) {
      for (ProposalId id : proposals.openWithEveryoneVoted()) {
        secretBallots.flush(id);
        inTransaction.executeWithoutResult(status -> closeWhenAllVoted(id));
      }
    }
    for (ProposalId id : proposals.claimClosingSoon(now.plus(Duration.ofHours(24)))) {
      proposals.find(id).filter(ProposalView::open)
          .ifPresent(p -> notifications.send(Notifications.Kind.CLOSING, p));
    }
  }

  /** Closes a vote every member of whose electorate voted (checked again under the close's lock). */
  void closeWhenAllVoted(ProposalId id) {
    if (proposals.lockPhase(id, true).filter(ProposalPhase.VOTING::equals).isEmpty()
        || !proposals.openWithEveryoneVoted().contains(id)) {
      return;
    }
    Instant now = clock.instant();
    proposals.setClosesAt(id, now);
    proposals.insertVoteControl(id, "all-voted", null, null, "", now, now);
    events.publishEvent(new GovernanceRecorded(UUID.randomUUID(), now, "vote.closed-early",
        Map.of("proposal", id.toString(), "how", "all-voted")));
    close(id);
  }

  /**
   * An officer closes an open vote now, with a reason: only a role the constitution's voting rules name
   * as closers ("vote.control.not-allowed" otherwise, also when they name none). The reason is shown on
   * the proposal page; the public log records the act, the officer and the reason's keyed hash.
   */
  public void closeEarly(MemberId by, ProposalId id, String reason) {
    String role = controlling(by, reason, constitution.current().voting()::mayClose);
    secretBallots.flush(id); // ballots acknowledged before the close are counted
    inTransaction.executeWithoutResult(status -> {
      ProposalView p = lockedOpen(id);
      Instant now = clock.instant();
      proposals.setClosesAt(id, now);
      proposals.insertVoteControl(id, "closed-early", by.value(), role, reason.strip(), now, now);
      events.publishEvent(new GovernanceRecorded(UUID.randomUUID(), now, "vote.closed-early",
          Map.of("proposal", p.id().toString(), "how", "by-officer", "by", by.toString(), "role", role,
              "note", reason.strip())));
      close(id);
    });
  }

  /**
   * An officer extends an open vote by {@code extra}, with a reason: only a role the voting rules name as
   * extenders, and never beyond the rules' longest voting time counted from the opening
   * ("vote.extend.beyond-max").
   */
  @Transactional
  public Instant extend(MemberId by, ProposalId id, Duration extra, String reason) {
    VotingRules rules = constitution.current().voting();
    String role = controlling(by, reason, rules::mayExtend);
    if (extra.isNegative() || extra.isZero()) {
      throw InvalidInput.of("extra", "vote.duration.amount");
    }
    ProposalView p = lockedOpen(id);
    Instant closes = p.closesAt().plus(extra);
    if (Duration.between(p.openedAt(), closes).compareTo(rules.longest()) > 0) {
      throw InvalidInput.of("extra", "vote.extend.beyond-max");
    }
    Instant now = clock.instant();
    proposals.setClosesAt(id, closes);
    proposals.insertVoteControl(id, "extended", by.value(), role, reason.strip(), closes, now);
    events.publishEvent(new GovernanceRecorded(UUID.randomUUID(), now, "vote.extended",
        Map.of("proposal", id.toString(), "by", by.toString(), "role", role, "note", reason.strip(),
            "closes", closes.toString())));
    return closes;
  }

  /** Closings and extensions of a vote, oldest first (for its page). */
  public List<VoteControl> voteControls(ProposalId id) {
    return proposals.voteControls(id);
  }

  /** The acting member's role if the rules let it act, and the reason is given; else {@link InvalidInput}. */
  private String controlling(MemberId by, @Nullable String reason, Predicate<String> allowed) {
    String role = members.find(by).map(m -> m.role().code()).orElse("");
    if (!allowed.test(role)) {
      throw InvalidInput.of("form", "vote.control.not-allowed");
    }
    String why = reason == null ? "" : reason.strip();
    if (why.isEmpty()) {
      throw InvalidInput.of("reason", "vote.control.reason.required");
    }
    if (why.length() > 500) {
      throw InvalidInput.of("reason", "input.too-long");
    }
    return role;
  }

  /** The vote, locked for a change of its end: refused once closed or past its closing time. */
  private ProposalView lockedOpen(ProposalId id) {
    ProposalPhase phase = proposals.lockPhase(id, true).orElseThrow(() -> InvalidInput.of("form", "proposals.unknown"));
    ProposalView p = proposals.find(id).orElseThrow();
    if (phase != ProposalPhase.VOTING || !clock.instant().isBefore(p.closesAt())) {
      throw InvalidInput.of("form", "ballot.closed");
    }
    return p;
  }

  @Transactional
  void openVoting(ProposalId id) {
    transition(id, ProposalPhase.DISCUSSION, ProposalPhase.VOTING, clock.instant());
  }

  /**
   * A new proposal was stored in its first phase: logged (from "none"), and its members told (voting:
   * the vote opened; discussion: there is something to discuss; a draft is its author's alone).
   */
  private void started(ProposalId id, ProposalPhase phase, Instant now) {
    if (!phase.initial()) {
      throw new IllegalStateException("A proposal cannot start in " + phase.code());
    }
    recordPhase(id, "none", phase.code(), now);
    events.publishEvent(new SearchableChanged(SEARCH_KIND, id.toString()));
    entered(id, phase);
  }

  /** The kind under which proposals are searched ({@code web.GovernanceSearch}). */
  public static final String SEARCH_KIND = "proposal";

  /**
   * Moves a proposal along an allowed transition (see {@link ProposalPhase}), logs it, and does what
   * entering the new phase requires. Nothing happens when another server moved it first.
   */
  private void transition(ProposalId id, ProposalPhase from, ProposalPhase to, Instant now) {
    if (!proposals.move(id, from, to)) {
      return;
    }
    if (to == ProposalPhase.VOTING) {
      // Who may vote is counted again when the vote opens.
      ProposalView p = proposals.find(id).orElseThrow();
      proposals.setEligible(id, electorate(p.group()).size());
    }
    events.publishEvent(new ProposalMoved(id, from, to, now));
    events.publishEvent(new SearchableChanged(SEARCH_KIND, id.toString()));
    recordPhase(id, from.code(), to.code(), now);
    entered(id, to);
  }

  private void entered(ProposalId id, ProposalPhase phase) {
    if (phase == ProposalPhase.VOTING) {
      votingOpened(proposals.find(id).orElseThrow());
    } else if (phase == ProposalPhase.DISCUSSION) {
      notifications.send(Notifications.Kind.OPENED, proposals.find(id).orElseThrow());
    }
  }

  void fixLegacyElectorate(ProposalId id) {
    if (proposals.lockPhase(id, true).filter(ProposalPhase.VOTING::equals).isEmpty()
        || proposals.fixedElectorate(id).isPresent()) {
      return;
    }
    ProposalView p = proposals.find(id).orElseThrow();
    Set<UUID> electorate = new HashSet<>(electorateOf(p));
    electorate.addAll(proposals.voters(id));
    electorate.addAll(proposals.secretVoters(id));
    proposals.fixElectorate(id, electorate);
  }

  private void votingOpened(ProposalView opened) {
    // The electorate is fixed now, in the transaction that opens the vote: eligible counts it.
    proposals.fixElectorate(opened.id(), electorate(opened.group()).stream().map(m -> m.id().value()).toList());
    ProposalView p = proposals.find(opened.id()).orElseThrow();
    events.publishEvent(new ProposalOpened(UUID.randomUUID(), clock.instant(), p.id(), p.title(), p.method().code(),
        p.closesAt(), p.tieSeed(), new MemberId(p.author())));
    notifications.send(Notifications.Kind.VOTING, p);
  }

  private void recordPhase(ProposalId id, String from, String to, Instant at) {
    events.publishEvent(new GovernanceRecorded(UUID.randomUUID(), at, "proposal.phase",
        Map.of("proposal", id.toString(), "from", from, "to", to)));
  }

  /**
   * Casts a member's ballot. Refused (and nothing stored) when invalid, after close, or a second time.
   * For a secret vote returns the receipt, which the voter keeps and later finds in the published list.
   *
   * <p>A secret ballot is sealed and written in a batch with other voters' (see {@link SecretBallots}):
   * this returns when its batch is committed, so acknowledged means
   * durable, and a crash before the commit leaves neither the voter row nor the ballot.
   */
  public Optional<String> cast(MemberId voter, ProposalId id, BallotInput input) {
    return cast(voter, id, input, null);
  }

  /**
   * As {@link #cast(MemberId, ProposalId, BallotInput)}, with the voter's own secret (see
   * {@code members.BallotSecret}): a secret ballot's receipt is derived from it, so that the voter — and
   * only someone holding that secret — can derive it again. Without one the receipt is random.
   */
  public Optional<String> cast(MemberId voter, ProposalId id, BallotInput input, byte @Nullable [] voterSecret) {
    String secretContent;
    try {
      // An open ballot is written in this transaction; a secret one only checked here (no transaction
      // is held while it waits for its batch).
      secretContent = inTransaction.execute(status -> checkAndCastOpen(voter, id, input));
    } catch (DuplicateKeyException twice) {
      throw InvalidInput.of("form", "ballot.twice");
    }
    if (secretContent == null) {
      return Optional.empty();
    }
    return Optional.of(secretBallots.cast(id, voter.value(), secretContent, voterSecret));
  }

  /**
   * Replaces the member's ballot while the vote is open: an open ballot in place; a secret one in a batch
   * (see {@link SecretBallots#change}), which needs the voter's secret and returns the new receipt. Refused
   * ("ballot.change.none") when the member has not voted, after the close, and when invalid; the ballot
   * stays as it was then.
   */
  public Optional<String> change(MemberId voter, ProposalId id, BallotInput input, byte @Nullable [] voterSecret) {
    String secretContent = inTransaction.execute(status -> {
      CheckedBallot ballot = checked(voter, id, input);
      if (!proposals.hasVoted(id, voter.value())) {
        throw InvalidInput.of("form", "ballot.change.none");
      }
      if (ballot.proposal().secret()) {
        return ballot.content();
      }
      proposals.replaceBallot(id, voter.value(), ballot.content());
      return null;
    });
    if (secretContent == null) {
      return Optional.empty();
    }
    return Optional.of(secretBallots.change(id, voter.value(), secretContent, voterSecret));
  }

  /**
   * The member's own ballot as stored (JSON content), for them alone: an open ballot by its voter; a
   * secret one found by the receipts only the member's secret derives (empty without it).
   */
  public Optional<String> ballotOf(ProposalView proposal, MemberId voter, byte @Nullable [] voterSecret) {
    if (!proposal.secret()) {
      return proposals.ballotOf(proposal.id(), voter.value());
    }
    if (!hasVoted(proposal.id(), voter)) {
      return Optional.empty();
    }
    return secretBallots.own(proposal.id(), voterSecret).map(SecretBallots.OwnBallot::content);
  }

  /** Checks a ballot; writes it when the vote is open, returns its content when the vote is secret. */
  private @Nullable String checkAndCastOpen(MemberId voter, ProposalId id, BallotInput input) {
    CheckedBallot ballot = checked(voter, id, input);
    if (ballot.proposal().secret()) {
      return ballot.content();
    }
    proposals.insertBallot(id, voter.value(), ballot.content());
    return null;
  }

  private record CheckedBallot(ProposalView proposal, String content) {}

  /** The ballot's content, checked: the vote is open (shared lock held), the member may vote, the ballot is valid. */
  private CheckedBallot checked(MemberId voter, ProposalId id, BallotInput input) {
    ProposalView proposal = proposals.findForCasting(id).orElseThrow(() -> InvalidInput.of("form", "proposals.unknown"));
    ProposalPhase phase = proposals.lockPhase(id, false).orElseThrow(() -> InvalidInput.of("form", "proposals.unknown"));
    if (phase != ProposalPhase.VOTING || !clock.instant().isBefore(proposal.closesAt())) {
      throw InvalidInput.of("form", "ballot.closed");
    }
    String refusal = refusal(proposal, voter);
    if (!refusal.isEmpty()) {
      throw InvalidInput.of("form", refusal);
    }
    return new CheckedBallot(proposal, Json.MAPPER.writeValueAsString(BallotRules.check(proposal, input)));
  }

  /**
   * The count of a decided vote as its result page draws it: stored at the close; recounted from the
   * ballots for votes closed before counts were stored. Empty for consent (no count) and open votes.
   */
  public Optional<CountReport> report(ProposalView proposal) {
    if (!proposal.decided() || proposal.method() == VotingMethod.CONSENT) {
      return Optional.empty();
    }
    return Optional.of(proposals.reportOf(proposal.id()).map(json -> Json.MAPPER.readValue(json, CountReport.class))
        .orElseGet(() -> ballotSet(proposal).count()));
  }

  /** Who has cast an open ballot so far (for a delegate's current weight; never shown as a list). */
  public Set<UUID> directVoters(ProposalId id) {
    return new HashSet<>(proposals.voters(id));
  }

  /**
   * The member's receipt for an open secret vote they voted in, derived again from the vote's receipt
   * key: a crash (or a closed tab) may have lost the page that showed it. Empty after the close (the key
   * is destroyed then), for votes opened before receipt keys, and for members who have not voted.
   */
  public Optional<String> receiptOf(ProposalView proposal, MemberId voter, byte @Nullable [] voterSecret) {
    if (!proposal.secret() || !proposal.open() || !hasVoted(proposal.id(), voter)) {
      return Optional.empty();
    }
    // The receipt of the member's current ballot: after a change, the latest of their receipts.
    return secretBallots.own(proposal.id(), voterSecret).map(SecretBallots.OwnBallot::receipt)
        .or(() -> SecretBallots.receipt(proposal.id(), voterSecret));
  }

  /** The published receipts of a closed secret vote (empty for open votes, and while voting). */
  public List<String> receipts(ProposalView proposal) {
    return proposal.secret() && proposal.decided() ? proposals.receipts(proposal.id()) : List.of();
  }

  /** Closes and counts a vote. Ballots acknowledged before this takes its lock are all counted. */
  @Transactional
  public void close(ProposalId id) {
    ProposalPhase phase = proposals.lockPhase(id, true).orElseThrow(() -> new IllegalArgumentException("no such proposal"));
    if (phase != ProposalPhase.VOTING) {
      return;
    }
    ProposalView proposal = proposals.find(id).orElseThrow();
    Instant now = clock.instant();
    Outcome outcome;
    String full;
    long turnoutWeight;
    Quorum.Result turnout;
    List<Integer> chosen = List.of();
    if (proposal.method() == VotingMethod.CONSENT) {
      // Consent counts no ballots: it passes unless an objection is still open.
      ConsentObjections.Count raised = objections.count(id);
      long open = raised.open();
      turnoutWeight = proposal.eligible();
      turnout = Quorum.check(turnoutWeight, turnoutWeight, new Fraction(0, 1));
      outcome = open == 0 ? Outcome.ACCEPTED : Outcome.REJECTED;
      full = "Method: consent\nObjections: " + raised.raised() + ", still open: " + open + "\nPassed: "
          + (open == 0 ? "yes" : "no") + "\n";
    } else {
      List<ProposalRepository.VoterBallot> cast;
      Map<UUID, Integer> weights;
      if (proposal.secret()) {
        // Secret: no voter is known for any ballot, so no delegation can be applied; each counts once.
        secretBallots.unsealAndShuffle(id);
        cast = proposals.secretBallots(id);
        weights = Map.of();
        turnoutWeight = cast.size();
      } else {
        cast = proposals.ballots(id);
        Set<UUID> voters = new HashSet<>();
        cast.forEach(b -> voters.add(b.voter()));
        Set<UUID> eligible = new HashSet<>(voters);
        eligible.addAll(electorateOf(proposal));
        var computed = delegations.weights(eligible, voters, proposal.group());
        Map<UUID, Optional<UUID>> routes = new HashMap<>();
        computed.routes().forEach((member, route) -> routes.put(member, route.castBy()));
        proposals.recordRoutes(id, routes);
        weights = computed.weights();
        turnoutWeight = weights.values().stream().mapToLong(Integer::longValue).sum();
      }
      proposals.recordTurnout(id, turnoutWeight);
      BallotSet ballots = ballotSet(proposal, cast, weights);
      CountReport report = ballots.count();
      chosen = chosenIndexes(ballots, report);
      String printed = report.print(TallyCommand::english);
      proposals.recordReport(id, Json.MAPPER.writeValueAsString(report));
      turnout = Quorum.check(turnoutWeight, Math.max(proposal.eligible(), turnoutWeight), parse(proposal.quorum()));
      if (!turnout.met()) {
        outcome = Outcome.FAILED_QUORUM;
      } else if (proposal.method().hasOptions()) {
        outcome = Outcome.CHOSEN;
      } else {
        outcome = Boolean.TRUE.equals(report.passed()) ? Outcome.ACCEPTED : Outcome.REJECTED;
      }
      full = "Turnout: " + turnoutWeight + " of " + proposal.eligible() + " (" + cast.size() + " ballots, "
          + (turnoutWeight - cast.size()) + " delegated votes; quorum " + turnout.required() + ")\n" + printed;
    }
    proposals.decide(id, outcome, full, now);
    recordPhase(id, ProposalPhase.VOTING.code(), ProposalPhase.DECIDED.code(), now);
    events.publishEvent(new VoteClosed(UUID.randomUUID(), now, id, outcome.code(), turnoutWeight, proposal.eligible(), chosen));
    if (proposal.secret()) {
      events.publishEvent(new GovernanceRecorded(UUID.randomUUID(), now, "vote.receipts",
          Map.of("proposal", id.toString(), "receipts_sha256", Sha256.hex(String.join("\n", proposals.receipts(id))),
              "count", Integer.toString(proposals.receipts(id).size()))));
    }
    // What a decision sets in motion is done by those who listen: deliberation settles the amendment a
    // vote was about (in this transaction), the constitution and the AI charter adopt a passed change.
    events.publishEvent(new ProposalDecided(proposal, outcome, now));
    if (outcome == Outcome.ACCEPTED) {
      events.publishEvent(new DecisionTaken(UUID.randomUUID(), now, id, proposal.type(), proposal.payload()));
    }
    notifications.send(Notifications.Kind.RESULT, proposals.find(id).orElseThrow());
  }

  /** Records implementation progress on a decided proposal. */
  public void implementation(ProposalId id, String status) {
    Optional<ProposalPhase> before = proposals.find(id).map(ProposalView::phase);
    proposals.setImplementation(id, status);
    if (before.filter(ProposalPhase.DECIDED::equals).isPresent()) {
      recordPhase(id, ProposalPhase.DECIDED.code(), ProposalPhase.IMPLEMENTATION.code(), clock.instant());
    }
  }

  /** How a member's vote was counted in a closed vote; empty when the member was not in its electorate. */
  public Optional<VoteRoute> routeOf(ProposalId id, MemberId member) {
    return proposals.routeOf(id, member.value());
  }

  /** The ballots of a decided vote, weighted by delegation, in the format {@code ./commune tally} reads. */
  public String export(ProposalView proposal) {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("proposal", proposal.id().toString());
    header.put("title", proposal.title());
    return BallotJson.write(ballotSet(proposal), header);
  }

  // The one place where a vote's stored ballots become the typed ballot set that the close, the result
  // page, the export and ./commune tally count.

  private BallotSet ballotSet(ProposalView proposal) {
    List<ProposalRepository.VoterBallot> cast =
        proposal.secret() ? proposals.secretBallots(proposal.id()) : proposals.ballots(proposal.id());
    return ballotSet(proposal, cast, proposal.secret() ? Map.of() : proposals.weightsAtClose(proposal.id()));
  }

  /** Each ballot with its weight, no voter named, sorted by content so the order says nothing about who voted when. */
  private static BallotSet ballotSet(ProposalView proposal, List<ProposalRepository.VoterBallot> cast,
      Map<UUID, Integer> weights) {
    List<String> options = proposal.method().hasOptions() ? proposal.options() : List.of("yes", "no");
    List<WeightedBallot> ballots = new ArrayList<>();
    for (ProposalRepository.VoterBallot ballot : cast) {
      ballots.add(BallotJson.ballot(ballot.content(), weights.getOrDefault(ballot.voter(), 1), ballots.size() + 1,
          options.size()));
    }
    return BallotSet.of(CountingMethod.of(proposal.method().code()), options, proposal.seats(), proposal.tieSeed(),
        Fraction.parse(proposal.threshold()), proposal.maxScore(), proposal.maxApprovals(), BallotJson.sorted(ballots));
  }

  /** The chosen options as indexes into the vote's options (names are member-written text; indexes are data). */
  private static List<Integer> chosenIndexes(BallotSet ballots, CountReport report) {
    return report.winners().stream().map(ballots.options()::indexOf).sorted().toList();
  }

  private static Fraction parse(String fraction) {
    String[] parts = fraction.split("/");
    return new Fraction(Long.parseLong(parts[0]), Long.parseLong(parts[1]));
  }
}
