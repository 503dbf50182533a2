package org.commune.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.commune.governance.constitution.Constitution;
import org.commune.members.Groups;
import org.commune.members.InvalidInput;
import org.commune.members.MemberId;
import org.commune.members.Role;
import org.commune.testing.RunningCommune;
import org.commune.testing.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Votes of minutes to weeks within the constitution's voting rules; a vote closing when every member
 * voted; officers closing early or extending only where the constitution allows, with a reason; the
 * live turnout. The clock is moved instead of waited for.
 */
class VoteTimesIT extends RunningCommune {

  @Autowired Proposals proposals;
  @Autowired Groups groups;
  @Autowired Constitution constitution;

  private static final BallotInput YES = new BallotInput("yes", Set.of(), Map.of());

  /** The form takes an amount and a unit; the constitution's bounds are enforced, in both languages. */
  @Test
  void votingTimesFromMinutesToWeeksWithinTheBounds() {
    member("times-a", Role.MEMBER);
    WebSession a = signedIn("times-a");
    String form = a.get("/proposals?create").body();
    assertThat(form).contains("name=\"unit\"").contains("The constitution allows from 10 min to 56 d.");
    WebSession.Page quick = a.post("/proposals", Map.of("title", "Quick vote at the meeting", "method", "majority",
        "discussion", "0", "days", "10", "unit", "minutes", "quorum", "0"));
    assertThat(quick.status()).isEqualTo(302);
    ProposalView p = proposals.find(ProposalId.parse(quick.location().substring(quick.location().lastIndexOf('/') + 1)))
        .orElseThrow();
    assertThat(Duration.between(p.openedAt(), p.closesAt())).isEqualTo(Duration.ofMinutes(10));
    String page = a.get("/proposals/" + p.id()).body();
    assertThat(page).contains("data-turnout").contains("hx-get=\"/proposals/" + p.id() + "/turnout\"")
        .contains("min left").contains("data-status=\"closing\"").doesNotContain("Quorum")
        .doesNotContain("Tie-break seed");

    long before = jdbc.sql("SELECT count(*) FROM proposal").query(Long.class).single();
    Map<String, String> tooShort = Map.of("title", "Too short", "method", "majority", "discussion", "0", "days", "9",
        "unit", "minutes", "quorum", "0");
    a.get("/proposals?create");
    WebSession.Page refused = a.post("/proposals", tooShort);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("This voting time is outside what the constitution allows");
    a.get("/proposals?create");
    assertThat(a.post("/proposals", Map.of("title", "Too long", "method", "majority", "discussion", "0", "days", "9",
        "unit", "weeks", "quorum", "0")).body()).contains("outside what the constitution allows");
    a.get("/proposals?create");
    assertThat(a.post("/proposals", Map.of("title", "Months", "method", "majority", "discussion", "0", "days", "2",
        "unit", "months", "quorum", "0")).body()).contains("Choose minutes, hours, days or weeks.");
    a.get("/proposals?create");
    assertThat(a.post("/proposals", Map.of("title", "Nothing", "method", "majority", "discussion", "0", "days", "0",
        "unit", "hours", "quorum", "0")).body()).contains("Give the voting time as a whole number greater than 0.");
    a.switchLanguage("ar");
    assertThat(a.get("/proposals/" + p.id()).body()).contains("عدد من صوّتوا حتى الآن").contains("بقي ")
        .doesNotContain("vote.turnout").doesNotContain("vote.time-left");
    a.get("/proposals?create");
    WebSession.Page arabic = a.post("/proposals", tooShort);
    assertThat(arabic.status()).isEqualTo(400);
    assertThat(arabic.body()).contains("مدة التصويت هذه خارج ما يسمح به الدستور");
    a.get("/proposals?create");
    assertThat(a.post("/proposals", Map.of("title", "شهور", "method", "majority", "discussion", "0", "days", "2",
        "unit", "months", "quorum", "0")).body()).contains("اختر دقائق أو ساعات أو أيامًا أو أسابيع.");
    assertThat(jdbc.sql("SELECT count(*) FROM proposal").query(Long.class).single()).isEqualTo(before);

    // The API the assemblies use: a 10-minute vote, closed by the scheduler once the clock passes it.
    ProposalId meeting = proposals.create(steward(),
        NewProposal.votingFor("Adopt the agenda", "", "majority", List.of(), Duration.ofMinutes(10), 0));
    ProposalView opened = proposals.find(meeting).orElseThrow();
    assertThat(Duration.between(opened.openedAt(), opened.closesAt())).isEqualTo(Duration.ofMinutes(10));
    assertThatThrownBy(() -> proposals.create(steward(),
        NewProposal.votingFor("Too quick", "", "majority", List.of(), Duration.ofMinutes(5), 0)))
        .isInstanceOf(InvalidInput.class).hasMessageContaining("proposals.duration.out-of-bounds");
    proposals.cast(steward(), meeting, YES);
    clock.advance(Duration.ofMinutes(11));
    proposals.advanceDue();
    assertThat(proposals.find(meeting).orElseThrow().decided()).isTrue();
    // The public constitution page states the voting times; a type without a floor of its own says so.
    assertThat(visitor().get("/constitution").body()).contains("Voting times").contains("Shortest voting time")
        .contains("As the voting times allow").contains("data-shortest=\"" + constitution.current().voting().minMinutes() + "\"");
    // The old callers in days still work.
    ProposalId days = proposals.create(steward(), new NewProposal("Three days", "", "majority", List.of(), 3, 0));
    ProposalView d = proposals.find(days).orElseThrow();
    assertThat(Duration.between(d.openedAt(), d.closesAt())).isEqualTo(Duration.ofDays(3));
  }

