package org.commune.governance.deliberation;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.commune.governance.DecisionType;
import org.commune.governance.DiscussionNotice;
import org.commune.governance.GovernanceRecorded;
import org.commune.governance.Outcome;
import org.commune.governance.ProposalId;
import org.commune.governance.ProposalPhase;
import org.commune.governance.ProposalView;
import org.commune.governance.Proposals;
import org.commune.governance.proposal.ProposalDecided;
import org.commune.governance.proposal.ProposalMoved;
import org.commune.members.InvalidInput;
import org.commune.members.MemberId;
import org.commune.members.Members;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Amendments: a member proposes a new text and/or title for a proposal in discussion; its author
 * accepts (the text changes, logged) or declines; a declined amendment can go to a vote of its own and
 * is adopted if that vote passes while the proposal can still change. Each amendment is numbered per
 * proposal ("Amendment 2 to …") and shown as a word-level diff against the text it was written for.
 * The proposal's author is told of each amendment.
 */
@Service
public class Amendments {

  static final int MAX_TITLE = 200;
  static final int MAX_BODY = 20_000;
  static final int MAX_REASON = 2000;

  private final DeliberationRepository deliberations;
  private final Proposals proposals;
  private final Members members;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  Amendments(DeliberationRepository deliberations, Proposals proposals, Members members,
      ApplicationEventPublisher events, Clock clock) {
    this.deliberations = deliberations;
    this.proposals = proposals;
    this.members = members;
    this.events = events;
    this.clock = clock;
  }

  /**
   * An amendment as shown.
   *
   * @param number its number among the proposal's amendments, from 1
   * @param proposal the amended proposal's id, and proposalTitle its title now
   * @param title the title it proposes, or null when it leaves the title as it is
   * @param titleDiff the change of title, word by word (null when the title stays)
   * @param bodyDiff the change of text, word by word, against the text it was written for
   * @param stale it was written for an earlier text than the proposal's now (accepting it replaces the whole text)
   */
  public record AmendmentView(String id, int number, String proposal, String proposalTitle, String author,
      boolean mine, @Nullable String title, @Nullable TextDiff titleDiff, TextDiff bodyDiff, String body,
      String reason, String status, String vote, Instant at, boolean stale) {

    public boolean open() {
      return "open".equals(status);
    }

    /** The status in the design system's badge vocabulary (its text is always the status's message). */
    public String badge() {
      return switch (status) {
        case "open" -> "pending";
        case "accepted" -> "approved";
        case "declined", "rejected" -> "rejected";
        case "adopted" -> "passed";
        case "lapsed" -> "expired";
        default -> status;
      };
    }
  }

  @Transactional
  public void propose(MemberId member, ProposalId id, @Nullable String title, @Nullable String body,
      @Nullable String reason) {
    ProposalView p = Checks.visible(proposals, id, member);
    if (!p.inDiscussion()) {
      throw InvalidInput.of("amendment", "amendments.closed");
    }
    String refusal = proposals.refusal(p, member);
    if (!refusal.isEmpty()) {
      throw InvalidInput.of("amendment", refusal);
    }
    List<InvalidInput.Problem> problems = new ArrayList<>();
    String newTitle = Checks.text(title, "amendmentTitle", MAX_TITLE, false, problems);
    String text = Checks.text(body, "amendment", MAX_BODY, true, problems);
    String why = Checks.text(reason, "reason", MAX_REASON, false, problems);
    // An empty title field leaves the title as it is, as does the title unchanged.
    String changedTitle = newTitle.isEmpty() || newTitle.equals(p.title()) ? null : newTitle;
    if (problems.isEmpty() && changedTitle == null && text.equals(p.body())) {
      problems.add(new InvalidInput.Problem("amendment", "amendments.same"));
    }
    if (!problems.isEmpty()) {
      throw new InvalidInput(problems);
    }
    UUID amendment = UUID.randomUUID();
    Instant now = clock.instant();
    deliberations.insertAmendment(amendment, id, member.value(), text, changedTitle, p.title(), p.body(), why, now);
    MemberId author = new MemberId(p.author());
    if (!author.equals(member)) {
      events.publishEvent(new DiscussionNotice(DiscussionNotice.Kind.AMENDMENT, id, p.title(), amendment, member, Set.of(author), now));
    }
  }

