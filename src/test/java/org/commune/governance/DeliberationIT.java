package org.commune.governance;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.commune.governance.constitution.Constitution;
import org.commune.members.Groups;
import org.commune.members.MemberId;
import org.commune.members.Role;
import org.commune.testing.RunningCommune;
import org.commune.testing.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The proposal lifecycle with deliberation, over real HTTP: drafts, discussion, threaded comments and
 * moderation, amendments, consent objections, secret ballots with receipts, several-seat and score
 * votes with their result pages and exports, group scope and delegation, the constitution, and
 * notifications (in the app and by email to a real SMTP server).
 */
class DeliberationIT extends RunningCommune {

  private static final Pattern ID = Pattern.compile("/proposals/([0-9a-f-]{36})");

  @Autowired Proposals proposals;
  @Autowired Constitution constitution;
  @Autowired Groups groups;

  /** Draft → discussion (comments, moderation, amendments) → voting → decided → implementation; every step logged. */
  @Test
  void proposalGoesThroughEveryPhase() {
    member("life-author", Role.MEMBER);
    member("life-member", Role.MEMBER);
    member("life-moderator", Role.MODERATOR);
    WebSession author = signedIn("life-author");
    author.get("/proposals?create");
    WebSession.Page created = author.post("/proposals", Map.of("title", "Open a night school", "body",
        "We run **two** evening classes a week.", "type", "general", "method", "majority", "discussion", "2",
        "days", "3", "quorum", "0", "draft", "on"));
    assertThat(created.status()).isEqualTo(302);
    String path = path(created);
    ProposalId id = ProposalId.parse(path.substring("/proposals/".length()));
    assertThat(author.get(path).body()).contains("Draft").contains("<strong>two</strong>").contains("Start the discussion");
    WebSession other = signedIn("life-member");
    assertThat(other.get(path).status()).as("a draft is private to its author").isEqualTo(404);

    author.get(path);
    assertThat(author.post(path + "/start", Map.of()).status()).isEqualTo(302);
    assertThat(other.get(path).body()).contains("In discussion").doesNotContain("Your ballot");

    // Threaded comments, each marked; a bad stance is explained and nothing is stored.
    other.get(path);
    WebSession.Page noStance = other.post(path + "/comments", Map.of("comment", "Who teaches?"));
    assertThat(noStance.status()).isEqualTo(400);
    assertThat(noStance.body()).contains("Mark your comment as for, against, a question or other.").contains("Who teaches?");
    assertThat(other.post(path + "/comments", Map.of("stance", "question", "comment", "Who teaches? <script>x</script>"))
        .status()).isEqualTo(302);
    String commentId = jdbc.sql("SELECT id::text FROM proposal_comment WHERE proposal_id = :p").param("p", id.value())
        .query(String.class).single();
    // A reply needs no stance chosen first: "other" is ticked, and a way back to a new comment is offered.
    String replyForm = author.get(path + "?reply=" + commentId).body();
    assertThat(replyForm).containsPattern("id=\"stance-other\" name=\"stance\" value=\"other\" checked")
        .contains("Write a new comment instead");
    assertThat(author.get(path).body()).doesNotContainPattern("value=\"other\" checked");
    author.get(path + "?reply=" + commentId);
    assertThat(author.post(path + "/comments", Map.of("stance", "for", "comment", "Volunteers do.", "parent", commentId))
        .status()).isEqualTo(302);
    String page = other.get(path).body();
    assertThat(page).contains("Question").contains("depth-1").contains("Volunteers do.")
        .doesNotContain("<script>x</script>");

    // Only moderators hide, always with a public reason.
    other.get(path);
    assertThat(other.post(path + "/comments/" + commentId + "/hide", Map.of("reason", "spam")).status()).isEqualTo(403);
    WebSession moderator = signedIn("life-moderator");
    moderator.get(path);
    assertThat(moderator.post(path + "/comments/" + commentId + "/hide", Map.of("reason", "")).body())
        .contains("Give a reason: it is shown to everyone.");
    assertThat(moderator.post(path + "/comments/" + commentId + "/hide", Map.of("reason", "Off topic")).status())
        .isEqualTo(302);
    assertThat(other.get(path).body()).contains("Hidden by <bdi>Name of life-moderator</bdi>. Reason: <bdi>Off topic</bdi>")
        .doesNotContain("Who teaches?");

    // Amendments: one accepted by the author, one declined and then adopted by a vote of its own.
    other.get(path);
    assertThat(other.post(path + "/amendments", Map.of("amendment", "We run three evening classes a week.",
        "reason", "Demand is high")).status()).isEqualTo(302);
    String first = amendment(id, "open");
    author.get(path);
    assertThat(other.post(path + "/amendments/" + first + "/accept", Map.of()).body())
        .contains("Only the proposal's author can do this.");
    author.get(path);
    assertThat(author.post(path + "/amendments/" + first + "/accept", Map.of()).status()).isEqualTo(302);
    assertThat(other.get(path).body()).contains("We run three evening classes a week.").contains("Accepted by the author");

    other.get(path);
    other.post(path + "/amendments", Map.of("amendment", "We run four evening classes a week.", "reason", ""));
    String second = amendment(id, "open");
    author.get(path);
    author.post(path + "/amendments/" + second + "/decline", Map.of());
    other.get(path);
    assertThat(other.post(path + "/amendments/" + second + "/vote", Map.of()).status()).isEqualTo(302);
    ProposalId amendmentVote = new ProposalId(jdbc.sql("SELECT vote_id FROM amendment WHERE id = :a::uuid")
        .param("a", second).query(UUID.class).single());
    vote(other, "/proposals/" + amendmentVote, Map.of("choice", "yes"));
    proposals.close(amendmentVote);
    assertThat(other.get(path).body()).contains("We run four evening classes a week.").contains("Adopted by vote");

    // Voting opens when the discussion ends; open amendments lapse; the vote is decided and followed up.
    other.get(path);
    other.post(path + "/amendments", Map.of("amendment", "Five classes.", "reason", ""));
    proposals.openVoting(id);
    assertThat(jdbc.sql("SELECT status FROM amendment WHERE proposal_id = :p ORDER BY created_at DESC LIMIT 1")
        .param("p", id.value()).query(String.class).single()).isEqualTo("lapsed");
    vote(author, path, Map.of("choice", "yes"));
    proposals.close(id);
    author.get(path);
    assertThat(author.post(path + "/progress", Map.of("status", "in_progress", "note", "")).body())
        .contains("Please fill this in.");
    other.get(path);
    assertThat(other.post(path + "/progress", Map.of("status", "done", "note", "Done")).body())
        .contains("Only the author or a steward reports progress.");
    author.get(path);
    assertThat(author.post(path + "/progress", Map.of("status", "in_progress", "note", "Rooms booked")).status())
        .isEqualTo(302);
    assertThat(other.get(path).body()).contains("Being implemented").contains("Rooms booked");

    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> logged(id, "proposal.phase") == 5
        && logged(id, "comment.hidden") == 1 && logged(id, "amendment.accepted") == 1
        && logged(id, "proposal.text-changed") == 2 && logged(id, "proposal.implementation") == 1);
  }

  /** Consent: an objection needs a reason; an open one stops the proposal; a withdrawn one does not. */
  @Test
  void consentPassesUnlessAnObjectionStaysOpen() {
    member("consent-a", Role.MEMBER);
    ProposalId blocked = proposals.create(steward(), new NewProposal("Move the office", "", "consent", List.of(), 3, 0));
    String path = "/proposals/" + blocked;
    WebSession a = signedIn("consent-a");
    a.get(path);
    assertThat(a.post(path + "/ballot", Map.of("choice", "yes")).body())
        .contains("Consent decisions take no ballots");
    a.get(path);
    assertThat(a.post(path + "/objections", Map.of("objection", " ")).body()).contains("An objection needs a reason.");
    assertThat(a.post(path + "/objections", Map.of("objection", "Too far for members without cars")).status())
        .isEqualTo(302);
    proposals.close(blocked);
    assertThat(a.get(path).body()).contains("Rejected").contains("Too far for members without cars");

    ProposalId agreed = proposals.create(steward(), new NewProposal("Paint the office", "", "consent", List.of(), 3, 0));
    String agreedPath = "/proposals/" + agreed;
    a.get(agreedPath);
    a.post(agreedPath + "/objections", Map.of("objection", "Not red"));
    a.get(agreedPath);
    assertThat(a.post(agreedPath + "/objections/withdraw", Map.of("resolution", "Green was chosen")).status())
        .isEqualTo(302);
    proposals.close(agreed);
    assertThat(a.get(agreedPath).body()).contains("Accepted").contains("withdrawn").contains("Green was chosen");
  }

  /** Secret ballots: stored without the voter; each voter gets a receipt found in the published list. */
  @Test
  void secretBallotsGiveReceiptsAndNoLink() {
    member("secret-a", Role.MEMBER);
    member("secret-b", Role.MEMBER);
    WebSession a = signedIn("secret-a");
    a.get("/proposals?create");
    String path = path(a.post("/proposals", Map.of("title", "Elect the treasurer", "type", "general", "method",
        "approval", "options", "Rania\nOmar", "discussion", "0", "days", "3", "quorum", "0", "secret", "on",
        "maxApprovals", "1")));
    ProposalId id = ProposalId.parse(path.substring("/proposals/".length()));
    a.get(path);
    assertThat(a.postRaw(path + "/ballot", "approved=0&approved=1&_csrf=" + a.csrf()).body())
        .contains("You approved more options than this vote allows.");
    a.get(path);
    WebSession.Page cast = a.post(path + "/ballot", Map.of("approved", "1"));
    assertThat(cast.status()).isEqualTo(200);
    Matcher receipt = Pattern.compile("<code dir=\"ltr\">([0-9a-f]{64})</code>").matcher(cast.body());
    assertThat(receipt.find()).isTrue();
    a.get(path);
    assertThat(a.post(path + "/ballot", Map.of("approved", "0")).body()).contains("You have already voted");
    vote(signedIn("secret-b"), path, Map.of("approved", "0"));
    assertThat(jdbc.sql("SELECT count(*) FROM ballot WHERE proposal_id = :p").param("p", id.value())
        .query(Long.class).single()).as("no ballot row names a voter").isZero();
    assertThat(jdbc.sql("SELECT string_agg(column_name, ',') FROM information_schema.columns "
        + "WHERE table_name = 'secret_ballot'").query(String.class).single()).doesNotContain("voter").doesNotContain("at");

    proposals.close(id);
    assertThat(a.get(path + "/receipts.txt").body()).contains(receipt.group(1));
    a.get(path);
    assertThat(a.post(path + "/receipts/check", Map.of("receipt", receipt.group(1))).body())
        .contains("Your receipt is in the published list");
    a.get(path);
    assertThat(a.post(path + "/receipts/check", Map.of("receipt", "0".repeat(64))).body())
        .contains("This receipt is not in the published list");
    assertThat(a.get(path + "?receipt=" + receipt.group(1)).body()).as("never read from a URL")
        .doesNotContain("Your receipt is in the published list");
    assertThat(a.get(path + "/ballots.json").body()).doesNotContain(receipt.group(1));
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> logged(id, "vote.receipts") == 1);
  }

  /** Score, STAR and STV votes through the pages; the result page draws tables and bars; exports recount. */
  @Test
  void severalMethodsThroughThePagesWithExports() {
    for (String name : List.of("multi-a", "multi-b", "multi-c")) {
      member(name, Role.MEMBER);
    }
    WebSession a = signedIn("multi-a");
    a.get("/proposals?create&type=election");
    WebSession.Page tooMany = a.post("/proposals", Map.of("title", "Committee", "type", "election", "method",
        "scottish-stv", "options", "Ali\nBea\nCem", "seats", "3", "discussion", "0", "days", "3", "quorum", "0"));
    assertThat(tooMany.body()).contains("fewer seats than candidates");
    String stv = path(a.post("/proposals", Map.of("title", "Committee", "type", "election", "method", "scottish-stv",
        "options", "Ali\nBea\nCem", "seats", "2", "discussion", "0", "days", "3", "quorum", "0")));
    a.get("/proposals?create");
    assertThat(a.post("/proposals", Map.of("title", "Wrong type", "type", "general", "method", "scottish-stv",
        "options", "X\nY", "discussion", "0", "days", "3", "quorum", "0")).body()).contains("Choose how members decide.");
    String star = path(a.post("/proposals", Map.of("title", "Logo", "type", "general", "method", "star",
        "options", "Fist\nRose\nStar", "maxScore", "5", "discussion", "0", "days", "3", "quorum", "0")));

    vote(a, stv, Map.of("rank-0", "1", "rank-1", "2"));
    vote(signedIn("multi-b"), stv, Map.of("rank-1", "1", "rank-2", "2"));
    vote(signedIn("multi-c"), stv, Map.of("rank-0", "1", "rank-2", "2"));
    WebSession b = signedIn("multi-b");
    b.get(star);
    assertThat(b.post(star + "/ballot", Map.of("score-0", "9")).body()).contains("A score is outside the allowed range.");
    vote(a, star, Map.of("score-0", "5", "score-1", "3", "score-2", "0"));
    vote(b, star, Map.of("score-0", "0", "score-1", "4", "score-2", "5"));
    vote(signedIn("multi-c"), star, Map.of("score-0", "4", "score-1", "5", "score-2", "1"));
    proposals.close(ProposalId.parse(stv.substring(11)));
    proposals.close(ProposalId.parse(star.substring(11)));

    String stvPage = a.get(stv).body();
    assertThat(stvPage).contains("Stages").contains("Non-transferable").contains("<svg").contains("Elected: Ali");
    String starPage = a.get(star).body();
    assertThat(starPage).contains("Runoff: ").contains("Winner: Rose").contains("<rect");
    String json = a.get(star + "/ballots.json").body();
    assertThat(TallyCommand.tally(json, false, Map.of())).contains("Winner: Rose");
    // Downloads open in spreadsheet programs: UTF-8 with a byte order mark (CsvDownloadsIT checks the bytes).
    assertThat(a.get(star + "/ballots.csv").body()).startsWith("\uFEFFweight,Fist,Rose,Star\r\n").contains("1,5,3,0");
    assertThat(a.get(star + "/result.csv").body()).contains("Rose,12,yes").contains("Fist,9,no");
    assertThat(a.get(star + "/weights.csv").body()).isEqualTo("\uFEFFweight,ballots\r\n1,3\r\n");
    assertThat(a.get(star + "/weights.csv?bom=0").body()).isEqualTo("weight,ballots\r\n1,3\r\n");
    assertThat(a.get(star + "/result.json").body()).contains("\"winners\" : [ \"Rose\" ]");
  }

  /** A group's vote: only its members take part, and a delegate for the group comes before the global one. */
  @Test
  void groupScopeAndGroupDelegation() {
    for (String name : List.of("grp-a", "grp-b", "grp-c", "grp-out")) {
      member(name, Role.MEMBER);
    }
    var group = groups.create(steward(), "dock-branch", "Dock branch", "فرع الميناء", "branch");
    for (String name : List.of("grp-a", "grp-b", "grp-c")) {
      groups.add(steward(), group, name, "member of the dock branch");
    }
    WebSession c = signedIn("grp-c");
    c.get("/delegation");
    c.post("/delegation", Map.of("username", "grp-out"));
    c.get("/delegation");
    assertThat(c.post("/delegation/group", Map.of("group", "dock-branch", "groupUsername", "grp-out")).body())
        .contains("must be a member of that group");
    c.get("/delegation");
    assertThat(c.post("/delegation/group", Map.of("group", "dock-branch", "groupUsername", "grp-a")).status())
        .isEqualTo(302);

    WebSession a = signedIn("grp-a");
    a.get("/proposals?create");
    WebSession.Page outsider = signedIn("grp-out").submit("/proposals?create", "/proposals", Map.of("title", "Dock shifts",
        "type", "general", "method", "majority", "group", "dock-branch", "discussion", "0", "days", "3", "quorum", "0"));
    assertThat(outsider.body()).contains("You can only propose for a group you belong to.");
    String path = path(a.post("/proposals", Map.of("title", "Dock shifts", "type", "general", "method", "majority",
        "group", "dock-branch", "discussion", "0", "days", "3", "quorum", "0")));
    assertThat(a.get(path).body()).contains("Dock branch").contains("would carry 2 votes");
    assertThat(vote(signedIn("grp-out"), path, Map.of("choice", "yes")).body())
        .contains("Only members of the group this proposal belongs to take part.");
    vote(a, path, Map.of("choice", "yes"));
    vote(signedIn("grp-b"), path, Map.of("choice", "no"));
    proposals.close(ProposalId.parse(path.substring(11)));
    assertThat(c.get(path).body()).contains("Yes: 2, no: 1").contains("of 3 members")
        .contains("cast through your delegation by Name of grp-a");
  }

  /** A member and their delegate voting at the same moment: both ballots count once each, never the weight twice. */
  @Test
  void memberAndDelegateVotingTogetherCountOnce() throws Exception {
    member("pair-member", Role.MEMBER);
    member("pair-delegate", Role.MEMBER);
    WebSession m = signedIn("pair-member");
    m.get("/delegation");
    m.post("/delegation", Map.of("username", "pair-delegate"));
    ProposalId id = proposals.create(steward(), new NewProposal("Pair", "", "majority", List.of(), 3, 0));
    String path = "/proposals/" + id;
    WebSession d = signedIn("pair-delegate");
    m.get(path);
    d.get(path);
    List<Callable<Integer>> both = List.of(() -> m.post(path + "/ballot", Map.of("choice", "no")).status(),
        () -> d.post(path + "/ballot", Map.of("choice", "yes")).status());
    List<Integer> statuses = new ArrayList<>();
    try (var pool = Executors.newFixedThreadPool(2)) {
      for (Future<Integer> f : pool.invokeAll(both)) {
        statuses.add(f.get());
      }
    }
    assertThat(statuses).containsOnly(302);
    proposals.close(id);
    assertThat(d.get(path).body()).contains("Yes: 1, no: 1");
  }

  /** The constitution changes only by a passed supermajority proposal; its history is public. */
  @Test
  void constitutionChangesOnlyByVote() {
    member("const-a", Role.MEMBER);
    assertThat(visitor().get("/constitution").body()).contains("The rules in force").contains("Version 1");
    WebSession a = signedIn("const-a");
    a.get("/constitution?type=constitution");
    // The test changes the rules for constitution changes themselves: other tests share this organisation.
    WebSession.Page bad = a.post("/constitution/proposals", form("type", "constitution", "title", "Easier", "body", "",
        "method-majority", "on", "quorum", "20", "thresholdNum", "1", "thresholdDen", "2", "discussion", "0",
        "voting", "3", "proposers", "member", "days", "3"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("The supermajority must be more than half")
        .contains("Changes to the constitution are decided by supermajority only.");
    int before = constitution.history().size();
    String path = path(a.post("/constitution/proposals", form("type", "constitution", "title", "Three quarters",
        "body", "Our rules deserve a wide agreement.", "method-supermajority", "on", "quorum", "20",
        "thresholdNum", "3", "thresholdDen", "4", "discussion", "0", "voting", "3", "proposers", "member", "days", "3")));
    ProposalId id = ProposalId.parse(path.substring(11));
    assertThat(constitution.history()).hasSize(before);
    assertThat(a.get(path).body()).contains("Change to the constitution").contains("Supermajority needed");
    for (var member : members.all()) {
      proposals.cast(member.id(), id, new BallotInput("yes", Set.of(), Map.of()));
    }
    proposals.close(id);
    // The constitution adopts on DecisionTaken after the vote's transaction, as the AI charter does.
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> constitution.history().size() == before + 1);
    DecisionRules now = constitution.current().rules("constitution").orElseThrow();
    assertThat(now.quorumPercent()).isEqualTo(20);
    assertThat(now.threshold()).isEqualTo("3/4");
    assertThat(constitution.current().rules("general").orElseThrow().quorumPercent()).as("other types unchanged").isZero();
    assertThat(visitor().get("/constitution").body()).contains("adopted by this vote").contains(id.toString());
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
        "SELECT count(*) FROM log_entry WHERE entry_type = 'constitution.amended'").query(Long.class).single() >= 1);
  }

  /** Members hear about proposals in the app by default, and by email only when they ask for it. */
  @Test
  void notificationsInTheAppAndByEmail() throws Exception {
    member("notify-a", Role.MEMBER);
    WebSession steward = signedIn(STEWARD);
    steward.get("/notifications");
    assertThat(steward.post("/notifications/choices", Map.of("app", "voting", "email", "voting")).status()).isEqualTo(302);
    int mails = MAIL.getReceivedMessages().length;
    ProposalId id = proposals.create(new MemberId(members.all().stream()
        .filter(m -> m.username().equals("notify-a")).findFirst().orElseThrow().id().value()),
        new NewProposal("Buy a van", "", "majority", List.of(), 3, 0));
    assertThat(signedIn("notify-a").get("/notifications").body()).contains("Voting has opened: <bdi>Buy a van</bdi>");
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> MAIL.getReceivedMessages().length > mails);
    MimeMessage mail = MAIL.getReceivedMessages()[mails];
    assertThat(mail.getSubject()).isEqualTo("Voting has opened: Buy a van");
    assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("steward@example.org");
    assertThat((String) mail.getContent()).contains("/proposals/" + id);
    proposals.close(id);
    assertThat(steward.get("/notifications").body()).as("the steward turned result notices off")
        .doesNotContain("data-kind=\"result\" data-proposal=\"" + id + "\"");
    assertThat(signedIn("notify-a").get("/notifications").body()).contains("Result: <bdi>Buy a van</bdi>");
  }

  private long logged(ProposalId id, String type) {
    return jdbc.sql("SELECT count(*) FROM log_entry WHERE entry_type = :t AND leaf LIKE :p")
        .param("t", type).param("p", "%" + id + "%").query(Long.class).single();
  }

  private String amendment(ProposalId id, String status) {
    return jdbc.sql("SELECT id::text FROM amendment WHERE proposal_id = :p AND status = :s ORDER BY created_at DESC LIMIT 1")
        .param("p", id.value()).param("s", status).query(String.class).single();
  }

  private static String path(WebSession.Page created) {
    Matcher m = ID.matcher(created.location());
    if (!m.find()) {
      throw new AssertionError("no proposal created: " + created.status() + " " + created.body());
    }
    return "/proposals/" + m.group(1);
  }

  private static Map<String, String> form(String... keysAndValues) {
    Map<String, String> form = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      form.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return form;
  }

  private static WebSession.Page vote(WebSession session, String path, Map<String, String> ballot) {
    session.get(path);
    return session.post(path + "/ballot", ballot);
  }
}
