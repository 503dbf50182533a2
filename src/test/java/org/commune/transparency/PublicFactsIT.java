package org.commune.transparency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.commune.ai.AiGateway;
import org.commune.ai.AiRequest;
import org.commune.ai.AiTask;
import org.commune.ai.DataClass;
import org.commune.governance.BallotInput;
import org.commune.governance.deliberation.Amendments;
import org.commune.governance.deliberation.Comments;
import org.commune.governance.deliberation.Deliberation;
import org.commune.governance.GovernanceRecorded;
import org.commune.governance.NewProposal;
import org.commune.governance.ProposalId;
import org.commune.governance.Proposals;
import org.commune.members.Accounts;
import org.commune.members.GroupId;
import org.commune.members.Groups;
import org.commune.members.InvalidInput;
import org.commune.members.MemberId;
import org.commune.members.NewMember;
import org.commune.members.OrganisationProfile;
import org.commune.members.Role;
import org.commune.testing.RunningCommune;
import org.commune.testing.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Signed out, anyone reads the public log. Every kind of public fact is produced here through the
 * application, with names, an email, a phone number and member-written text planted everywhere a
 * member can type; none of it, and no raw member id, may reach /api/log or the signed-out /log page.
 */
class PublicFactsIT extends RunningCommune {

  static final String NAME = "Yousef Canaryhaddad";
  static final String EMAIL = "yousef.canary@example.org";
  static final String PHONE = "+961 3 123 456";
  static final String TEXT = "Strike at the port on Monday";

  @Autowired TransparencyLog log;
  @Autowired Groups groups;
  @Autowired Proposals proposals;
  @Autowired Deliberation deliberation;
  @Autowired Comments comments;
  @Autowired Amendments amendments;
  @Autowired Accounts accounts;
  @Autowired PublicIds ids;
  @Autowired AiGateway gateway;
  @Autowired ApplicationEventPublisher events;
  @Autowired PlatformTransactionManager transactions;
  @Autowired LogRepository repository;
  @Autowired LogSigningKey signingKey;
  @Autowired LastSignedCheckpoint lastSigned;

  /** Every entry type the application writes. */
  static final Set<String> EVERY_TYPE = Set.of(
      "organisation.setup", "organisation.setting", "member.joined", "member.left", "role.changed", "group.created",
      "group.member-added", "group.member-removed", "proposal.opened", "proposal.phase", "proposal.text-changed",
      "vote.closed", "vote.receipts", "comment.hidden", "amendment.accepted", "amendment.declined",
      "proposal.implementation", "constitution.amended", "ai.contested", "ai.contest-resolved", "ai.draft-approved",
      "ai.call", "public-name.consented", "public-name.withdrawn");

