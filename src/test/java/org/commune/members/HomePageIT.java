package org.commune.members;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.commune.governance.NewProposal;
import org.commune.governance.ProposalId;
import org.commune.governance.Proposals;
import org.commune.governance.deliberation.Amendments;
import org.commune.governance.deliberation.Comments;
import org.commune.testing.RunningCommune;
import org.commune.testing.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The member home page ("what needs me") over real HTTP, each section from the adversary's side: a member
 * never sees another member's draft, another group's discussion, an amendment or reply meant for someone
 * else, nor anything saying who voted. Also: where sign-in lands, and the unread count in the header.
 */
class HomePageIT extends RunningCommune {

  @Autowired Proposals proposals;
  @Autowired Comments comments;
  @Autowired Amendments amendments;
  @Autowired Groups groups;

  /** The part of the page in one section (to tell "in the votes section" from "somewhere on the page"). */
  static String section(String body, String id) {
    int start = body.indexOf("data-section=\"" + id + "\"");
    assertThat(start).as("section %s is on the page", id).isGreaterThan(0);
    return body.substring(start, body.indexOf("</section>", start));
  }

  private static String unique(String what) {
    return what + " " + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void signInLandsOnTheProposalTheVisitorAskedForElseOnHome() {
    MemberId author = member("home-linkfollower", Role.MEMBER);
    ProposalId id = proposals.create(author, new NewProposal(unique("Linked vote"), "", "majority", List.of(), 3, 0));
    WebSession visitor = visitor();
    WebSession.Page asked = visitor.get("/proposals/" + id);
    assertThat(asked.status()).isEqualTo(302);
    assertThat(asked.location()).endsWith("/login");
    WebSession.Page signedIn = visitor.signIn("home-linkfollower", PASSWORD);
    assertThat(signedIn.status()).isEqualTo(302);
    assertThat(signedIn.location()).as("back to the proposal, not the account page").contains("/proposals/" + id);
    assertThat(visitor.get(signedIn.location().substring(signedIn.location().indexOf("/proposals/"))).status())
        .isEqualTo(200);

    // Without a page asked for, sign-in lands on home; a saved page is used once only.
    WebSession plain = visitor();
    assertThat(plain.signIn("home-linkfollower", PASSWORD).redirectsTo("/home")).isTrue();
    WebSession page = visitor();
    page.get("/proposals/" + id);
    page.signIn("home-linkfollower", "a wrong password");
    assertThat(page.signIn("home-linkfollower", PASSWORD).location()).contains("/proposals/" + id);
    // A visitor cannot plant another site as the page to return to.
    WebSession planted = visitor();
    planted.get("/login?continue=https://evil.example/");
    assertThat(planted.signIn("home-linkfollower", PASSWORD).location()).doesNotContain("evil.example");
  }

  @Test
  void votesWaitingLeaveOnceCastAndNeverSayWhoVoted() {
    MemberId a = member("home-voter-a", Role.MEMBER);
    member("home-voter-b", Role.MEMBER);
    String title = unique("Buy a printer");
    ProposalId id = proposals.create(a, new NewProposal(title, "", "majority", List.of(), 3, 0));
    WebSession alice = signedIn("home-voter-a");
    WebSession bob = signedIn("home-voter-b");
    String votes = section(alice.get("/home").body(), "votes");
    assertThat(votes).contains(title).contains("/proposals/" + id).contains("data-status=\"voting\"")
        .containsPattern("[23] d( \\d+ h)? left");

    assertThat(alice.post("/proposals/" + id + "/ballot", Map.of("choice", "yes")).status()).isEqualTo(302);
    assertThat(section(alice.get("/home").body(), "votes")).as("cast: no longer waiting").doesNotContain(title);
    String bobsHome = bob.get("/home").body();
    assertThat(section(bobsHome, "votes")).contains(title);
    assertThat(bobsHome).as("nothing tells Bob who voted").doesNotContain("home-voter-a").doesNotContain("Name of home-voter-a");
    // The filter says only the viewer's own ballot.
    assertThat(alice.get("/proposals?voted=yes").body()).contains(title);
    assertThat(bob.get("/proposals?voted=yes").body()).doesNotContain(title);
    assertThat(bob.get("/proposals?voted=no&phase=voting").body()).contains(title);
  }

  @Test
  void otherGroupsDiscussionsAndOtherMembersDraftsStayOut() {
    MemberId inside = member("home-branch-member", Role.MEMBER);
    member("home-outsider", Role.MEMBER);
    String slug = "br-" + UUID.randomUUID().toString().substring(0, 6);
    var group = groups.create(steward(), slug, "Branch " + slug, "فرع " + slug, "branch");
    groups.add(steward(), group, "home-branch-member", "test set-up");
    String branchTitle = unique("Branch rota");
    proposals.create(inside, new NewProposal(branchTitle, "", "general", "majority", List.of(), 1, 5, false, slug, 3, 3,
        0, false, null));
    String everyoneTitle = unique("Whole union picnic");
    proposals.create(steward(), new NewProposal(everyoneTitle, "", "general", "majority", List.of(), 1, 5, false, null,
        3, 3, 0, false, null));
    String draftTitle = unique("Secret plan draft");
    ProposalId draft = proposals.create(inside, new NewProposal(draftTitle, "", "general", "majority", List.of(), 1, 5,
        false, null, 3, 3, 0, true, null));

    String insideHome = signedIn("home-branch-member").get("/home").body();
    assertThat(section(insideHome, "discussion")).contains(branchTitle).contains(everyoneTitle)
        .contains("Voting opens in 3 d");
    WebSession outsider = signedIn("home-outsider");
    String outsiderHome = outsider.get("/home").body();
    assertThat(section(outsiderHome, "discussion")).contains(everyoneTitle).doesNotContain(branchTitle);
    assertThat(outsiderHome).doesNotContain(draftTitle);
    assertThat(outsider.get("/proposals").body()).doesNotContain(draftTitle);
    assertThat(outsider.get("/proposals?phase=draft").body()).doesNotContain(draftTitle);
    assertThat(outsider.get("/proposals/" + draft).status()).isEqualTo(404);
    assertThat(outsider.get("/proposals?group=" + slug).body()).contains(branchTitle).doesNotContain(everyoneTitle);
  }

  @Test
  void amendmentsAndRepliesReachOnlyTheMemberTheyAreFor() {
    MemberId author = member("home-author", Role.MEMBER);
    MemberId critic = member("home-critic", Role.MEMBER);
    String title = unique("Dues for students");
    ProposalId id = proposals.create(author, new NewProposal(title, "Students pay half.", "general", "majority",
        List.of(), 1, 5, false, null, 3, 3, 0, false, null));
    amendments.propose(critic, id, null, "Students pay nothing.", "They earn nothing.");
    comments.comment(author, id, null, "for", "I wrote this for the students.");
    String mine = comments.comments(id).get(0).id();
    comments.comment(critic, id, mine, "question", "Which students?");

    String authorsHome = signedIn("home-author").get("/home").body();
    assertThat(section(authorsHome, "amendments")).contains(title).contains("<bdi>Name of home-critic</bdi>");
    assertThat(section(authorsHome, "replies")).contains(title).contains("<bdi>Name of home-critic</bdi>");
    String criticsHome = signedIn("home-critic").get("/home").body();
    assertThat(section(criticsHome, "amendments")).doesNotContain(title);
    assertThat(section(criticsHome, "replies")).doesNotContain(title);

    // A hidden reply is gone from the home page too.
    String reply = comments.comments(id).get(1).id();
    comments.hide(steward(), Role.STEWARD, id, reply, "off topic");
    assertThat(section(signedIn("home-author").get("/home").body(), "replies")).doesNotContain(title);

    // So is a reply its author withdrew.
    comments.comment(critic, id, mine, "question", "Which students, again?");
    assertThat(section(signedIn("home-author").get("/home").body(), "replies")).contains(title);
    comments.withdraw(critic, id, comments.comments(id).get(2).id());
    assertThat(section(signedIn("home-author").get("/home").body(), "replies")).doesNotContain(title);
  }

  @Test
  void resultsSinceTheLastVisitThenNotAgain() {
    MemberId voter = member("home-returning", Role.MEMBER);
    String title = unique("Paint the office");
    ProposalId id = proposals.create(voter, new NewProposal(title, "", "majority", List.of(), 3, 0));
    WebSession member = signedIn("home-returning");
    member.get("/home");
    clock.advance(Duration.ofHours(2));
    proposals.close(id);
    clock.advance(Duration.ofMinutes(1));
    String results = section(member.get("/home").body(), "results");
    assertThat(results).contains(title).containsPattern("data-status=\"(rejected|failed-quorum|passed)\"");
    // Within the same visit the result stays; on the next visit (an hour later) it is no longer new.
    assertThat(section(member.get("/home").body(), "results")).contains(title);
    clock.advance(Duration.ofHours(2));
    member.get("/home");
    assertThat(section(member.get("/home").body(), "results")).doesNotContain(title);
  }

  @Test
  void aiDraftsWaitForOtherMembersNeverForTheirRequester() {
    MemberId requester = member("home-drafter", Role.MEMBER);
    member("home-reviewer", Role.MEMBER);
    String title = unique("Summary of the rota debate");
    UUID call = UUID.randomUUID();
    jdbc.sql("INSERT INTO ai_call (id, at, requester, task, template, template_version, data_class, outcome, "
            + "input_sha256, output_sha256) VALUES (:id, now(), :r, 'summarise', 'summarise', 1, 'member', 'completed', "
            + "repeat('a', 64), repeat('b', 64))")
        .param("id", call).param("r", requester.value()).update();
    UUID draft = UUID.randomUUID();
    jdbc.sql("INSERT INTO ai_draft (id, call_id, task, requester, language, title, body, status, created_at) "
            + "VALUES (:id, :call, 'summarise', :r, 'en', :t, 'Members disagree.', 'pending', now())")
        .param("id", draft).param("call", call).param("r", requester.value()).param("t", title).update();
    assertThat(section(signedIn("home-reviewer").get("/home").body(), "drafts")).contains(title)
        .contains("/ai/drafts/" + draft);
    assertThat(section(signedIn("home-drafter").get("/home").body(), "drafts")).doesNotContain(title);
  }

  @Test
  void unreadCountInTheHeader() {
    member("home-unread", Role.MEMBER);
    WebSession member = signedIn("home-unread");
    member.post("/notifications/read", Map.of());
    assertThat(member.get("/home").body()).contains("data-unread=\"0\"").doesNotContain("class=\"count\"");
    proposals.create(steward(), new NewProposal(unique("Open the library"), "", "majority", List.of(), 3, 0));
    String page = member.get("/home").body();
    assertThat(page).contains("data-unread=\"1\"").contains("<span class=\"count\" aria-hidden=\"true\">1</span>")
        .contains("1 unread notifications");
    assertThat(member.post("/notifications/read", Map.of()).status()).isEqualTo(302);
    assertThat(member.get("/home").body()).contains("data-unread=\"0\"").doesNotContain("class=\"count\"");
  }

  @Test
  void filtersRefuseWhatNamesNothingInBothLanguages() {
    member("home-filterer", Role.MEMBER);
    WebSession member = signedIn("home-filterer");
    WebSession.Page phase = member.get("/proposals?phase=finished");
    assertThat(phase.status()).isEqualTo(400);
    assertThat(phase.body()).contains("There is no such phase.");
    assertThat(member.get("/proposals?group=no-such-group").body()).contains("There is no such group.");
    WebSession.Page voted = member.get("/proposals?voted=maybe");
    assertThat(voted.status()).isEqualTo(400);
    assertThat(voted.body()).contains("class=\"alert\"").contains("Not voted yet");
    member.switchLanguage("ar");
    assertThat(member.get("/proposals?phase=%3Cscript%3E").body()).contains("لا توجد مرحلة بهذا الاسم")
        .doesNotContain("<script>");
    String home = member.get("/home").body();
    assertThat(home).contains("تصويتات تنتظر صوتك").contains("dir=\"rtl\"");
  }
}