  /** The proposal's amendments, oldest first. */
  public List<AmendmentView> of(ProposalView p, MemberId viewer) {
    var rows = deliberations.amendments(p.id());
    Map<MemberId, String> names = Checks.names(members, rows.stream().map(DeliberationRepository.AmendmentRow::author).toList());
    return rows.stream().map(r -> view(r, p, names, viewer)).toList();
  }

  /** Open amendments by others to the member's own proposals: they wait for the member to accept or decline. */
  public List<Addressed> waitingFor(MemberId member, int count) {
    return Checks.addressed(members, deliberations.openAmendmentsTo(member.value(), count));
  }

  /** For the vote on an amendment: the amendment it decides. */
  public Optional<AmendmentView> votedIn(ProposalView vote, MemberId viewer) {
    if (vote.type() != DecisionType.AMENDMENT) {
      return Optional.empty();
    }
    return deliberations.amendmentVotedIn(vote.id()).flatMap(r -> proposals.find(new ProposalId(r.proposal()))
        .map(amended -> view(r, amended, Checks.names(members, List.of(r.author())), viewer)));
  }

  /**
   * The proposal's author settles an open amendment: "accept" replaces the text (and the title, if the
   * amendment changes it; logged), "decline" leaves the amendment's author free to put it to a vote.
   */
  @Transactional
  public void settle(MemberId member, ProposalId id, String amendment, boolean accept) {
    ProposalView p = Checks.visible(proposals, id, member);
    var row = find(id, amendment);
    if (!"open".equals(row.status())) {
      throw InvalidInput.of("form", "amendments.settled");
    }
    if (!p.author().equals(member.value())) {
      throw InvalidInput.of("form", "proposals.author-only");
    }
    if (!p.amendable()) {
      throw InvalidInput.of("form", "amendments.closed");
    }
    Instant now = clock.instant();
    if (accept) {
      adopt(p, row, "amendment", "amendment", row.id().toString());
    }
    deliberations.settleAmendment(row.id(), accept ? "accepted" : "declined", null, now);
    events.publishEvent(new GovernanceRecorded(UUID.randomUUID(), now, "amendment." + (accept ? "accepted" : "declined"),
        Map.of("proposal", id.toString(), "amendment", row.id().toString(), "by", member.toString())));
  }

  /** The amendment's author puts a declined amendment to a vote of its own. */
  @Transactional
  public ProposalId putToVote(MemberId member, ProposalId id, String amendment) {
    ProposalView p = Checks.visible(proposals, id, member);
    var row = find(id, amendment);
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
      adopt(amended, row, "amendment-vote", "vote", vote.id().toString());
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

  private void adopt(ProposalView p, DeliberationRepository.AmendmentRow row, String how, String key, String source) {
    if (!row.body().equals(p.body())) {
      proposals.setText(p, row.body(), how, key, source);
    }
    if (row.title() != null && !row.title().equals(p.title())) {
      proposals.setTitle(p, row.title(), how, key, source);
    }
  }

  private DeliberationRepository.AmendmentRow find(ProposalId id, String amendment) {
    UUID amendmentId = Checks.uuid(amendment, "form", "amendments.unknown");
    return deliberations.amendment(amendmentId).filter(a -> a.proposal().equals(id.value()))
        .orElseThrow(() -> InvalidInput.of("form", "amendments.unknown"));
  }

  private static AmendmentView view(DeliberationRepository.AmendmentRow r, ProposalView p, Map<MemberId, String> names,
      MemberId viewer) {
    // Amendments from before their base was kept are compared with the text as it is now.
    String baseBody = r.baseBody() == null ? p.body() : r.baseBody();
    String baseTitle = r.baseTitle() == null ? p.title() : r.baseTitle();
    boolean stale = "open".equals(r.status()) && (!baseBody.equals(p.body()) || !baseTitle.equals(p.title()));
    return new AmendmentView(r.id().toString(), r.number(), p.id().toString(), p.title(),
        names.getOrDefault(new MemberId(r.author()), ""), r.author().equals(viewer.value()), r.title(),
        r.title() == null ? null : TextDiff.of(baseTitle, r.title()), TextDiff.of(baseBody, r.body()), r.body(),
        r.reason(), r.status(), r.vote() == null ? "" : r.vote().toString(), r.at(), stale);
  }
}