  @Test
  void noNameEmailPhoneTextOrRawIdReachesThePublicLog() {
    long before = log.size();
    MemberId yousef = invitations.accept(invitations.create(steward(), 1, null, null),
        new NewMember("canary-yousef", NAME, EMAIL, PASSWORD, "en"));
    MemberId other = member("canary-other", Role.MEMBER);
    members.changeRole(steward(), yousef, Role.MODERATOR, "promoted, call " + PHONE + " " + TEXT);

    OrganisationProfile profile = organisation.profile().orElseThrow();
    organisation.changeSettings(steward(), new OrganisationProfile(profile.nameEn(), profile.nameAr(),
        profile.defaultLanguage(), !profile.openRegistration()));
    organisation.changeSettings(steward(), profile);

    GroupId group = groups.create(steward(), "canary-strike", "Strike committee " + TEXT, "لجنة الإضراب", "committee");
    groups.add(steward(), group, "canary-yousef", "joins because " + TEXT);
    groups.remove(steward(), group, "canary-yousef", "leaves because " + NAME);

    // An open vote with a comment a moderator hides, a ballot, a result and a progress report.
    ProposalId strike = proposals.create(yousef, new NewProposal("Strike vote: " + TEXT, "Call " + PHONE, "majority",
        List.of(), 3, 0));
    comments.comment(other, strike, null, "for", "Ask " + NAME + " at " + EMAIL);
    UUID comment = jdbc.sql("SELECT id FROM proposal_comment WHERE proposal_id = :p")
        .param("p", strike.value()).query(UUID.class).single();
    comments.hide(yousef, Role.MODERATOR, strike, comment.toString(), "hidden: it names " + NAME + " " + PHONE);
    // A reason written without spaces looks like a code (an attacker review published this one as it was).
    comments.comment(other, strike, null, "for", "Second comment");
    UUID second = jdbc.sql("SELECT id FROM proposal_comment WHERE proposal_id = :p AND body = 'Second comment'")
        .param("p", strike.value()).query(UUID.class).single();
    comments.hide(yousef, Role.MODERATOR, strike, second.toString(), "Karim_Mansour_+201001234567_informer");
    proposals.cast(other, strike, new BallotInput("yes", Set.of(), Map.of()));
    proposals.close(strike);
    deliberation.reportProgress(steward(), Role.STEWARD, strike, "in_progress", "Talked to " + NAME);

    // A secret vote publishes its receipts; an election publishes its result.
    ProposalId secret = proposals.create(yousef, new NewProposal("Secret: " + TEXT, "", "general", "majority", List.of(),
        1, 5, true, null, 0, 3, 0, false, null));
    proposals.cast(other, secret, new BallotInput("yes", Set.of(), Map.of()));
    proposals.close(secret);

    // In discussion: amendments accepted and declined, and the text edited.
    ProposalId discussed = proposals.create(yousef, new NewProposal("Discussed: " + TEXT, "First text " + EMAIL,
        "general", "majority", List.of(), 1, 5, false, null, 2, 3, 0, false, null));
    // The first amendment changes the title too: the title change is logged as a digest only.
    amendments.propose(other, discussed, "Retitled by " + NAME, "Amended text " + TEXT, "because " + NAME);
    amendments.settle(yousef, discussed, amendment(discussed), true);
    amendments.propose(other, discussed, "", "Another text " + PHONE, "because " + EMAIL);
    amendments.settle(yousef, discussed, amendment(discussed), false);
    proposals.editText(yousef, discussed, "Edited by the author: " + TEXT);

    // Facts other modules record through the governance event: AI contests and drafts, constitution changes.
    UUID call = UUID.randomUUID();
    publish("ai.contested", Map.of("call", call.toString(), "contest", UUID.randomUUID().toString(),
        "by", yousef.toString()));
    publish("ai.contest-resolved", Map.of("call", call.toString(), "contest", UUID.randomUUID().toString(),
        "by", steward().toString(), "resolution", "We agree with " + NAME + ", " + PHONE));
    publish("ai.draft-approved", Map.of("draft", UUID.randomUUID().toString(), "call", call.toString(),
        "reviewer", yousef.toString(), "edited", "true", "article", ""));
    publish("constitution.amended", Map.of("version", "9", "proposal", strike.toString(), "type", "general",
        "rules", "{\"methods\":[\"majority\"],\"quorumPercent\":10}"));
    publish("public-name.consented", Map.of("officer", yousef.toString(), "role", "moderator"));
    publish("public-name.withdrawn", Map.of("officer", yousef.toString()));

    // An AI call about the member's text (refused or not, every call is recorded and logged).
    gateway.call(new AiRequest(yousef, AiTask.TRANSLATE, DataClass.PUBLIC,
        null, Map.of("from", "English", "to", "Arabic"), "Please translate: " + NAME + " " + PHONE + " " + TEXT));

    accounts.delete(yousef, PASSWORD);
    long after = awaitQuiet();

    // Every type, produced by this test (the organisation's set-up happened before it, at the start).
    // (Only this test's entries and the set-up: another test appends entries in the old format on purpose.)
    List<LogEntry> entries = log.entries(0, (int) after).stream()
        .filter(e -> e.index() >= before || e.type().equals("organisation.setup")).toList();
    Set<String> types = new TreeSet<>();
    entries.forEach(e -> types.add(e.type()));
    assertThat(types).containsAll(EVERY_TYPE);

    List<String> forbidden = new ArrayList<>(List.of(NAME, "Canaryhaddad", EMAIL, "yousef.canary", PHONE, "123 456",
        TEXT, "Strike committee", "لجنة الإضراب", "canary-yousef", "canary-other", "Name of canary-other",
        "steward@example.org", "Karim_Mansour", "201001234567",
        yousef.toString(), other.toString(), steward().toString()));

    WebSession visitor = visitor();
    StringBuilder api = new StringBuilder();
    for (long start = before; start < after; start += 1000) {
      WebSession.Page page = visitor.get("/api/log/entries?start=" + start + "&count=1000",
          Map.of("Accept", "application/json"));
      assertThat(page.status()).isEqualTo(200);
      api.append(page.body());
    }
    String fromThisTest = String.join("\n", entries.stream().map(LogEntry::leaf).toList());
    assertThat(api.toString()).contains(entries.get(entries.size() - 1).leaf().replace("\"", "\\\""));
    for (String secretText : forbidden) {
      assertThat(fromThisTest).as("the public log must not hold %s", secretText).doesNotContainIgnoringCase(secretText);
      assertThat(api.toString()).as("/api/log must not serve %s", secretText).doesNotContainIgnoringCase(secretText);
    }
    // The API serves exactly the stored leaves: everything this test produced is in it, pseudonymous.
    assertThat(api.toString()).contains(ids.member(yousef.value())).contains(ids.member(other.value()));

    StringBuilder pages = new StringBuilder();
    for (String type : EVERY_TYPE) {
      WebSession.Page page = visitor.get("/log?type=" + type);
      assertThat(page.status()).isEqualTo(200);
      pages.append(page.body());
    }
    String html = pages.toString();
    for (String secretText : forbidden) {
      assertThat(html).as("the signed-out /log page must not show %s", secretText).doesNotContainIgnoringCase(secretText);
    }
    assertThat(html).contains(ids.member(other.value()));

    // One listener, whatever the module: the id its pending events are stored under (a migration moves
    // the previous release's per-event listener ids to it, UpgradeIT).
    assertThat(jdbc.sql("SELECT DISTINCT listener_id FROM event_publication WHERE listener_id LIKE '%AppendToLog%'")
        .query(String.class).list()).containsExactly("org.commune.transparency.AppendToLog.on(org.commune.transparency.PublicFact)");

    // Members signed in see names where the member still exists.
    String signedIn = signedIn(STEWARD).get("/log?type=proposal.implementation").body();
    assertThat(signedIn).contains("Steward").doesNotContain(ids.member(steward().value()));
  }

