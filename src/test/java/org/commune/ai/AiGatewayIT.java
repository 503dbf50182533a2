package org.commune.ai;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.commune.governance.BallotInput;
import org.commune.governance.NewProposal;
import org.commune.governance.ProposalId;
import org.commune.governance.Proposals;
import org.commune.members.MemberId;
import org.commune.members.Role;
import org.commune.testing.FakeOpenAiServer;
import org.commune.testing.RunningCommune;
import org.commune.testing.WebSession;
import org.commune.web.Json;
import org.commune.web.Sha256;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The AI gateway against a local server that speaks the OpenAI-compatible wire format: deny by
 * default until members adopt a charter by vote, one record per call on every path (failures and
 * timeouts included), redaction, prompt injection, citation checks, review and publication.
 *
 * <p>Every test starts from the same state it sets up itself (the provider "local" registered on the
 * fake server, and a charter allowing translations and drafts to it, adopted by vote), so the tests
 * run in any order on the application instance all integration tests share.
 */
class AiGatewayIT extends RunningCommune {

  static FakeOpenAiServer model;

  @Autowired AiGateway gateway;
  @Autowired Charters charters;
  @Autowired Providers providers;
  @Autowired Proposals proposals;
  @Autowired AiTasks tasks;
  @Autowired Drafts drafts;

  @Autowired CallLimits limits;
  @Autowired CircuitBreakers circuits;

  /**
   * Each test makes many calls as the steward: the hourly per-member limit starts afresh; failures
   * provoked on purpose must not leave a provider's circuit open for the next test. The provider
   * "local" and the charter in force are the same before every test, whatever ran before.
   */
  @BeforeEach
  void sameStartForEveryTest() {
    limits.reset();
    circuits.reset();
    model.mode(FakeOpenAiServer.Mode.OK);
    model.reply(prompt -> "Title\n\nA reply.");
    // The fake model server listens on this machine: a steward must allow that explicitly.
    providers.outbound(steward(), true, false);
    providers.register(steward(), "local", model.baseUrl(), "llama-3.2-3b-q4", true, null, 30);
    adopt(charter(Map.of("local", List.of("public", "member")), 0));
    model.requests().clear();
  }

  @BeforeAll
  static void startModel() throws Exception {
    model = new FakeOpenAiServer();
  }

  @AfterAll
  static void stopModel() {
    model.close();
  }

