package org.commune.assembly;

import java.time.Duration;
import java.util.Set;
import org.commune.governance.DecisionType;
import org.commune.governance.NewProposal;
import org.commune.governance.ProposalId;
import org.commune.governance.ProposalView;
import org.commune.governance.Proposals;
import org.commune.members.GroupId;
import org.commune.members.GroupSummary;
import org.commune.members.Groups;
import org.commune.members.InvalidInput;
import org.commune.members.MemberId;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * The one place where a quick vote meets governance's API: opening a vote of a given length on an agenda
 * item, and closing it when the length is up. Governance today takes voting lengths in whole days and
 * decides who votes by group; when it takes minutes (branch i10-voting: {@code NewProposal.votingFor(…,
 * Duration, …)}) and, for votes of those present only, a chosen electorate, only this class changes: see
 * docs/assemblies.md, "What the quick vote needs from governance".
 */
@Component
class GovernanceVotes {

  private final Proposals proposals;
  private final Groups groups;

  GovernanceVotes(Proposals proposals, Groups groups) {
    this.groups = groups;
    this.proposals = proposals;
  }

  /**
   * Opens a vote on the item, now, running for {@code length}: the item's own way of deciding — its
   * method, options, seats, secret ballot, group and quorum — so that a meeting never turns a secret or a
   * group's decision into an open vote of everyone (found in review). Governance refuses a length outside
   * the constitution's voting times and closes the vote on time ({@link Meetings#closeDue()} stays as a
   * safety net). Items that carry a document (constitution, AI charter, amendments) are refused: their
   * vote adopts that document, which a quick vote would not carry. With {@code presentOnly} not null, only
   * those of them who may decide the item vote.
   */
  ProposalId open(MemberId steward, ProposalView item, Duration length, @Nullable Set<MemberId> presentOnly) {
    if (item.type() != DecisionType.GENERAL && item.type() != DecisionType.ELECTION) {
      throw InvalidInput.of("proposal", "assembly.vote.item-type");
    }
    String group = item.group() == null ? null
        : groups.byId(new GroupId(item.group())).map(GroupSummary::slug).orElse(null);
    NewProposal vote = new NewProposal(item.title(), item.body(), item.type().code(), item.method().code(),
        item.options(), item.seats(), item.maxScore(), item.secret(), group, 0, 0, item.quorumPercent(), false, null,
        item.maxApprovals(), length);
    if (presentOnly == null) {
      return proposals.create(steward, vote);
    }
    if (presentOnly.isEmpty()) {
      throw InvalidInput.of("voters", "assembly.vote.nobody-present");
    }
    return proposals.createFor(steward, vote, presentOnly);
  }

  /** Closes and counts the vote (nothing when governance closed it already). */
  void close(ProposalId vote) {
    proposals.close(vote);
  }
}
