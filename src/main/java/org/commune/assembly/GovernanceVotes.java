package org.commune.assembly;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.commune.governance.NewProposal;
import org.commune.governance.ProposalId;
import org.commune.governance.ProposalView;
import org.commune.governance.Proposals;
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

  GovernanceVotes(Proposals proposals) {
    this.proposals = proposals;
  }

  /**
   * Opens a yes/no vote (majority) on the item, now, running for {@code length} (governance refuses a length
   * outside the constitution's voting times and closes it on time; {@link Meetings#closeDue()} stays as a
   * safety net). With {@code presentOnly} not null, only those members may vote: governance fixes the
   * vote's electorate to them; otherwise every member may.
   */
  ProposalId open(MemberId steward, ProposalView item, Duration length, @Nullable Set<MemberId> presentOnly) {
    NewProposal vote = NewProposal.votingFor(item.title(), item.body(), "majority", List.of(), length, 0);
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