  /**
   * Nothing the charter in force does not allow passes; members propose a charter allowing it, and
   * the same call is allowed once their vote passes, and fully recorded. (With no charter at all the
   * gateway refuses by the same rule: {@code AiGatewayNoCharterTest}.)
   */
  @Test
  void refusedUntilTheCharterPassesThenAllowed() {
    member("ai-voter", Role.MEMBER);
    adopt(charter(Map.of("local", List.of("public", "member")), 0, "draft"));
    AiResult before = translate("Solidarity forever.");
    assertThat(before.outcome()).isEqualTo("refused");
    assertThat(before.reason()).contains("tasks: \"translate\" is not an allowed task");
    assertThat(model.requests()).isEmpty();

    WebSession session = signedIn("ai-voter");
    session.get("/ai/charter");
    WebSession.Page bad = session.post("/ai/charter", Map.of("title", "Charter", "trust", "local public", "days", "3",
        "monthlyTokens", "1000", "monthlyEnergyWh", "10", "retentionDays", "30"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("Write one line per provider");
    assertThat(session.post("/ai/charter", Map.of("title", "Charter", "trust", "local: public", "days", "3",
        "monthlyTokens", "1000", "monthlyEnergyWh", "10", "retentionDays", "30")).body()).contains("Allow at least one task.");
    long charterProposals = jdbc.sql("SELECT count(*) FROM proposal WHERE decision_type = 'ai-charter'")
        .query(Long.class).single();
    long proposalsBefore = jdbc.sql("SELECT count(*) FROM proposal").query(Long.class).single();
    String location = session.post("/ai/charter", Map.of("title", "Local AI for translations", "task-translate", "on",
        "providers-translate", "local", "models-translate", "*", "trust", "local: public, member", "days", "3",
        "monthlyTokens", "100000", "monthlyEnergyWh", "10", "retentionDays", "30")).location();
    assertThat(location).contains("/proposals/");
    assertThat(jdbc.sql("SELECT count(*) FROM proposal WHERE decision_type = 'ai-charter'").query(Long.class).single())
        .isEqualTo(charterProposals + 1);
    assertThat(jdbc.sql("SELECT count(*) FROM proposal").query(Long.class).single()).isEqualTo(proposalsBefore + 1);
    assertThat(translate("Solidarity forever.").outcome()).as("proposed is not adopted").isEqualTo("refused");
    voteYesAndClose(new ProposalId(UUID.fromString(location.substring(location.lastIndexOf('/') + 1))));
    // The charter is public, but the pinned server's address maps the internal network: members only.
    String fingerprint = providers.all().stream().filter(p -> p.name().equals("local")).findFirst().orElseThrow()
        .fingerprint();
    assertThat(visitor().get("/ai/charter").body()).contains(fingerprint).doesNotContain(model.baseUrl());
    assertThat(session.get("/ai/charter").body()).contains(fingerprint).contains(model.baseUrl());

    AiResult after = translate("Solidarity forever.");
    assertThat(after.outcome()).isEqualTo("completed");
    AiCall call = record(after);
    assertThat(call.charterVersion()).isEqualTo(charters.current().orElseThrow().version());
    assertThat(call.provider()).isEqualTo("local");
    assertThat(call.model()).isEqualTo("llama-3.2-3b-q4");
    assertThat(call.template()).isEqualTo("translate");
    assertThat(call.templateVersion()).isEqualTo(1);
    assertThat(call.tokensIn()).isPositive();
    assertThat(call.tokensOut()).isPositive();
    assertThat(call.energyWh()).isPositive();
    assertThat(call.outputSha256()).hasSize(64);
    assertThat(call.inputText()).as("texts kept: retention 30 days").contains("Solidarity forever.");
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
        "SELECT count(*) FROM log_entry WHERE entry_type = 'ai.call' AND leaf LIKE :c").param("c", "%" + call.id() + "%")
        .query(Long.class).single() == 1);
    assertThat(session.get("/ai/calls").body()).contains("Completed").contains("Refused")
        // Issue 10: a table that stacks on a phone, moments in the reader's zone, outcomes as badges, units named.
        .contains("<table class=\"responsive\" data-calls>").contains("data-label=\"Outcome\"")
        .contains("<time datetime=\"").contains("data-status=\"approved\">Completed")
        .containsPattern(" in \\+ \\d+ out").containsPattern("\\d Wh<");
    // The record as a spreadsheet: byte order mark, UTC ISO moments, codes; never who asked.
    WebSession.Download csv = session.download("/ai/calls.csv?task=translate");
    assertThat(csv.header("Content-Type")).startsWith("text/csv");
    String text = new String(csv.body(), StandardCharsets.UTF_8);
    assertThat(text).startsWith("\uFEFFcall,at_utc,task,outcome,reason,").contains(call.id().toString())
        .containsPattern(",20\\d\\d-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ,translate,completed,")
        .doesNotContain(call.requester().toString());
    assertThat(session.get("/ai/calls/" + before.call()).body()).contains("is not an allowed task")
        .contains("data-status=\"rejected\">Refused").doesNotContain(" UTC</time>");
  }

