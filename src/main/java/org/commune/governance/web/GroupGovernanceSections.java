package org.commune.governance.web;

import java.util.List;
import java.util.UUID;
import org.commune.governance.ProposalView;
import org.commune.governance.Proposals;
import org.commune.governance.delegation.Delegations;
import org.commune.members.GroupId;
import org.commune.members.MemberId;
import org.commune.web.GroupPageSections;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Governance on a group's page: the group's proposals (newest first) and its delegates. */
@Component
@Order(10)
class GroupGovernanceSections implements GroupPageSections {

  /** A group page lists this many proposals; the proposals page has them all. */
  static final int PROPOSALS_SHOWN = 20;

  private final Proposals proposals;
  private final Delegations delegations;

  GroupGovernanceSections(Proposals proposals, Delegations delegations) {
    this.proposals = proposals;
    this.delegations = delegations;
  }

  @Override
  public List<Section> sections(UUID group, UUID viewer) {
    List<Item> groupProposals = proposals.newest(new MemberId(viewer)).stream()
        .filter(p -> group.equals(p.group()))
        .limit(PROPOSALS_SHOWN)
        .map(p -> new Item(p.title(), "/proposals/" + p.id(), badge(p), "proposals.phase." + p.phase().code(),
            p.decidedAt() != null ? p.decidedAt() : p.createdAt(), null, null))
        .toList();
    List<Item> delegates = delegations.delegatesInGroup(new GroupId(group)).entrySet().stream()
        .map(e -> new Item(e.getKey().displayName(), null, null, null, null, e.getValue(), "groups.page.delegated-by"))
        .toList();
    return List.of(
        new Section("proposals", "groups.page.proposals", "groups.page.proposals.none", groupProposals,
            "/proposals", "groups.page.proposals.all"),
        new Section("delegations", "groups.page.delegations", "groups.page.delegations.none", delegates,
            "/delegation", "groups.page.delegations.mine"));
  }

  /** The design system's status for the proposal's badge. */
  private static String badge(ProposalView proposal) {
    return switch (proposal.phase().code()) {
      case "decided" -> proposal.taken() ? "passed" : "rejected";
      case "implementation" -> "implemented";
      default -> proposal.phase().code();
    };
  }
}
