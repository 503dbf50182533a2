package org.commune.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.commune.members.InvalidInput;
import org.commune.members.Role;
import org.commune.testing.RunningCommune;
import org.commune.testing.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Opening a vote, casting ballots, closing and counting, over real HTTP, with the failure paths. */
class ProposalsIT extends RunningCommune {

  @Autowired Proposals proposals;

  /** A yes/no vote: ballots are cast once each, the count is shown, the export recounts to the same. */
  @Test
  void majorityVoteFromOpeningToRecount() {
    for (String name : List.of("voter-a", "voter-b", "voter-c")) {
      member(name, Role.MEMBER);
    }
    WebSession author = signedIn("voter-a");
    author.get("/proposals?create");
    WebSession.Page opened = author.post("/proposals", Map.of("title", "Join the regional strike fund",
        "body", "We pay 2% of dues into the regional fund.", "method", "majority", "days", "7", "quorum", "0"));
    assertThat(opened.status()).isEqualTo(302);
    String path = opened.location().substring(opened.location().indexOf("/proposals/"));
    ProposalId id = ProposalId.parse(path.substring("/proposals/".length()));

    assertThat(vote(author, path, Map.of("choice", "yes")).redirectsTo(path + "?voted")).isTrue();
    WebSession b = signedIn("voter-b");
    WebSession.Page maybe = vote(b, path, Map.of("choice", "maybe"));
    assertThat(maybe.status()).isEqualTo(400);
    assertThat(maybe.body()).contains("Choose yes, no or abstain.");
    assertThat(vote(b, path, Map.of("choice", "no")).status()).isEqualTo(302);
    WebSession c = signedIn("voter-c");
    assertThat(vote(c, path, Map.of("choice", "yes")).status()).isEqualTo(302);
    WebSession.Page twice = vote(c, path, Map.of("choice", "no"));
    assertThat(twice.status()).isEqualTo(400);
    assertThat(c.get(path).body()).contains("You have voted");
    assertThat(c.get(path + "/ballots.json").status()).as("no results before the close").isEqualTo(409);

    proposals.close(id);
    WebSession.Page result = c.get(path);
    assertThat(result.body()).contains("Accepted").contains("Yes: 2, no: 1, abstain: 0").contains("Passed: yes");
    WebSession.Page export = c.get(path + "/ballots.json");
    assertThat(export.status()).isEqualTo(200);
    assertThat(export.body()).doesNotContain("voter-").doesNotContain(steward().toString());
    String recount = TallyCommand.tally(export.body(), false, Map.of());
    assertThat(result.body()).contains(recount.strip().lines().reduce((x, y) -> y).orElseThrow());
    assertThat(vote(b, path, Map.of("choice", "yes")).body()).contains("Voting on this proposal has closed.");
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
        jdbc.sql("SELECT count(*) FROM log_entry WHERE entry_type = 'vote.closed' AND leaf LIKE :id")
            .param("id", "%" + id + "%").query(Long.class).single() == 1);
  }

  /** Ranked votes: unknown options and repeated ranks (IRV) are refused; Schulze counts with its matrix. */
  @Test
  void rankedBallotsAreChecked() {
    member("ranker", Role.MEMBER);
    ProposalId irv = proposals.create(steward(), new NewProposal("Which plan?", "", "irv", List.of("Plan A", "Plan B", "Plan C"), 3, 0));
    WebSession ranker = signedIn("ranker");
    String path = "/proposals/" + irv;
    assertThat(vote(ranker, path, Map.of("rank-0", "1", "rank-1", "1")).body()).contains("Each rank can be given to one option only.");
    assertThat(vote(ranker, path, Map.of("rank-7", "1")).body()).contains("names an option this proposal does not have");
    assertThat(vote(ranker, path, Map.of("rank-0", "9")).body()).contains("outside the number of options");
    // A gap: STV would have read [2,3,0] as an empty ballot and [1,3,0] as ending at 1 (attacker review).
    assertThat(vote(ranker, path, Map.of("rank-0", "2", "rank-1", "3")).body()).contains("without leaving a number out");
    assertThat(vote(ranker, path, Map.of("rank-0", "1", "rank-1", "3")).body()).contains("without leaving a number out");
    assertThat(vote(ranker, path, Map.of()).body()).contains("Rank at least one option.");
    assertThat(vote(ranker, path, Map.of("rank-2", "1", "rank-0", "2")).status()).isEqualTo(302);
    proposals.close(irv);
    assertThat(ranker.get(path).body()).contains("Round 1:").contains("Winner: Plan C");

    ProposalId schulze = proposals.create(steward(), new NewProposal("Which name?", "", "schulze", List.of("Solidarity", "Unity"), 3, 0));
    assertThat(vote(ranker, "/proposals/" + schulze, Map.of("rank-1", "1", "rank-0", "2")).status()).isEqualTo(302);
    proposals.close(schulze);
    assertThat(ranker.get("/proposals/" + schulze).body()).contains("p (strongest paths)").contains("Ranking: Unity &gt; Solidarity");
    // The public log records the winner as data: Unity's index, never its name (member-written text).
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
        jdbc.sql("SELECT count(*) FROM log_entry WHERE entry_type = 'vote.closed' AND leaf LIKE :id")
            .param("id", "%" + schulze + "%").query(Long.class).single() == 1);
    String leaf = jdbc.sql("SELECT leaf FROM log_entry WHERE entry_type = 'vote.closed' AND leaf LIKE :id")
        .param("id", "%" + schulze + "%").query(String.class).single();
    assertThat(leaf).contains("\"chosen\":\"1\"").doesNotContain("Unity");
  }

  /** Eight simultaneous ballots from one member: exactly one counts. */
  @Test
  void simultaneousBallotsFromOneMemberCountOnce() throws Exception {
    member("eager", Role.MEMBER);
    ProposalId id = proposals.create(steward(), new NewProposal("Buy a printer", "", "majority", List.of(), 3, 0));
    WebSession eager = signedIn("eager");
    String path = "/proposals/" + id;
    eager.get(path);
    List<Callable<Integer>> ballots = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      String choice = i % 2 == 0 ? "yes" : "no";
      ballots.add(() -> eager.post(path + "/ballot", Map.of("choice", choice)).status());
    }
    List<Integer> statuses = new ArrayList<>();
    try (var pool = Executors.newFixedThreadPool(8)) {
      for (Future<Integer> f : pool.invokeAll(ballots)) {
        statuses.add(f.get());
      }
    }
    assertThat(statuses).containsOnlyOnce(302);
    assertThat(jdbc.sql("SELECT count(*) FROM ballot WHERE proposal_id = :id").param("id", id.value())
        .query(Long.class).single()).isEqualTo(1);
  }

  /** Options a reader cannot tell apart (zero-width characters, an invisible option) are refused. */
  @Test
  void optionsThatLookTheSameAreRefused() {
    assertThatThrownBy(() -> proposals.create(steward(), new NewProposal("Look-alikes", "", "irv",
        List.of("Salma", "Salma\u200b", "Karim"), 3, 0)))
        .isInstanceOf(InvalidInput.class).hasMessageContaining("proposals.options.distinct");
    assertThatThrownBy(() -> proposals.create(steward(), new NewProposal("Invisible", "", "irv",
        List.of("Salma", "\u200b\u200f"), 3, 0)))
        .isInstanceOf(InvalidInput.class).hasMessageContaining("proposals.options.count");
  }

  /** Closing while ballots arrive: every ballot acknowledged (302) is in the count, and no other. */
  @Test
  void closingWhileBallotsArriveLosesNoneAcknowledged() throws Exception {
    List<WebSession> voters = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      member("racer-" + i, Role.MEMBER);
    }
    ProposalId id = proposals.create(steward(), new NewProposal("Race", "", "majority", List.of(), 3, 0));
    String path = "/proposals/" + id;
    for (int i = 0; i < 12; i++) {
      WebSession session = signedIn("racer-" + i);
      session.get(path);
      voters.add(session);
    }
    List<Callable<Integer>> work = new ArrayList<>();
    for (WebSession voter : voters) {
      work.add(() -> voter.post(path + "/ballot", Map.of("choice", "yes")).status());
    }
    work.add(6, () -> {
      proposals.close(id);
      return 0;
    });
    List<Integer> statuses = new ArrayList<>();
    try (var pool = Executors.newFixedThreadPool(13)) {
      for (Future<Integer> f : pool.invokeAll(work)) {
        statuses.add(f.get());
      }
    }
    long acknowledged = statuses.stream().filter(s -> s == 302).count();
    assertThat(statuses.stream().filter(s -> s != 0)).allMatch(s -> s == 302 || s == 400);
    String result = jdbc.sql("SELECT result FROM proposal WHERE id = :id").param("id", id.value())
        .query(String.class).single();
    assertThat(result).contains("Yes: " + acknowledged + ", no: 0");
  }

  /** The scheduler closes a vote whose time is up in a transaction of its own, so the close reaches the public log. */
  @Test
  void scheduledCloseIsTransactionalAndLogged() {
    ProposalId id = proposals.create(steward(), new NewProposal("Closed by the clock", "", "majority", List.of(), 3, 0));
    jdbc.sql("UPDATE proposal SET closes_at = now() WHERE id = :id").param("id", id.value()).update();
    proposals.advanceDue();
    assertThat(proposals.find(id).orElseThrow().decided()).isTrue();
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
        "SELECT count(*) FROM log_entry WHERE entry_type = 'vote.closed' AND leaf LIKE :p")
        .param("p", "%" + id + "%").query(Long.class).single() == 1);
  }

  /** A proposal form with mistakes is explained and creates nothing; a quorum not met fails the vote. */
  @Test
  void badProposalsAndMissedQuorum() {
    WebSession steward = signedIn(STEWARD);
    steward.get("/proposals?create");
    long before = jdbc.sql("SELECT count(*) FROM proposal").query(Long.class).single();
    WebSession.Page bad = steward.post("/proposals", Map.of("title", " ", "method", "approval", "options", "Only one",
        "days", "99", "quorum", "abc"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("Please fill this in.").contains("between two and twenty options");
    assertThat(jdbc.sql("SELECT count(*) FROM proposal").query(Long.class).single()).isEqualTo(before);

    ProposalId quorate = proposals.create(steward(), new NewProposal("Needs everyone", "", "majority", List.of(), 3, 100));
    proposals.close(quorate);
    assertThat(steward.get("/proposals/" + quorate).body()).contains("Failed: not enough members took part");
    assertThat(steward.get("/proposals/not-a-proposal").status()).isEqualTo(404);
  }

  /** Delegations carry votes along chains at the close; a direct ballot overrides; cycles cast nothing. */
  @Test
  void delegationWeighsBallotsAtTheClose() {
    for (String name : List.of("dlg1", "dlg2", "dlg3", "dlg4", "dlg5", "dlg6")) {
      member(name, Role.MEMBER);
    }
    WebSession dlg1 = signedIn("dlg1");
    dlg1.get("/delegation");
    assertThat(dlg1.post("/delegation", Map.of("username", "dlg1")).body()).contains("You cannot delegate to yourself.");
    assertThat(dlg1.post("/delegation", Map.of("username", "nobody-at-all")).status()).isEqualTo(400);
    assertThat(dlg1.post("/delegation", Map.of("username", "dlg2")).redirectsTo("/delegation")).isTrue();
    assertThat(dlg1.get("/delegation").body()).contains("You delegate to Name of dlg2");
    delegate("dlg2", "dlg3");
    delegate("dlg5", "dlg6");
    delegate("dlg6", "dlg5");

    ProposalId id = proposals.create(steward(), new NewProposal("Weighted", "", "majority", List.of(), 3, 0));
    String path = "/proposals/" + id;
    assertThat(vote(signedIn("dlg3"), path, Map.of("choice", "yes")).status()).isEqualTo(302);
    assertThat(vote(signedIn("dlg2"), path, Map.of("choice", "no")).status()).isEqualTo(302);
    assertThat(vote(signedIn("dlg4"), path, Map.of("choice", "no")).status()).isEqualTo(302);
    proposals.close(id);

    WebSession.Page result = dlg1.get(path);
    assertThat(result.body()).contains("Yes: 1, no: 3").contains("Rejected")
        .contains("Your vote was cast through your delegation by Name of dlg2");
    assertThat(signedIn("dlg5").get(path).body()).contains("Your vote was not cast");
    String export = dlg1.get(path + "/ballots.json").body();
    assertThat(TallyCommand.tally(export, false, Map.of())).contains("Yes: 1, no: 3");
    dlg1.get("/delegation");
    dlg1.post("/delegation/revoke", Map.of());
    assertThat(dlg1.get("/delegation").body()).contains("You have not chosen a delegate.");
  }

  private void delegate(String from, String to) {
    WebSession session = signedIn(from);
    session.get("/delegation");
    assertThat(session.post("/delegation", Map.of("username", to)).status()).isEqualTo(302);
  }

  private static WebSession.Page vote(WebSession session, String path, Map<String, String> ballot) {
    session.get(path);
    return session.post(path + "/ballot", ballot);
  }
}
