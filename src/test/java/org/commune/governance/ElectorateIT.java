package org.commune.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.commune.governance.delegation.Delegations;
import org.commune.members.GroupId;
import org.commune.members.Groups;
import org.commune.members.InvalidInput;
import org.commune.members.MemberId;
import org.commune.members.Role;
import org.commune.testing.RunningCommune;
import org.commune.testing.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The electorate is fixed when voting opens, and delegations stay inside the groups members belong to:
 * attempts to change who votes after the opening (joining late, a steward adding or removing group
 * members mid-vote) and to delegate in someone else's group.
 */
class ElectorateIT extends RunningCommune {

  @Autowired Proposals proposals;
  @Autowired Groups groups;
  @Autowired Delegations delegations;

  /** A member who joins after a vote opened cannot vote in it; the eligible count stays as it was. */
  @Test
  void membersWhoJoinAfterTheOpeningDoNotVote() {
    member("early-voter", Role.MEMBER);
    ProposalId id = proposals.create(steward(), new NewProposal("Rent strike", "", "majority", List.of(), 3, 0));
    long eligible = proposals.find(id).orElseThrow().eligible();
    MemberId late = member("late-joiner", Role.MEMBER);
    assertThat(proposals.find(id).orElseThrow().eligible()).isEqualTo(eligible);

    String path = "/proposals/" + id;
    WebSession session = signedIn("late-joiner");
    assertThat(session.get(path).body()).contains("You were not among the members who could vote");
    WebSession.Page refused = session.post(path + "/ballot", Map.of("choice", "yes"));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("You were not among the members who could vote");
    assertThatThrownBy(() -> proposals.cast(late, id, new BallotInput("no", Set.of(), Map.of())))
        .isInstanceOf(InvalidInput.class);
    assertThat(vote(signedIn("early-voter"), path, "yes").status()).isEqualTo(302);

    proposals.close(id);
    ProposalView closed = proposals.find(id).orElseThrow();
    assertThat(closed.eligible()).isEqualTo(eligible);
    assertThat(closed.ballots()).isLessThanOrEqualTo(closed.eligible());
    assertThat(proposals.routeOf(id, late)).as("the late member is no part of the count").isEmpty();
  }

  /**
   * A steward changing a group mid-vote changes nothing: an added member cannot vote, a removed one keeps
   * the vote they had when voting opened, and the eligible count and the turnout stay within the snapshot.
   */
  @Test
  void aStewardCannotChangeAGroupsElectorateMidVote() {
    for (String name : List.of("snap-a", "snap-b", "snap-c", "snap-new")) {
      member(name, Role.MEMBER);
    }
    GroupId group = groups.create(steward(), "snapshot-branch", "Snapshot branch", "فرع اللقطة", "branch");
    for (String name : List.of("snap-a", "snap-b", "snap-c")) {
      groups.add(steward(), group, name, "founding members");
    }
    WebSession a = signedIn("snap-a");
    a.get("/proposals?create");
    WebSession.Page created = a.post("/proposals", Map.of("title", "Branch dues", "type", "general", "method",
        "majority", "discussion", "0", "days", "3", "quorum", "0", "group", "snapshot-branch"));
    assertThat(created.status()).isEqualTo(302);
    String path = created.location().substring(created.location().indexOf("/proposals/"));
    ProposalId id = ProposalId.parse(path.substring("/proposals/".length()));
    assertThat(proposals.find(id).orElseThrow().eligible()).isEqualTo(3);

    groups.add(steward(), group, "snap-new", "joined mid-vote");
    groups.remove(steward(), group, "snap-c", "removed mid-vote");
    assertThat(proposals.find(id).orElseThrow().eligible()).isEqualTo(3);

    WebSession.Page added = vote(signedIn("snap-new"), path, "yes");
    assertThat(added.status()).isEqualTo(400);
    assertThat(added.body()).contains("You were not among the members who could vote");
    assertThat(vote(signedIn("snap-c"), path, "no").status()).as("removed mid-vote, still in the electorate")
        .isEqualTo(302);
    assertThat(vote(a, path, "yes").status()).isEqualTo(302);
    assertThat(vote(signedIn("snap-b"), path, "yes").status()).isEqualTo(302);

    proposals.close(id);
    ProposalView closed = proposals.find(id).orElseThrow();
    assertThat(closed.eligible()).isEqualTo(3);
    assertThat(closed.ballots()).isEqualTo(3);
    assertThat(closed.result()).contains("Turnout: 3 of 3");
  }

  /**
   * A vote opened by the previous release (no fixed electorate): the scheduler fixes it — the members
   * now and everyone who has voted — so from then on a member who joins cannot vote in it.
   */
  @Test
  void votesOpenedBeforeTheUpgradeAreFixedByTheScheduler() {
    MemberId voted = member("legacy-voter", Role.MEMBER);
    ProposalId id = proposals.create(steward(), new NewProposal("Legacy vote", "", "majority", List.of(), 3, 0));
    jdbc.sql("DELETE FROM proposal_electorate WHERE proposal_id = :p").param("p", id.value()).update();
    jdbc.sql("UPDATE proposal SET electorate_fixed = false WHERE id = :p").param("p", id.value()).update();
    proposals.cast(voted, id, new BallotInput("yes", Set.of(), Map.of()));

    proposals.advanceDue();
    long eligible = proposals.find(id).orElseThrow().eligible();
    MemberId late = member("legacy-late", Role.MEMBER);
    assertThatThrownBy(() -> proposals.cast(late, id, new BallotInput("no", Set.of(), Map.of())))
        .isInstanceOf(InvalidInput.class);
    assertThat(proposals.find(id).orElseThrow().eligible()).isEqualTo(eligible);
    assertThat(proposals.electorateOf(proposals.find(id).orElseThrow())).contains(voted.value())
        .doesNotContain(late.value());
  }

  /** Delegating in a group one does not belong to is refused with a message; nothing is stored. */
  @Test
  void delegationOnlyInOnesOwnGroups() {
    member("outsider", Role.MEMBER);
    member("insider", Role.MEMBER);
    GroupId group = groups.create(steward(), "closed-committee", "Closed committee", "لجنة مغلقة", "committee");
    groups.add(steward(), group, "insider", "member");
    WebSession outsider = signedIn("outsider");
    outsider.get("/delegation");
    WebSession.Page refused = outsider.post("/delegation/group",
        Map.of("group", "closed-committee", "groupUsername", "insider"));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("You can name a delegate only in a group you belong to.");
    assertThat(delegations.groupDelegatesOf(member("outsider", Role.MEMBER))).isEmpty();
    assertThat(jdbc.sql("SELECT count(*) FROM group_delegation WHERE group_id = :g").param("g", group.value())
        .query(Long.class).single()).isZero();
  }

  private static WebSession.Page vote(WebSession session, String path, String choice) {
    session.get(path);
    return session.post(path + "/ballot", Map.of("choice", choice));
  }
}