  /** Every way a call can end leaves exactly one record, with a clear reason. */
  @Test
  void everyPathLeavesExactlyOneRecord() {
    providers.register(steward(), "slow", model.baseUrl(), "llama-3.2-3b-q4", true, null, 1);
    Map<FakeOpenAiServer.Mode, String> failures = Map.of(
        FakeOpenAiServer.Mode.HTTP_500, "provider local",
        FakeOpenAiServer.Mode.MALFORMED, "provider local",
        FakeOpenAiServer.Mode.ERROR_MID_STREAM, "provider local",
        FakeOpenAiServer.Mode.EMPTY, "returned no text");
    for (var failure : failures.entrySet()) {
      circuits.reset();
      model.mode(failure.getKey());
      long records = count();
      AiResult result = translate("Text " + failure.getKey());
      assertThat(result.outcome()).as(failure.getKey().name()).isEqualTo("failed");
      assertThat(result.reason()).as(failure.getKey().name()).contains(failure.getValue());
      assertThat(count()).as(failure.getKey().name()).isEqualTo(records + 1);
    }
    model.mode(FakeOpenAiServer.Mode.OK);
    circuits.reset();

    long records = count();
    AiResult tooLong = translate("x".repeat(20_001));
    assertThat(tooLong.reason()).contains("input too long");
    AiResult personal = gateway.call(new AiRequest(steward(), AiTask.TRANSLATE, DataClass.PERSONAL, null,
        Map.of("from", "English", "to", "Arabic"), "Membership list"));
    assertThat(personal.reason()).contains("trust.local: may not receive personal data");
    assertThat(count()).isEqualTo(records + 2);

    // A provider that answers too slowly: the call fails at the provider's timeout and is recorded.
    adopt(charterWith("slow"));
    model.mode(FakeOpenAiServer.Mode.SLOW);
    records = count();
    AiResult slow = translate("Slow text");
    assertThat(slow.outcome()).isEqualTo("failed");
    assertThat(slow.reason()).contains("provider slow");
    assertThat(count()).isEqualTo(records + 1);
    model.mode(FakeOpenAiServer.Mode.OK);
    adopt(charter(Map.of("local", List.of("public", "member")), 0));
  }

  /** Personal data is redacted before a provider the charter does not trust with it, and the count recorded. */
  @Test
  void personalDataIsRedactedForAnUntrustedProvider() {
    member("ai-salma", Role.MEMBER);
    model.requests().clear();
    AiResult result = translate("Call ai-salma at +20 100 123 4567 or write to salma@example.org, or Name of ai-salma.");
    assertThat(result.outcome()).isEqualTo("completed");
    String sent = model.requests().get(0);
    assertThat(sent).doesNotContain("salma@example.org").doesNotContain("123 4567").doesNotContain("ai-salma")
        .contains("[email]").contains("[phone]").contains("[member]");
    assertThat(record(result).redactions()).isEqualTo(4);
  }

  /** Fifty injection strings in member text change neither what the gateway allows nor what it records. */
  @Test
  void promptInjectionChangesNothing() {
    List<String> injections = PromptInjections.ALL;
    assertThat(injections).hasSizeGreaterThanOrEqualTo(50);
    AiResult baseline = translate("A plain text.");
    AiCall expected = record(baseline);
    for (String injection : injections) {
      model.requests().clear();
      AiResult result = translate("Our statement. " + injection);
      AiCall call = record(result);
      assertThat(call.outcome()).as(injection).isEqualTo("completed");
      assertThat(List.of(call.task(), call.provider(), call.model(), call.template(), call.dataClass(), call.charterVersion()))
          .as(injection).isEqualTo(List.of(expected.task(), expected.provider(), expected.model(), expected.template(),
              expected.dataClass(), expected.charterVersion()));
      String user = userPrompt(model.requests().get(0));
      Matcher block = Pattern.compile("<<<DATA ([0-9a-f]{24})>>>\\n(.*)\\n<<<END DATA \\1>>>", Pattern.DOTALL).matcher(user);
      assertThat(block.find()).as("one intact data block: " + injection).isTrue();
      assertThat(user.substring(block.end())).as("nothing after the block: " + injection).isBlank();
      // A summary the charter does not allow stays refused whatever the text says.
      AiResult refused = gateway.call(new AiRequest(steward(), AiTask.SUMMARISE, DataClass.PUBLIC, null,
          Map.of("language", "English", "title", "x"), injection));
      assertThat(refused.outcome()).as(injection).isEqualTo("refused");
    }
  }