  /**
   * The constitution may name in public the holders of roles that are public anyway (elected
   * officers): only after members adopt that by vote, only holders who agree themselves, only on entries
   * from their consent on, and only while they hold the role. The attack of the first design — a steward
   * promotes any member to a named role, and visitors see that member's whole history by name — names
   * nobody.
   */
  @Test
  void onlyConsentingOfficersAreNamedAndOnlyOnTheirEntriesAsOfficers() {
    MemberId officer = member("officer-x", Role.MODERATOR);
    MemberId plain = member("plain-x", Role.MEMBER);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> log.count("member.joined") > 0);

    var session = signedIn("plain-x");
    session.get("/constitution");
    var proposed = session.post("/constitution/public-roles", Map.of("role-moderator", "on", "role-nobody", "on",
        "title", "Name our moderators", "days", "3"));
    assertThat(proposed.status()).isEqualTo(302);
    ProposalId id = new ProposalId(UUID.fromString(proposed.location().substring(proposed.location().lastIndexOf('/') + 1)));
    for (var m : members.all()) {
      try {
        proposals.cast(m.id(), id, new BallotInput("yes", Set.of(), Map.of()));
      } catch (InvalidInput notInTheElectorate) {
        // Members who joined after the vote opened.
      }
    }
    proposals.close(id);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> visitor().get("/constitution").body()
        .contains("Visitors may see by name the holders of these roles who agree to it"));

    // Adopted, but nobody agreed: nobody is named. A steward promotes a member: still nobody.
    members.changeRole(steward(), plain, Role.MODERATOR, "promoted to out them");
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> log.count("role.changed") > 0);
    assertThat(visitorSees()).doesNotContain("Name of officer-x").doesNotContain("Name of plain-x");

    // A member whose role is not named cannot agree; the form acts only for the signed-in member.
    member("unnamed-x", Role.MEMBER);
    var outsider = signedIn("unnamed-x");
    outsider.get("/constitution");
    var refused = outsider.post("/constitution/public-name", Map.of("choice", "consent", "member", officer.toString()));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("does not name your role in public");

    // The officer agrees. What they do from now on is logged under their officer pseudonym, shown as
    // their name; their member pseudonym never appears beside it.
    var officerSession = signedIn("officer-x");
    officerSession.get("/constitution");
    assertThat(officerSession.post("/constitution/public-name", Map.of("choice", "consent")).status()).isEqualTo(302);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
        visitor().get("/log?type=public-name.consented").body().contains("Name of officer-x"));
    proposals.create(officer, new NewProposal("Opened as an officer", "", "majority", List.of(), 3, 0));
    proposals.create(plain, new NewProposal("Opened by the promoted member", "", "majority", List.of(), 3, 0));
    GroupId committee = groups.create(steward(), "officer-x-committee", "Committee", "لجنة", "committee");
    groups.add(steward(), committee, "officer-x", "added by a steward");
    long settled = awaitQuiet();
    assertThat(visitor().get("/log?type=proposal.opened").body()).contains("Name of officer-x")
        .doesNotContain("Name of plain-x");
    String memberPseudonym = ids.member(officer.value());
    String officerPseudonym = ids.officer(officer.value());
    assertThat(officerPseudonym).isNotEqualTo(memberPseudonym).startsWith("o-");
    // Others' acts about the officer (added to a committee by a steward), and their history from before,
    // keep the member pseudonym: a visitor sees no name on them.
    assertThat(visitor().get("/log?type=group.member-added").body()).doesNotContain("Name of officer-x")
        .contains(memberPseudonym);
    assertThat(visitor().get("/log?type=member.joined").body()).doesNotContain("Name of officer-x")
        .contains(memberPseudonym);
    // The attack on the first design of this fix: a named entry in /api/log carried the member's
    // pseudonym, which led a visitor to their whole history. No entry holds both pseudonyms.
    StringBuilder api = new StringBuilder();
    for (long start = 0; start < settled; start += 1000) {
      api.append(visitor().get("/api/log/entries?start=" + start + "&count=1000", Map.of("Accept", "application/json")).body());
    }
    assertThat(api.toString()).contains(officerPseudonym).contains(memberPseudonym);
    for (LogEntry entry : log.entries(0, (int) settled)) {
      assertThat(entry.leaf().contains(officerPseudonym) && entry.leaf().contains(memberPseudonym))
          .as("entry %d holds both pseudonyms", entry.index()).isFalse();
    }
    // The log itself holds no name: names are shown, never written into the signed entries.
    assertThat(jdbc.sql("SELECT count(*) FROM log_entry WHERE leaf LIKE '%officer-x%'").query(Long.class).single()).isZero();

    // Any change of role ends it, and promoting them back does not bring it back: what they do next is
    // under their member pseudonym again (what they did as a named officer stays named).
    members.changeRole(steward(), officer, Role.MEMBER, "term ended");
    members.changeRole(steward(), officer, Role.MODERATOR, "re-appointed without asking");
    proposals.create(officer, new NewProposal("Opened after the term", "", "majority", List.of(), 3, 0));
    long after = awaitQuiet();
    LogEntry last = log.entries(0, (int) after).stream().filter(e -> e.type().equals("proposal.opened"))
        .reduce((a, b) -> b).orElseThrow();
    assertThat(last.data().get("by")).isEqualTo(memberPseudonym);
    // Members signed in see names as always, officers' too.
    assertThat(signedIn(STEWARD).get("/log?type=role.changed").body()).contains("Name of plain-x");
  }

  private String visitorSees() {
    StringBuilder all = new StringBuilder();
    for (String type : List.of("role.changed", "member.joined", "proposal.opened", "constitution.amended", "")) {
      all.append(visitor().get(type.isEmpty() ? "/log" : "/log?type=" + type).body());
    }
    return all.toString();
  }

  /**
   * An entry of a kind, or with a field, that no message bundle names (another module chose it) still
   * shows: the public log page must not fail on it (it answered 500 for a missing label once).
   */
  @Test
  void entriesNoBundleNamesStillShow() {
    publish("novel.kind", Map.of("novel_field", "42"));
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> log.count("novel.kind") > 0);
    WebSession.Page page = visitor().get("/log");
    assertThat(page.status()).isEqualTo(200);
    assertThat(page.body()).contains("Another kind of entry").contains("Detail");
    assertThat(visitor().get("/log?type=novel.kind").status()).isEqualTo(200);
  }

  /**
   * Entries written before this release hold raw member ids, titles and reasons; they cannot be
   * rewritten (append-only), but the signed-out page shows the pseudonym and hides the text.
   */
  @Test
  void oldEntriesShowPseudonymsAndHideTextToVisitors() {
    MemberId old = member("old-style-member", Role.MEMBER);
    String title = "An old title naming Samira";
    // Appended as the previous release did (the same repository, key and record as the running server).
    TransparencyLog previousRelease = new TransparencyLog(repository, signingKey, clock, lastSigned);
    new TransactionTemplate(transactions).executeWithoutResult(s -> previousRelease.append(List.of(
        new NewLogEntry("proposal.opened", Instant.now(), Map.of("proposal", UUID.randomUUID().toString(),
            "title", title, "method", "majority", "by", old.toString()), null),
        new NewLogEntry("role.changed", Instant.now(), Map.of("member", old.toString(), "from", "member",
            "to", "moderator", "by", steward().toString(), "reason", "An old reason naming Samira"), null))));
    WebSession visitor = visitor();
    String html = visitor.get("/log?type=proposal.opened").body() + visitor.get("/log?type=role.changed").body();
    assertThat(html).doesNotContain("Samira").doesNotContain(old.toString()).doesNotContain(steward().toString())
        .contains(ids.member(old.value())).contains("Not shown to visitors");
    String member = signedIn(STEWARD).get("/log?type=proposal.opened").body();
    assertThat(member).contains(title).contains("Name of old-style-member");
  }

  private void publish(String kind, Map<String, String> facts) {
    new TransactionTemplate(transactions).executeWithoutResult(s ->
        events.publishEvent(new GovernanceRecorded(UUID.randomUUID(), Instant.now(), kind, facts)));
  }

  private String amendment(ProposalId proposal) {
    return jdbc.sql("SELECT id FROM amendment WHERE proposal_id = :p AND status = 'open'")
        .param("p", proposal.value()).query(UUID.class).single().toString();
  }

  private long awaitQuiet() {
    long[] last = {-1};
    Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(700)).until(() -> {
      long now = log.size();
      boolean quiet = now == last[0];
      last[0] = now;
      return quiet;
    });
    return last[0];
  }
}