  /**
   * A vote closes as soon as every member of its fixed electorate has cast their own ballot; a vote
   * delegated is not "voted" (the member may still vote themselves), so it waits. Secret votes count
   * acknowledged ballots.
   */
  @Test
  void aVoteClosesWhenEveryMemberHasVoted() {
    MemberId a = member("all-a", Role.MEMBER);
    MemberId b = member("all-b", Role.MEMBER);
    MemberId c = member("all-c", Role.MEMBER);
    var group = groups.create(steward(), "all-voted-branch", "All voted branch", "فرع صوّت الجميع", "branch");
    for (String name : List.of("all-a", "all-b", "all-c")) {
      groups.add(steward(), group, name, "test");
    }
    ProposalId open = proposals.create(a, NewProposal.votingFor("Everyone votes", "", "majority", List.of(),
        Duration.ofDays(7), 50).in("all-voted-branch", false));
    proposals.cast(a, open, YES);
    proposals.cast(b, open, YES);
    WebSession cSession = signedIn("all-c");
    String page = cSession.get("/proposals/" + open).body();
    assertThat(page).contains("2 of 3 members have voted so far.").contains("Quorum: 50 % of the members who may vote, so at least 2 ballots.");
    assertThat(cSession.get("/proposals/" + open + "/turnout").body()).contains("2 of 3 members have voted so far.")
        .doesNotContain("all-a").doesNotContain("Name of");
    proposals.advanceDue();
    assertThat(proposals.find(open).orElseThrow().open()).as("one member has not voted").isTrue();
    // c delegated to a: a's ballot would carry c's vote, yet c may still vote, so the vote stays open.
    cSession.get("/delegation");
    cSession.post("/delegation", Map.of("username", "all-a"));
    proposals.advanceDue();
    assertThat(proposals.find(open).orElseThrow().open()).isTrue();
    proposals.cast(c, open, new BallotInput("no", Set.of(), Map.of()));
    proposals.advanceDue();
    ProposalView closed = proposals.find(open).orElseThrow();
    assertThat(closed.decided()).isTrue();
    assertThat(closed.outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(proposals.voteControls(open)).extracting(VoteControl::action).containsExactly("all-voted");
    assertThat(cSession.get("/proposals/" + open).body())
        .contains("Closed early: every member who may vote has voted.");
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
        "SELECT count(*) FROM log_entry WHERE leaf LIKE :p AND leaf LIKE '%vote.closed-early%'")
        .param("p", "%" + open + "%").query(Long.class).single() == 1);
    assertThat(cSession.get("/log?type=vote.closed-early").body()).contains("A vote closed early")
        .contains("Every member who may vote had voted").doesNotContain(">all-voted<");

