package org.commune.governance.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.commune.governance.ProposalView;
import org.commune.governance.Proposals;
import org.commune.governance.deliberation.Amendments;
import org.commune.governance.deliberation.Comments;
import org.commune.members.MemberId;
import org.commune.web.NeedsYou;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Governance's sections of a member's home page: votes waiting for their ballot (with the time left),
 * proposals in discussion in their groups and for everyone, amendments to their proposals, replies to
 * their comments, and results since their last visit. Only the member's own ballots are looked at, and
 * only to leave out what they already did: nothing here says who else voted.
 */
@Component
class GovernanceNeedsYou implements NeedsYou {

  /** Each section shows this many at most; its "see all" link leads to the rest. */
  static final int SHOWN = 8;

  /** Replies stay on the home page this long at least, even after a visit that showed them. */
  static final Duration REPLIES_KEPT = Duration.ofDays(14);

  private final Proposals proposals;
  private final Comments comments;
  private final Amendments amendments;
  private final Clock clock;

  GovernanceNeedsYou(Proposals proposals, Comments comments, Amendments amendments, Clock clock) {
    this.proposals = proposals;
    this.comments = comments;
    this.amendments = amendments;
    this.clock = clock;
  }

  @Override
  public List<Section> sections(String memberId, Instant since) {
    MemberId member = new MemberId(UUID.fromString(memberId));
    Instant now = clock.instant();
    Instant repliesSince = since.isBefore(now.minus(REPLIES_KEPT)) ? since : now.minus(REPLIES_KEPT);
    Proposals.Waiting waiting = proposals.waiting(member, since, SHOWN);
    return List.of(
        new Section("votes", 10, "home.votes.title", "home.votes.empty", "/proposals?phase=voting&voted=no",
            waiting.votes().stream()
                .map(p -> item(p, p.closesAt(), "home.votes.left", Duration.between(now, p.closesAt()))).toList()),
        new Section("discussion", 20, "home.discussion.title", "home.discussion.empty", "/proposals?phase=discussion",
            waiting.discussions().stream()
                .map(p -> item(p, null, "home.discussion.opens-in", Duration.between(now, p.openedAt())))
                .toList()),
        new Section("amendments", 30, "home.amendments.title", "home.amendments.empty", null,
            amendments.waitingFor(member, SHOWN).stream()
                .map(a -> new Item(a.title(), "/proposals/" + a.proposal() + "#amendments", "pending",
                    "home.amendments.status", "home.amendments.by", a.by(), a.at(), null, null)).toList()),
        new Section("replies", 40, "home.replies.title", "home.replies.empty", null,
            comments.repliesTo(member, repliesSince, SHOWN).stream()
                .map(r -> new Item(r.title(), "/proposals/" + r.proposal() + "#discussion", null, null,
                    "home.replies.by", r.by(), r.at(), null, null)).toList()),
        new Section("results", 50, "home.results.title", "home.results.empty", "/proposals?phase=decided",
            waiting.decided().stream()
                .map(p -> item(p, p.decidedAt(), null, null)).toList()));
  }

  private static Item item(ProposalView p, @Nullable Instant at, @Nullable String leftKey, @Nullable Duration left) {
    boolean future = left != null && !left.isNegative() && !left.isZero();
    return new Item(p.title(), "/proposals/" + p.id(), p.badge(), p.badgeKey(), null, null, at,
        future ? leftKey : null, future ? left : null);
  }
}
