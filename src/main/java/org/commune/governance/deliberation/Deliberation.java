package org.commune.governance.deliberation;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.commune.governance.DecisionType;
import org.commune.governance.GovernanceRecorded;
import org.commune.governance.Outcome;
import org.commune.governance.ProposalId;
import org.commune.governance.ProposalPhase;
import org.commune.governance.ProposalView;
import org.commune.governance.Proposals;
import org.commune.governance.VotingMethod;
import org.commune.governance.proposal.ProposalDecided;
import org.commune.governance.proposal.ProposalMoved;
import org.commune.members.InvalidInput;
import org.commune.members.MemberId;
import org.commune.members.Members;
import org.commune.members.Role;
import org.commune.search.SearchableChanged;
import org.commune.web.UtcMinute;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What members say about a proposal: threaded comments marked for / against / question / other (in
 * time order, no ranking), visible moderation, amendments, consent objections, and the implementation
 * updates after a decision. Every moderation action, accepted amendment and status change is logged.
 */
@Service
public class Deliberation {

  public static final List<String> STANCES = List.of("for", "against", "question", "other");
  public static final List<String> STATUSES = List.of("planned", "in_progress", "done", "abandoned");

  private final DeliberationRepository deliberations;
  private final Proposals proposals;
  private final Members members;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  Deliberation(DeliberationRepository deliberations, Proposals proposals, Members members, ApplicationEventPublisher events,
      Clock clock) {
    this.deliberations = deliberations;
    this.proposals = proposals;
    this.members = members;
    this.events = events;
    this.clock = clock;
  }

  /** A comment as shown: hidden ones keep their place and show who hid them and why, not their text. */
  public record CommentView(String id, int depth, String author, String stance, String body, String at,
      boolean hidden, String hiddenBy, String hiddenReason) {}

  public record AmendmentView(String id, String author, boolean mine, String body, String reason, String status,
      String vote, String at) {}

  public record ObjectionView(String id, String author, boolean mine, String reason, String at, boolean open,
      String resolution) {}

  public record UpdateView(String author, String status, String note, String at) {}

  /** A reply or an amendment addressed to the member: on which proposal, by whom (display name), when. */
  public record Addressed(ProposalId proposal, String title, String by, Instant at) {}

  /** Replies by others to the member's comments since the moment (hidden ones never), newest first. */
  public List<Addressed> repliesTo(MemberId member, Instant since, int count) {
    return named(deliberations.repliesTo(member.value(), since, count));
  }

  /** Open amendments by others to the member's own proposals: they wait for the member to accept or decline. */
  public List<Addressed> amendmentsWaiting(MemberId member, int count) {
    return named(deliberations.openAmendmentsTo(member.value(), count));
  }

  private List<Addressed> named(List<DeliberationRepository.Addressed> rows) {
    Map<MemberId, String> names = members.displayNames(rows.stream().map(r -> new MemberId(r.author())).toList());
    return rows.stream().map(r -> new Addressed(new ProposalId(r.proposal()), r.title(),
        names.getOrDefault(new MemberId(r.author()), ""), r.at())).toList();
  }

  // ---------------------------------------------------------------- comments

