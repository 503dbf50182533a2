package org.commune.governance.web;

import java.time.Duration;
import java.util.List;
import org.commune.governance.ProposalDocuments;
import org.commune.governance.deliberation.Amendments;
import org.commune.governance.deliberation.Comments;
import org.commune.governance.deliberation.Deliberation;
import org.commune.governance.ProposalView;
import org.commune.governance.VoteControl;
import org.commune.governance.VotingRules;
import org.commune.governance.counting.CountReport;
import org.commune.web.Form;
import org.commune.web.Shell;
import org.jspecify.annotations.Nullable;

/**
 * One proposal with everything said about it: text, phase dates, amendments, threaded comments, the
 * ballot form (or consent objections) while voting, the count once decided, and implementation updates.
 *
 * @param routeKey where the viewer's vote went (a message key; empty while open), routeName the delegate's name
 * @param weight the votes the viewer would cast if voting closed now (1 + those delegating to them)
 * @param receipt a secret ballot's receipt, shown once right after casting
 * @param receiptCheck "" (nothing asked), "found" or "missing": the result of checking a receipt
 * @param comments the discussion: comments on the proposal, each with its replies
 * @param replyTo the comment being answered (from ?reply=), or ""
 * @param document for a proposal another module acts on (the AI charter): its clauses compared with
 *     what is in force, and the hash of exactly what is adopted
 * @param refusal why the viewer may not vote (a message key), shown when {@code mayVote} is false
 * @param amendmentVote for the vote on an amendment: the amendment it decides (null otherwise)
 * @param receiptNeedsPassword a secret vote, and this session (begun with a passkey) holds no ballot
 *     secret: the ballot form asks for the password, so that the receipt can be derived again later
 * @param vote the viewer's own ballot, who changed when the vote ends, and what the viewer may do to it
 */
public record ProposalPage(ProposalView proposal, String authorName, String groupName, boolean mine,
    boolean moderator, boolean steward, boolean mayVote, boolean voted, String receipt, long weight,
    String routeKey, String routeName, List<Comments.CommentView> comments, String replyTo,
    List<Amendments.AmendmentView> amendments, List<Deliberation.ObjectionView> objections,
    List<Deliberation.UpdateView> updates, long receiptCount, String receiptCheck, @Nullable CountReport count,
    Form form, ProposalDocuments.@Nullable Document document, String refusal,
    boolean receiptNeedsPassword, Amendments.@Nullable AmendmentView amendmentVote,
    VotePart vote) {

  /** The page's heading: an amendment's vote is called what it is ("Amendment 2 to …"). */
  public String heading(Shell shell) {
    return amendmentVote == null ? proposal.title() : shell.t().get("amendments.heading",
        shell.f().number(amendmentVote.number()), amendmentVote.proposalTitle());
  }

  /**
   * The voting part of the page (issue 10).
   *
   * @param ownBallot the viewer's current ballot, or null (not voted, or a secret one this session cannot find)
   * @param controls closings and extensions, oldest first
   * @param mayClose the viewer's role may close this open vote early; {@code mayExtend} extend it
   * @param voting the constitution's voting rules (bounds of an extension)
   * @param timeLeft until the vote closes, while it is open; null otherwise
   */
  public record VotePart(@Nullable OwnBallot ownBallot, List<VoteControl> controls, boolean mayClose,
      boolean mayExtend, VotingRules voting, @Nullable Duration timeLeft) {

    /** Open and closing within a day: the badge shows "closing" (the design's status colour). */
    public boolean closingSoon() {
      return timeLeft != null && timeLeft.compareTo(Duration.ofHours(24)) < 0;
    }
  }
}