    // Secret: both members' acknowledged ballots are in, so it closes; nobody is named anywhere for it.
    var pair = groups.create(steward(), "all-voted-pair", "Pair", "زوج", "branch");
    groups.add(steward(), pair, "all-a", "test");
    groups.add(steward(), pair, "all-b", "test");
    ProposalId secret = proposals.create(a, NewProposal.votingFor("Secret pair", "", "majority", List.of(),
        Duration.ofHours(2), 0).in("all-voted-pair", true));
    proposals.cast(a, secret, YES);
    proposals.advanceDue();
    assertThat(proposals.find(secret).orElseThrow().open()).isTrue();
    proposals.cast(b, secret, YES);
    proposals.advanceDue();
    assertThat(proposals.find(secret).orElseThrow().decided()).isTrue();
    assertThat(proposals.receipts(proposals.find(secret).orElseThrow())).hasSize(2);
  }

  /**
   * Closing early and extending: refused unless the constitution names the role (changed only by a
   * constitution vote), refused without a reason, never beyond the longest voting time, never after the
   * close; the reason is on the page and the act in the public log.
   */
  @Test
  void onlyRolesTheConstitutionNamesCloseOrExtendAVoteWithAReason() {
    MemberId mod = member("times-moderator", Role.MODERATOR);
    member("times-member", Role.MEMBER);
    ProposalId id = proposals.create(steward(), NewProposal.votingFor("Buy the building", "", "majority", List.of(),
        Duration.ofDays(2), 0));
    String path = "/proposals/" + id;
    WebSession steward = signedIn(STEWARD);
    if (!constitution.current().voting().mayClose("steward")) {
      // Founding rules: nobody may close or extend a vote; the forms are not even shown.
      assertThat(steward.get(path).body()).doesNotContain("/close\"").doesNotContain("/extend\"");
      WebSession.Page refused = steward.post(path + "/close", Map.of("reason", "Meeting ended"));
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.body()).contains("The constitution does not allow your role to do this to a vote.");
      steward.switchLanguage("ar");
      steward.get(path);
      assertThat(steward.post(path + "/close", Map.of("reason", "انتهى الاجتماع")).body())
          .contains("لا يسمح الدستور لدورك بفعل هذا في تصويت.");
      steward.switchLanguage("en");
      assertThat(proposals.find(id).orElseThrow().open()).isTrue();
      allowStewardsToCloseAndModeratorsToExtend();
    }
    assertThat(constitution.current().voting().closers()).containsExactly("steward");
    assertThat(constitution.current().voting().extenders()).containsExactly("moderator");

    // A member, and a moderator (who may only extend), cannot close it.
    WebSession plain = signedIn("times-member");
    plain.get(path);
    assertThat(plain.post(path + "/close", Map.of("reason", "I want to")).body())
        .contains("The constitution does not allow your role");
    assertThat(plain.post(path + "/extend", Map.of("extra", "1", "extraUnit", "hours", "reason", "More time")).body())
        .contains("The constitution does not allow your role");
    WebSession moderator = signedIn("times-moderator");
    String modPage = moderator.get(path).body();
    assertThat(modPage).contains("/extend\"").doesNotContain("/close\"");
    assertThat(moderator.post(path + "/close", Map.of("reason", "x")).body()).contains("does not allow your role");

    // Extending: a reason is required, the unit must be known, the longest time holds.
    Instant closes = proposals.find(id).orElseThrow().closesAt();
    moderator.get(path);
    assertThat(moderator.post(path + "/extend", Map.of("extra", "3", "extraUnit", "hours", "reason", " ")).body())
        .contains("Give a reason: it is shown on the proposal and recorded in the public log.");
    assertThat(moderator.post(path + "/extend", Map.of("extra", "3", "extraUnit", "years", "reason", "x")).body())
        .contains("Choose minutes, hours, days or weeks.");
    assertThat(moderator.post(path + "/extend", Map.of("extra", "8", "extraUnit", "weeks", "reason", "Long")).body())
        .contains("The vote would then run longer than the constitution's longest voting time.");
    assertThat(proposals.find(id).orElseThrow().closesAt()).isEqualTo(closes);
    WebSession.Page extended = moderator.post(path + "/extend", Map.of("extra", "3", "extraUnit", "hours",
        "reason", "Night shift could not vote"));
    assertThat(extended.status()).isEqualTo(302);
    assertThat(proposals.find(id).orElseThrow().closesAt()).isEqualTo(closes.plus(Duration.ofHours(3)));
    assertThat(plain.get(path).body()).contains("Extended by a member with the role Moderator.")
        .contains("Night shift could not vote");

    // Closing: the steward, with a reason; counted at once; nothing more to close or extend after.
    proposals.cast(mod, id, YES);
    steward.get(path);
    assertThat(steward.post(path + "/close", Map.of("reason", "")).body()).contains("Give a reason");
    assertThat(proposals.find(id).orElseThrow().open()).isTrue();
    WebSession.Page closed = steward.post(path + "/close", Map.of("reason", "The assembly decided to stop here"));
    assertThat(closed.status()).isEqualTo(302);
    ProposalView decided = proposals.find(id).orElseThrow();
    assertThat(decided.decided()).isTrue();
    assertThat(decided.outcome()).isEqualTo(Outcome.ACCEPTED);
    String result = plain.get(path).body();
    assertThat(result).contains("Closed early by a member with the role Steward.")
        .contains("The assembly decided to stop here").contains("data-status=\"passed\"");
    assertThatThrownBy(() -> proposals.extend(mod, id, Duration.ofHours(1), "too late"))
        .isInstanceOf(InvalidInput.class).hasMessageContaining("ballot.closed");
    assertThatThrownBy(() -> proposals.closeEarly(steward(), id, "again")).isInstanceOf(InvalidInput.class)
        .hasMessageContaining("ballot.closed");
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql(
        "SELECT count(*) FROM log_entry WHERE leaf LIKE :p AND (leaf LIKE '%vote.closed-early%' OR leaf LIKE '%vote.extended%')")
        .param("p", "%" + id + "%").query(Long.class).single() == 2);
    // The public log holds the reason's keyed hash, never the text the officer wrote.
    assertThat(jdbc.sql("SELECT leaf FROM log_entry WHERE leaf LIKE :p").param("p", "%" + id + "%")
        .query(String.class).list()).noneMatch(leaf -> leaf.contains("The assembly decided") || leaf.contains("Night shift"));
  }

  /** The constitution change that names the closers and extenders, decided by a vote of every member. */
  private void allowStewardsToCloseAndModeratorsToExtend() {
    ProposalId change = proposals.proposeVotingRules(steward(), "Officers may close and extend votes", "",
        new VotingRules(10, 8 * 7 * 24 * 60, List.of("steward"), List.of("moderator"), true), 3);
    ProposalView p = proposals.find(change).orElseThrow();
    for (UUID voter : proposals.electorateOf(p)) {
      proposals.cast(new MemberId(voter), change, YES);
    }
    proposals.close(change);
    assertThat(proposals.find(change).orElseThrow().outcome()).isEqualTo(Outcome.ACCEPTED);
    Awaitility.await().atMost(Duration.ofSeconds(20))
        .until(() -> constitution.current().voting().mayClose("steward"));
    assertThat(signedIn(STEWARD).get("/constitution").body()).contains("data-closers>Steward");
  }
}