  /** A summary whose sentences cite nothing, or cite comments that do not exist, is rejected automatically. */
  @Test
  void summariesMustCiteExistingComments() {
    adopt(charterWithSummaries());
    member("ai-commenter", Role.MEMBER);
    ProposalId id = proposals.create(steward(), new NewProposal("Buy a bus", "", "majority",
        List.of(), 3, 0));
    WebSession c = signedIn("ai-commenter");
    c.get("/proposals/" + id);
    c.post("/proposals/" + id + "/comments", Map.of("stance", "for", "comment", "Members need transport."));
    c.get("/proposals/" + id);
    c.post("/proposals/" + id + "/comments", Map.of("stance", "against", "comment", "Too expensive."));

    model.reply(prompt -> "For: members need transport [c1].\nAgainst: it costs too much [c2].");
    assertThat(summaryStatus(id)).isEqualTo("pending");
    model.reply(prompt -> "For: members need transport [c1].\nEveryone agrees.");
    assertThat(summaryStatus(id)).isEqualTo("auto_rejected");
    model.reply(prompt -> "For: members need transport [c1][c9].");
    assertThat(summaryStatus(id)).isEqualTo("auto_rejected");
    assertThat(jdbc.sql("SELECT reason FROM ai_draft WHERE subject = :p ORDER BY created_at DESC LIMIT 1")
        .param("p", id.value()).query(String.class).single()).contains("c9");
    // The charter asks no second reviewer for summaries: the requester may approve their own.
    model.reply(prompt -> "For: members need transport [c1].");
    UUID job = tasks.summarise(stewardId(), id.toString(), "en");
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> tasks.job(job, stewardId()).map(AiTasks.JobView::finished)
        .orElse(false));
    UUID draft = tasks.job(job, stewardId()).orElseThrow().draft();
    assertThat(drafts.mayApproveOwn("summarise")).isTrue();
    assertThat(drafts.approve(stewardId(), draft, "Summary", "For: members need transport [c1].")).isEmpty();
    assertThat(drafts.mayApproveOwn("draft")).as("published text always needs a second person").isFalse();
    model.reply(prompt -> "Title\n\nA reply.");
  }

  /** A drafted statement: the requester cannot approve it; another member edits and approves; it is published labelled. */
  @Test
  void reviewedDraftIsPublishedWithItsLabel() {
    member("ai-requester", Role.MEMBER);
    member("ai-reviewer", Role.MODERATOR);
    model.reply(prompt -> "Stop the port closures\n\nThe union calls on the authority to reopen the port.");
    WebSession requester = signedIn("ai-requester");
    requester.get("/ai");
    WebSession.Page empty = requester.post("/ai/draft", Map.of("brief", " ", "language", "en"));
    assertThat(empty.status()).isEqualTo(400);
    WebSession.Page started = requester.post("/ai/draft", Map.of("brief", "Port closures hurt dockers", "language", "en"));
    assertThat(started.location()).contains("/ai/jobs/");
    String job = started.location().substring(started.location().indexOf("/ai/jobs/"));
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> requester.get(job).body().contains("data-draft-link"));
    Matcher link = Pattern.compile("href=\"(/ai/drafts/[0-9a-f-]{36})\"").matcher(requester.get(job).body());
    assertThat(link.find()).isTrue();
    String draft = link.group(1);
    requester.get(draft);
    WebSession.Page own = requester.post(draft + "/approve", Map.of("title", "Stop the port closures", "body", "x"));
    assertThat(own.status()).isEqualTo(400);
    assertThat(own.body()).contains("another member must approve it");

    WebSession reviewer = signedIn("ai-reviewer");
    reviewer.get(draft);
    WebSession.Page approved = reviewer.post(draft + "/approve", Map.of("title", "Stop the port closures",
        "body", "The union calls on the port authority to reopen the port now."));
    assertThat(approved.location()).contains("/articles/");
    String article = visitor().get(approved.location().substring(approved.location().indexOf("/articles/"))).body();
    assertThat(article).contains("AI-assisted: drafted by llama-3.2-3b-q4, reviewed and approved by Name of ai-reviewer")
        .contains("compositeWithTrainedAlgorithmicMedia").contains("application/ld+json");
    assertThat(visitor().get("/articles/feed.atom?lang=en").body()).contains("Stop the port closures")
        .contains("term=\"compositeWithTrainedAlgorithmicMedia\"");
  }

  /** A member contests a recorded call; the contest is listed on the entry and logged. */
  @Test
  void membersContestRecordedCalls() {
    member("ai-voter", Role.MEMBER);
    AiResult result = translate("Contest me.");
    WebSession member = signedIn("ai-voter");
    member.get("/ai/calls/" + result.call());
    assertThat(member.post("/ai/calls/" + result.call() + "/contest", Map.of("reason", " ")).body())
        .contains("Say why you contest this entry.");
    assertThat(member.post("/ai/calls/" + result.call() + "/contest", Map.of("reason", "This text was not public"))
        .status()).isEqualTo(302);
    assertThat(member.get("/ai/calls/" + result.call()).body()).contains("This text was not public")
        .doesNotContain("/resolve\"");
    String contest = jdbc.sql("SELECT id::text FROM ai_contest WHERE call_id = :c").param("c", result.call())
        .query(String.class).single();
    String resolve = "/ai/calls/" + result.call() + "/contests/" + contest + "/resolve";
    assertThat(member.post(resolve, Map.of("resolution", "no")).status()).isEqualTo(403);
    WebSession steward = signedIn(STEWARD);
    steward.get("/ai/calls/" + result.call());
    assertThat(steward.post(resolve, Map.of("resolution", " ")).body()).contains("Say how the contest was resolved.");
    assertThat(steward.post(resolve, Map.of("resolution", "The text was a public article; no change.")).status())
        .isEqualTo(302);
    assertThat(member.get("/ai/calls/" + result.call()).body()).contains("Resolved: The text was a public article");
    steward.get("/ai/calls/" + result.call());
    assertThat(steward.post(resolve, Map.of("resolution", "again")).body()).contains("This contest is not open.");
  }

  /** With the month's budget used up, calls are refused by the budget clause. */
  @Test
  void budgetIsEnforced() {
    adopt(charter(Map.of("local", List.of("public", "member")), 1));
    AiResult result = translate("Over budget.");
    assertThat(result.outcome()).isEqualTo("refused");
    assertThat(result.reason()).contains("monthlyTokens");
    adopt(charter(Map.of("local", List.of("public", "member")), 0));
  }

  /** A charter past its last day refuses every call, naming its end. */
  @Test
  void expiredCharterRefusesEverything() {
    Charter base = charter(Map.of("local", List.of("public", "member")), 0);
    adopt(new Charter(base.tasks(), base.trust(), 0, 0, 30, LocalDate.now().minusDays(1).toString()));
    AiResult result = translate("After the end.");
    assertThat(result.outcome()).isEqualTo("refused");
    assertThat(result.reason()).contains("expires: it ended on");
    adopt(charter(Map.of("local", List.of("public", "member")), 0));
  }

  // ------------------------------------------------------------------ helpers

  private String summaryStatus(ProposalId id) {
    UUID job = tasks.summarise(stewardId(), id.toString(), "en");
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> tasks.job(job, stewardId()).map(AiTasks.JobView::finished)
        .orElse(false));
    var finished = tasks.job(job, stewardId()).orElseThrow();
    UUID draft = finished.draft();
    if (draft == null) {
      throw new AssertionError("the summary job failed: " + (finished.call() == null ? "no call"
          : aiRecord.find(finished.call()).map(AiCall::reason).orElse("?")));
    }
    return jdbc.sql("SELECT status FROM ai_draft WHERE id = :d").param("d", draft).query(String.class).single();
  }

  private MemberId stewardId() {
    return steward();
  }

  private AiResult translate(String text) {
    return gateway.call(new AiRequest(steward(), AiTask.TRANSLATE, DataClass.PUBLIC, null,
        Map.of("from", "English", "to", "Arabic"), text));
  }

  private AiCall record(AiResult result) {
    return jdbc.sql("SELECT count(*) FROM ai_call WHERE id = :id").param("id", result.call()).query(Long.class).single() == 1
        ? gatewayRecord(result.call()) : null;
  }

  @Autowired AiRecord aiRecord;

  private AiCall gatewayRecord(UUID id) {
    return aiRecord.find(id).orElseThrow();
  }

  /**
   * Trust moves only by vote: a steward re-points the trusted provider "local" to an off-site server.
   * Nothing, personal data least of all, reaches it until members adopt a charter pinning it.
   */
  @Test
  void aRepointedProviderIsSuspendedUntilMembersPinItByVote() throws Exception {
    try (FakeOpenAiServer offsite = new FakeOpenAiServer()) {
      model.mode(FakeOpenAiServer.Mode.OK);
      providers.register(steward(), "local", model.baseUrl(), "llama-3.2-3b-q4", true, null, 30);
      adopt(charter(Map.of("local", List.of("public", "member", "personal")), 0));
      MemberId voter = member("ai-voter", Role.MEMBER);
      String name = members.find(voter).orElseThrow().displayName();
      AiRequest personal = new AiRequest(steward(), AiTask.TRANSLATE, DataClass.PERSONAL, null,
          Map.of("from", "English", "to", "Arabic"), "Call " + name + " about the strike.");
      assertThat(gateway.call(personal).outcome()).isEqualTo("completed");

      long changesLogged = jdbc.sql("SELECT count(*) FROM log_entry WHERE entry_type = 'ai.provider-changed'")
          .query(Long.class).single();
      // The steward re-points "local" (same name) to another server.
      providers.register(steward(), "local", offsite.baseUrl(), "llama-3.2-3b-q4", true, null, 30);
      AiResult refused = gateway.call(personal);
      assertThat(refused.outcome()).isEqualTo("refused");
      assertThat(refused.reason()).contains("pins.local: trust suspended");
      assertThat(translate("Solidarity forever.").outcome()).as("public data too").isEqualTo("refused");
      assertThat(offsite.requests()).as("the re-pointed server received nothing").isEmpty();
      // Changing only the models, or the key variable, suspends it as well.
      WebSession steward = signedIn(STEWARD);
      String page = steward.get("/admin/ai").body();
      assertThat(page).containsPattern("data-provider=\"local\"[\\s\\S]*?data-trust=\"suspended\"");
      // The change is logged (the provider's name only as a keyed hash: stewards type it).
      Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
          "SELECT count(*) FROM log_entry WHERE entry_type = 'ai.provider-changed' AND leaf LIKE '%provider_hmac%'")
          .query(Long.class).single() > changesLogged);

      // Members confirm the new server by vote: a charter pinning it.
      adopt(charter(Map.of("local", List.of("public", "member", "personal")), 0));
      assertThat(steward.get("/admin/ai").body())
          .containsPattern("data-provider=\"local\"[\\s\\S]*?data-trust=\"pinned\"");
      assertThat(gateway.call(personal).outcome()).isEqualTo("completed");
      assertThat(offsite.requests()).hasSize(1);

      providers.register(steward(), "local", model.baseUrl(), "llama-3.2-3b-q4,llama-3.2-1b", true, null, 30);
      assertThat(gateway.call(personal).reason()).as("a changed model list").contains("trust suspended");
      providers.register(steward(), "local", model.baseUrl(), "llama-3.2-3b-q4", true, null, 30);
      adopt(charter(Map.of("local", List.of("public", "member")), 0));
    }
  }

  /**
   * Voters see what they adopt: the proposal page lists the clauses compared with the charter in
   * force, in both languages, and the ballot, the page and the public log carry the same hash of
   * exactly what is adopted; a payload changed after the vote opened is not adopted.
   */
  @Test
  void votersSeeTheClausesAndTheHashOfWhatTheyAdopt() {
    providers.register(steward(), "local", model.baseUrl(), "llama-3.2-3b-q4", true, null, 30);
    member("ai-voter", Role.MEMBER);
    WebSession session = signedIn("ai-voter");
    session.get("/ai/charter");
    String location = session.post("/ai/charter", Map.ofEntries(Map.entry("title", "Charter with summaries"),
        Map.entry("task-translate", "on"), Map.entry("providers-translate", "local"), Map.entry("models-translate", "*"),
        Map.entry("review-translate", "on"), Map.entry("task-summarise", "on"), Map.entry("providers-summarise", "local"),
        Map.entry("models-summarise", "llama-3.2-3b-q4"), Map.entry("trust", "local: public, member, personal"),
        Map.entry("days", "3"), Map.entry("monthlyTokens", "50000"), Map.entry("monthlyEnergyWh", "10"),
        Map.entry("retentionDays", "0"))).location();
    assertThat(location).contains("/proposals/");
    String id = location.substring(location.lastIndexOf('/') + 1);
    String payload = jdbc.sql("SELECT payload FROM proposal WHERE id = :id").param("id", UUID.fromString(id))
        .query(String.class).single();
    String sha = Charters.hash(Charters.parse(payload).orElseThrow());
    assertThat(Sha256.hex(payload)).isEqualTo(sha);

    String page = session.get("/proposals/" + id).body();
    assertThat(page).contains("What this vote adopts").contains("Task: Summarise a discussion")
        .contains("Provider: local").contains(model.baseUrl())
        .contains(providers.find("local").orElseThrow().fingerprint())
        .contains("Personal").contains("not kept (digests only)").contains("50,000");
    assertThat(page).containsPattern("<tr data-change=\"added\"><th scope=\"row\">Task: Summarise a discussion");
    assertThat(page).containsPattern("<tr data-change=\"changed\"><th scope=\"row\">Provider: local");
    assertThat(page).containsPattern("<tr data-change=\"same\"><th scope=\"row\">Last day");
    assertThat(page).contains("data-document-sha256>" + sha + "<");
    assertThat(page).containsPattern("data-ballot-sha256>[^<]*<code dir=\"ltr\">" + sha + "<");
    session.switchLanguage("ar");
    String arabic = session.get("/proposals/" + id).body();
    assertThat(arabic).contains("ما يُقرّه هذا التصويت").contains("المهمة: ").contains("المزوّد: local")
        .contains("لا يُحتفظ بها (البصمات فقط)").contains(sha);
    session.switchLanguage("en");
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
        "SELECT count(*) FROM log_entry WHERE entry_type = 'ai.charter-proposed' AND leaf LIKE :l AND leaf LIKE :h")
        .param("l", "%" + id + "%").param("h", "%" + sha + "%").query(Long.class).single() == 1);

    // Members vote; what takes effect is byte for byte what they saw, and the log says so.
    ProposalId proposal = new ProposalId(UUID.fromString(id));
    int before = charters.current().map(Charters.Version::version).orElse(0);
    for (var m : members.all()) {
      proposals.cast(m.id(), proposal, new BallotInput("yes", Set.of(), Map.of()));
    }
    proposals.close(proposal);
    Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> charters.current().map(Charters.Version::version).orElse(0) == before + 1);
    String adopted = jdbc.sql("SELECT charter FROM ai_charter ORDER BY version DESC LIMIT 1").query(String.class).single();
    assertThat(Sha256.hex(adopted)).isEqualTo(sha);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
        "SELECT count(*) FROM log_entry WHERE entry_type = 'ai.charter-adopted' AND leaf LIKE :h")
        .param("h", "%" + sha + "%").query(Long.class).single() == 1);

    // A payload rewritten after members voted on it is not adopted.
    ProposalId tampered = charters.propose(steward(), "AI charter", "", charter(Map.of("local", List.of("public")), 0), 1);
    for (var m : members.all()) {
      proposals.cast(m.id(), tampered, new BallotInput("yes", Set.of(), Map.of()));
    }
    jdbc.sql("UPDATE proposal SET payload = replace(payload, '\"public\"]', '\"public\",\"personal\"]') WHERE id = :id")
        .param("id", tampered.value()).update();
    assertThat(jdbc.sql("SELECT payload FROM proposal WHERE id = :id").param("id", tampered.value())
        .query(String.class).single()).contains("personal");
    int versions = charters.current().orElseThrow().version();
    proposals.close(tampered);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
        "SELECT count(*) FROM log_entry WHERE entry_type = 'ai.charter-refused' AND leaf LIKE :p")
        .param("p", "%" + tampered.value() + "%").query(Long.class).single() == 1);
    assertThat(charters.current().orElseThrow().version()).isEqualTo(versions);
    adopt(charter(Map.of("local", List.of("public", "member")), 0));
  }

  private long count() {
    return jdbc.sql("SELECT count(*) FROM ai_call").query(Long.class).single();
  }

  private static Charter charter(Map<String, List<String>> trust, long monthlyTokens, String... allowed) {
    List<String> taskCodes = allowed.length == 0 ? List.of("translate", "draft") : List.of(allowed);
    Map<String, Charter.TaskClause> clauses = new LinkedHashMap<>();
    for (String task : taskCodes) {
      clauses.put(task, new Charter.TaskClause(List.of("local"), List.of("*"), true));
    }
    return new Charter(clauses, trust, monthlyTokens, 0, 30);
  }

  private static Charter charterWithSummaries() {
    return new Charter(Map.of("translate", new Charter.TaskClause(List.of("local"), List.of("*"), true),
        "draft", new Charter.TaskClause(List.of("local"), List.of("*"), true),
        "summarise", new Charter.TaskClause(List.of("local"), List.of("*"), false)),
        Map.of("local", List.of("public", "member")), 0, 0, 30);
  }

  private static Charter charterWith(String provider) {
    return new Charter(Map.of("translate", new Charter.TaskClause(List.of(provider), List.of("*"), true)),
        Map.of(provider, List.of("public", "member")), 0, 0, 30);
  }

  /** Puts a charter to the vote, every member votes yes, the vote closes, and the charter takes effect. */
  private void adopt(Charter charter) {
    voteYesAndClose(charters.propose(steward(), "AI charter", "", charter, 1));
  }

  /** Every member votes yes on a charter proposal, the vote closes, and the next charter version takes effect. */
  private void voteYesAndClose(ProposalId id) {
    int before = charters.current().map(Charters.Version::version).orElse(0);
    for (var m : members.all()) {
      proposals.cast(m.id(), id, new BallotInput("yes", Set.of(), Map.of()));
    }
    proposals.close(id);
    Awaitility.await().atMost(Duration.ofSeconds(10))
        .until(() -> charters.current().map(Charters.Version::version).orElse(0) == before + 1);
  }

  private static String userPrompt(String requestBody) {
    var json = Json.MAPPER.readTree(requestBody);
    List<String> users = new ArrayList<>();
    json.path("messages").forEach(m -> {
      if ("user".equals(m.path("role").asString())) {
        users.add(m.path("content").asString());
      }
    });
    return users.get(0);
  }
}
