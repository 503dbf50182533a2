package org.commune.governance.web;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.commune.governance.ProposalDocuments;
import org.commune.governance.VoteRoute;
import org.commune.governance.deliberation.Amendments;
import org.commune.governance.deliberation.Comments;
import org.commune.governance.VotingMethod;
import org.commune.governance.VotingRules;
import org.commune.governance.deliberation.Deliberation;
import org.commune.governance.delegation.Delegations;
import org.commune.governance.ProposalId;
import org.commune.governance.ProposalView;
import org.commune.governance.Proposals;
import org.commune.governance.counting.CountReport;
import org.commune.members.BallotSecret;
import org.commune.members.GroupId;
import org.commune.members.Groups;
import org.commune.members.InvalidInput;
import org.commune.members.MemberId;
import org.commune.members.MemberPrincipal;
import org.commune.members.Members;
import org.commune.members.Role;
import org.commune.web.Form;
import org.jspecify.annotations.Nullable;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.server.ResponseStatusException;

/** Builds the one-proposal page for the controllers that show it (after a GET, or a form with mistakes). */
@Component
class ProposalPages {

  static final String ONE = "governance/proposal";

  private final Proposals proposals;
  private final Deliberation deliberation;
  private final Comments comments;
  private final Amendments amendments;
  private final Delegations delegations;
  private final Members members;
  private final Groups groups;

  private final List<ProposalDocuments> documents;
  private final Clock clock;

  ProposalPages(Proposals proposals, Deliberation deliberation, Comments comments, Amendments amendments,
      Delegations delegations, Members members, Groups groups, List<ProposalDocuments> documents, Clock clock) {
    this.comments = comments;
    this.amendments = amendments;
    this.clock = clock;
    this.documents = documents;
    this.proposals = proposals;
    this.deliberation = deliberation;
    this.delegations = delegations;
    this.members = members;
    this.groups = groups;
  }

  /** The proposal the member may see, or 404 (for unknown ids and other members' drafts alike). */
  ProposalView find(String id, MemberPrincipal member) {
    try {
      return proposals.find(ProposalId.parse(id), member.id())
          .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    } catch (IllegalArgumentException notAnId) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
  }

  /** Shows the page again with the problems explained (400) and what was typed kept. */
  String invalid(ProposalView proposal, MemberPrincipal member, Map<String, String> typed, InvalidInput invalid,
      HttpServletResponse response, Model model) {
    response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
    model.addAttribute("page", page(proposal, member, Form.of(typed).withErrors(invalid.byField()), "", "", ""));
    return ONE;
  }

  ProposalPage page(ProposalView p, MemberPrincipal member, Form form, String receipt, String replyTo,
      String checkReceipt) {
    MemberId viewer = member.id();
    String routeKey = "";
    String routeName = "";
    switch (proposals.routeOf(p.id(), viewer).orElse(null)) {
      case null -> { }
      case VoteRoute.NotCast notCast -> routeKey = "proposals.route.none";
      case VoteRoute.CastBy(MemberId voter) when voter.equals(viewer) -> routeKey = "proposals.route.self";
      case VoteRoute.CastBy(MemberId delegate) -> {
        routeKey = "proposals.route.delegate";
        routeName = members.find(delegate).map(m -> m.displayName()).orElse("");
      }
    }
    String refusal = proposals.refusal(p, viewer);
    boolean mayVote = refusal.isEmpty();
    long weight = 1;
    if (p.open() && !p.secret() && mayVote) {
      Set<UUID> electorate = proposals.electorateOf(p);
      weight = delegations.currentWeight(viewer, p.group(), electorate, proposals.directVoters(p.id()));
    }
    CountReport count = proposals.report(p).orElse(null);
    List<String> receipts = proposals.receipts(p);
    String check = "";
    if (!checkReceipt.isBlank() && p.secret() && p.decided()) {
      check = receipts.contains(checkReceipt.strip().toLowerCase(Locale.ROOT)) ? "found" : "missing";
    }
    String groupName = p.group() == null ? ""
        : groups.byId(new GroupId(p.group())).map(g -> g.name(member.language())).orElse("");
    return new ProposalPage(p, members.find(new MemberId(p.author())).map(m -> m.displayName()).orElse(""), groupName,
        p.author().equals(viewer.value()), member.role() != Role.MEMBER, member.role() == Role.STEWARD, mayVote,
        proposals.hasVoted(p.id(), viewer), receipt, weight, routeKey, routeName, comments.thread(p.id(), viewer),
        replyTo, amendments.of(p, viewer), deliberation.objections(p.id(), viewer),
        deliberation.updates(p.id()), receipts.size(), check, count, form, document(p),
        refusal.isEmpty() ? "ballot.not-in-group" : refusal, p.secret() && !sessionHoldsBallotSecret(),
        amendments.votedIn(p, viewer).orElse(null), votePart(p, member));
  }

  private ProposalPage.VotePart votePart(ProposalView p, MemberPrincipal member) {
    VotingRules rules = proposals.votingRules();
    OwnBallot own = p.method() == VotingMethod.CONSENT ? null
        : proposals.ballotOf(p, member.id(), ballotSecret()).map(c -> OwnBallot.of(c, p.options())).orElse(null);
    String role = member.role().code();
    Duration left = p.open() ? Duration.between(clock.instant(), p.closesAt()) : null;
    return new ProposalPage.VotePart(own, proposals.voteControls(p.id()), p.open() && rules.mayClose(role),
        p.open() && rules.mayExtend(role), rules, left == null || left.isNegative() ? null : left);
  }

  /** What the vote adopts, for a proposal another module acts on; null for the others. */
  private ProposalDocuments.@Nullable Document document(ProposalView p) {
    if (p.payload() == null) {
      return null;
    }
    Locale locale = LocaleContextHolder.getLocale();
    for (var source : documents) {
      var described = source.describe(p.type(), p.payload(), locale);
      if (described.isPresent()) {
        return described.get();
      }
    }
    return null;
  }

  private static boolean sessionHoldsBallotSecret() {
    return ballotSecret() != null;
  }

  private static byte @Nullable [] ballotSecret() {
    var attributes = RequestContextHolder.getRequestAttributes();
    return attributes instanceof ServletRequestAttributes servlet ? BallotSecret.of(servlet.getRequest()) : null;
  }
}