  @Transactional
  public void comment(MemberId member, ProposalId id, @Nullable String parent, String stance, String body) {
    ProposalView p = visible(id, member);
    if (!p.openForComments()) {
      throw InvalidInput.of("comment", "comments.closed");
    }
    if (!proposals.mayVote(p, member)) {
      throw InvalidInput.of("comment", proposals.refusal(p, member));
    }
    List<InvalidInput.Problem> problems = new ArrayList<>();
    if (!STANCES.contains(stance)) {
      problems.add(new InvalidInput.Problem("stance", "comments.stance.invalid"));
    }
    String text = body == null ? "" : body.strip();
    if (text.isEmpty()) {
      problems.add(new InvalidInput.Problem("comment", "input.required"));
    } else if (text.length() > 5000) {
      problems.add(new InvalidInput.Problem("comment", "input.too-long"));
    }
    UUID parentId = null;
    if (parent != null && !parent.isBlank()) {
      parentId = uuid(parent, "comment", "comments.parent.unknown");
      if (!deliberations.commentBelongs(parentId, id)) {
        problems.add(new InvalidInput.Problem("comment", "comments.parent.unknown"));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidInput(problems);
    }
    UUID commentId = UUID.randomUUID();
    deliberations.insertComment(commentId, id, parentId, member.value(), stance, text, clock.instant());
    events.publishEvent(new SearchableChanged(SEARCH_KIND, commentId.toString()));
  }

  /** The kind under which comments are searched. */
  public static final String SEARCH_KIND = "comment";

  /** A comment search may show: on which proposal, its text, and who may see that proposal. */
  public record SearchableComment(UUID id, ProposalId proposal, String title, String body, Instant at, boolean draft,
      UUID proposalAuthor) {}

  /** Every comment still shown (never a hidden one), or only the one with this id if it still is. */
  public List<SearchableComment> searchableComments(@Nullable UUID id) {
    return deliberations.searchableComments(id).stream().map(c -> new SearchableComment(c.id(),
        new ProposalId(c.proposal()), c.title(), c.body(), c.at(), ProposalPhase.DRAFT.code().equals(c.phase()),
        c.proposalAuthor())).toList();
  }

  /** Threads in time order: each reply directly under its parent, indented one level deeper. */
  public List<CommentView> comments(ProposalId id) {
    List<DeliberationRepository.CommentRow> rows = deliberations.comments(id);
    Map<MemberId, String> names = names(rows.stream().flatMap(r -> r.hiddenBy() == null
        ? Stream.of(r.author()) : Stream.of(r.author(), r.hiddenBy())).toList());
    Map<UUID, List<DeliberationRepository.CommentRow>> children = new HashMap<>();
    List<DeliberationRepository.CommentRow> roots = new ArrayList<>();
    for (var row : rows) {
      if (row.parent() == null) {
        roots.add(row);
      } else {
        children.computeIfAbsent(row.parent(), k -> new ArrayList<>()).add(row);
      }
    }
    List<CommentView> out = new ArrayList<>();
    for (var root : roots) {
      walk(root, 0, children, names, out);
    }
    return out;
  }

  private static void walk(DeliberationRepository.CommentRow row, int depth,
      Map<UUID, List<DeliberationRepository.CommentRow>> children, Map<MemberId, String> names, List<CommentView> out) {
    boolean hidden = row.hiddenReason() != null;
    out.add(new CommentView(row.id().toString(), Math.min(depth, 6), names.getOrDefault(new MemberId(row.author()), ""),
        row.stance(), hidden ? "" : row.body(), UtcMinute.format(row.at()), hidden,
        hidden ? names.getOrDefault(new MemberId(row.hiddenBy()), "") : "", hidden ? row.hiddenReason() : ""));
    for (var child : children.getOrDefault(row.id(), List.of())) {
      walk(child, depth + 1, children, names, out);
    }
  }

  /** A moderator hides a comment; the reason is public, on the page and in the log. */
  @Transactional
  public void hide(MemberId moderator, Role role, ProposalId id, String comment, String reason) {
    if (role == Role.MEMBER) {
      throw InvalidInput.of("form", "comments.moderators-only");
    }
    UUID commentId = uuid(comment, "form", "comments.parent.unknown");
    if (!deliberations.commentBelongs(commentId, id)) {
      throw InvalidInput.of("form", "comments.parent.unknown");
    }
    String why = reason == null ? "" : reason.strip();
    if (why.isEmpty()) {
      throw InvalidInput.of("reason", "moderation.reason.required");
    }
    if (why.length() > 500) {
      throw InvalidInput.of("reason", "input.too-long");
    }
    Instant now = clock.instant();
    if (deliberations.hide(commentId, moderator.value(), why, now)) {
      events.publishEvent(new SearchableChanged(SEARCH_KIND, commentId.toString()));
      events.publishEvent(new GovernanceRecorded(UUID.randomUUID(), now, "comment.hidden",
          Map.of("proposal", id.toString(), "comment", commentId.toString(), "by", moderator.toString(), "note", why)));
    }
  }

  // ---------------------------------------------------------------- amendments

  @Transactional
  public void proposeAmendment(MemberId member, ProposalId id, String body, String reason) {
    ProposalView p = visible(id, member);
    if (!p.inDiscussion()) {
      throw InvalidInput.of("amendment", "amendments.closed");
    }
    if (!proposals.mayVote(p, member)) {
      throw InvalidInput.of("amendment", proposals.refusal(p, member));
    }
    String text = body == null ? "" : body.strip();
    String why = reason == null ? "" : reason.strip();
    if (text.isEmpty()) {
      throw InvalidInput.of("amendment", "input.required");
    }
    if (text.length() > 20_000 || why.length() > 2000) {
      throw InvalidInput.of("amendment", "input.too-long");
    }
    if (text.equals(p.body())) {
      throw InvalidInput.of("amendment", "amendments.same");
    }
    deliberations.insertAmendment(UUID.randomUUID(), id, member.value(), text, why, clock.instant());
  }

  public List<AmendmentView> amendments(ProposalId id, MemberId viewer) {
    var rows = deliberations.amendments(id);
    Map<MemberId, String> names = names(rows.stream().map(DeliberationRepository.AmendmentRow::author).toList());
    return rows.stream().map(r -> new AmendmentView(r.id().toString(), names.getOrDefault(new MemberId(r.author()), ""),
        r.author().equals(viewer.value()), r.body(), r.reason(), r.status(), r.vote() == null ? "" : r.vote().toString(),
        UtcMinute.format(r.at()))).toList();
  }

  /**
   * The proposal's author settles an open amendment: "accept" replaces the text (logged), "decline"
   * leaves the amendment's author free to put it to a vote.
   */
  @Transactional
  public void settleAmendment(MemberId member, ProposalId id, String amendment, boolean accept) {
    ProposalView p = visible(id, member);
    var row = openAmendment(id, amendment);
    if (!p.author().equals(member.value())) {
      throw InvalidInput.of("form", "proposals.author-only");
    }
    if (!p.amendable()) {
      throw InvalidInput.of("form", "amendments.closed");
    }
    Instant now = clock.instant();
    if (accept) {
      proposals.setText(p, row.body(), "amendment", "amendment", row.id().toString());
    }
    deliberations.settleAmendment(row.id(), accept ? "accepted" : "declined", null, now);
    events.publishEvent(new GovernanceRecorded(UUID.randomUUID(), now, "amendment." + (accept ? "accepted" : "declined"),
        Map.of("proposal", id.toString(), "amendment", row.id().toString(), "by", member.toString())));
  }

  /** The amendment's author puts a declined amendment to a vote of its own. */
  @Transactional
  public ProposalId putToVote(MemberId member, ProposalId id, String amendment) {
    ProposalView p = visible(id, member);
    UUID amendmentId = uuid(amendment, "form", "amendments.unknown");
    var row = deliberations.amendment(amendmentId).filter(a -> a.proposal().equals(id.value()))
        .orElseThrow(() -> InvalidInput.of("form", "amendments.unknown"));
    if (!row.author().equals(member.value())) {
      throw InvalidInput.of("form", "amendments.author-only");
    }
    if (!"declined".equals(row.status()) || !p.amendable()) {
      throw InvalidInput.of("form", "amendments.not-declined");
    }
    ProposalId vote = proposals.openAmendmentVote(member, p, row.id().toString());
    deliberations.settleAmendment(row.id(), "voting", vote.value(), clock.instant());
    return vote;
  }

  /** The vote on an amendment closed: adopt it if it passed and the proposal's text can still change. */
  @EventListener
  void on(ProposalDecided decided) {
    ProposalView vote = decided.proposal();
    if (vote.type() != DecisionType.AMENDMENT || vote.payload() == null) {
      return;
    }
    boolean passed = decided.outcome() == Outcome.ACCEPTED;
    UUID amendmentId = UUID.fromString(Objects.requireNonNull(vote.payload()));
    var row = deliberations.amendment(amendmentId).orElseThrow();
    ProposalView amended = proposals.find(new ProposalId(row.proposal())).orElseThrow();
    Instant now = clock.instant();
    if (passed && amended.amendable()) {
      proposals.setText(amended, row.body(), "amendment-vote", "vote", vote.id().toString());
      deliberations.settleAmendment(row.id(), "adopted", null, now);
    } else {
      deliberations.settleAmendment(row.id(), passed ? "lapsed" : "rejected", null, now);
    }
  }

  /** Voting opened: amendments not settled by then lapse (the text no longer changes). */
  @EventListener
  void on(ProposalMoved moved) {
    if (moved.to() == ProposalPhase.VOTING) {
      deliberations.lapseOpenAmendments(moved.proposal(), moved.at());
    }
  }

  private DeliberationRepository.AmendmentRow openAmendment(ProposalId id, String amendment) {
    UUID amendmentId = uuid(amendment, "form", "amendments.unknown");
    var row = deliberations.amendment(amendmentId).filter(a -> a.proposal().equals(id.value()))
        .orElseThrow(() -> InvalidInput.of("form", "amendments.unknown"));
    if (!"open".equals(row.status())) {
      throw InvalidInput.of("form", "amendments.settled");
    }
    return row;
  }

  // ---------------------------------------------------------------- consent objections

  @Transactional
  public void object(MemberId member, ProposalId id, String reason) {
    ProposalView p = visible(id, member);
    if (p.method() != VotingMethod.CONSENT || !p.open()) {
      throw InvalidInput.of("objection", "objections.closed");
    }
    if (!proposals.mayVote(p, member)) {
      throw InvalidInput.of("objection", proposals.refusal(p, member));
    }
    String why = reason == null ? "" : reason.strip();
    if (why.isEmpty()) {
      throw InvalidInput.of("objection", "objections.reason.required");
    }
    if (why.length() > 2000) {
      throw InvalidInput.of("objection", "input.too-long");
    }
    try {
      deliberations.insertObjection(UUID.randomUUID(), id, member.value(), why, clock.instant());
    } catch (DuplicateKeyException twice) {
      throw InvalidInput.of("objection", "objections.twice");
    }
  }

  @Transactional
  public void withdraw(MemberId member, ProposalId id, String resolution) {
    ProposalView p = visible(id, member);
    if (!p.open()) {
      throw InvalidInput.of("objection", "objections.closed");
    }
    String how = resolution == null ? "" : resolution.strip();
    if (how.length() > 2000) {
      throw InvalidInput.of("objection", "input.too-long");
    }
    if (!deliberations.withdraw(id, member.value(), how, clock.instant())) {
      throw InvalidInput.of("objection", "objections.none-open");
    }
  }

  public List<ObjectionView> objections(ProposalId id) {
    return objections(id, null);
  }

  public List<ObjectionView> objections(ProposalId id, @Nullable MemberId viewer) {
    var rows = deliberations.objections(id);
    Map<MemberId, String> names = names(rows.stream().map(DeliberationRepository.ObjectionRow::author).toList());
    return rows.stream().map(r -> new ObjectionView(r.id().toString(), names.getOrDefault(new MemberId(r.author()), ""),
        viewer != null && r.author().equals(viewer.value()), r.reason(), UtcMinute.format(r.at()), r.withdrawnAt() == null,
        r.resolution() == null ? "" : r.resolution())).toList();
  }

  // ---------------------------------------------------------------- implementation

  /** The author or a steward reports progress on a decision that was taken. */
  @Transactional
  public void reportProgress(MemberId member, Role role, ProposalId id, String status, String note) {
    ProposalView p = visible(id, member);
    if (!p.taken()) {
      throw InvalidInput.of("note", "implementation.not-decided");
    }
    if (!p.author().equals(member.value()) && role != Role.STEWARD) {
      throw InvalidInput.of("note", "implementation.who");
    }
    if (!STATUSES.contains(status)) {
      throw InvalidInput.of("status", "implementation.status.invalid");
    }
    String text = note == null ? "" : note.strip();
    if (text.isEmpty()) {
      throw InvalidInput.of("note", "input.required");
    }
    if (text.length() > 5000) {
      throw InvalidInput.of("note", "input.too-long");
    }
    Instant now = clock.instant();
    deliberations.insertUpdate(UUID.randomUUID(), id, member.value(), status, text, now);
    proposals.implementation(id, status);
    events.publishEvent(new GovernanceRecorded(UUID.randomUUID(), now, "proposal.implementation",
        Map.of("proposal", id.toString(), "status", status, "by", member.toString())));
  }

  public List<UpdateView> updates(ProposalId id) {
    var rows = deliberations.updates(id);
    Map<MemberId, String> names = names(rows.stream().map(DeliberationRepository.UpdateRow::author).toList());
    return rows.stream().map(r -> new UpdateView(names.getOrDefault(new MemberId(r.author()), ""), r.status(), r.note(),
        UtcMinute.format(r.at()))).toList();
  }

  // ---------------------------------------------------------------- helpers

  private ProposalView visible(ProposalId id, MemberId member) {
    return proposals.find(id, member).orElseThrow(() -> InvalidInput.of("form", "proposals.unknown"));
  }

  private Map<MemberId, String> names(List<UUID> ids) {
    Set<MemberId> unique = new HashSet<>();
    ids.forEach(i -> unique.add(new MemberId(i)));
    return members.displayNames(unique);
  }

  private static UUID uuid(String text, String field, String key) {
    try {
      return UUID.fromString(text.strip());
    } catch (IllegalArgumentException | NullPointerException e) {
      throw InvalidInput.of(field, key);
    }
  }
}
