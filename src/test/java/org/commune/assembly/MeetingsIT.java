package org.commune.assembly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.commune.governance.NewProposal;
import org.commune.governance.ProposalId;
import org.commune.governance.Proposals;
import org.commune.members.MemberId;
import org.commune.members.Role;
import org.commune.testing.RunningCommune;
import org.commune.testing.WebSession;
import org.commune.transparency.LogEntry;
import org.commune.transparency.TransparencyLog;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * General assemblies over real HTTP, from the adversary's side: what a member, a visitor and a careless
 * steward try, and that each refusal is explained in both languages with nothing written.
 */
class MeetingsIT extends RunningCommune {

  static final String FUTURE = "2099-05-01T18:30";

  @Autowired Meetings meetings;
  @Autowired Proposals proposals;
  @Autowired TransparencyLog log;

  /** A signed-in session that has read a page, so that it holds a CSRF token for its forms. */
  private WebSession session(String username) {
    WebSession session = signedIn(username);
    session.get("/meetings");
    return session;
  }

  /** A meeting called through the form; its id. */
  private UUID call(WebSession steward, Map<String, String> fields) {
    WebSession.Page page = steward.post("/meetings", fields);
    assertThat(page.status()).as(page.body()).isEqualTo(302);
    return UUID.fromString(page.location().substring(page.location().lastIndexOf('/') + 1));
  }

  private UUID meetingInSession(WebSession steward, String title) {
    UUID id = call(steward, Map.of("title", title, "starts", FUTURE, "place", "Union hall, room 3",
        "quorumKind", "", "voters", "all"));
    assertThat(steward.post("/meetings/" + id + "/open", Map.of()).status()).isEqualTo(302);
    return id;
  }

  private long meetingCount() {
    return jdbc.sql("SELECT count(*) FROM meeting").query(Long.class).single();
  }

  @Test
  void aStewardRunsAMeetingFromCallToPublishedMinutes() {
    MemberId alia = member("assembly-alia", Role.MEMBER);
    WebSession steward = session(STEWARD);
    ProposalId item = proposals.create(steward(), new NewProposal("Buy a printer for the office", "We need one.",
        "general", "majority", List.of(), 1, 5, false, null, 2, 3, 0, false, null));
    UUID id = call(steward, Map.of("title", "Annual general assembly", "starts", FUTURE, "place", "https://meet.example/agm",
        "quorumKind", "number", "quorumValue", "2", "voters", "all"));
    String page = "/meetings/" + id;
    assertThat(steward.post(page + "/agenda", Map.of("action", "add", "proposal", item.toString())).status()).isEqualTo(302);
    assertThat(steward.get(page).body()).contains("Buy a printer for the office").contains("Present: 0 of");

    assertThat(steward.post(page + "/open", Map.of()).status()).isEqualTo(302);
    WebSession member = session("assembly-alia");
    assertThat(member.post(page + "/present", Map.of()).status()).isEqualTo(302);
    assertThat(meetings.isPresent(id, alia)).isTrue();
    assertThat(steward.post(page + "/attendance", Map.of("member", steward().toString(), "action", "present")).status())
        .isEqualTo(302);
    String during = member.get(page).body();
    assertThat(during).contains("Present: 2 of").contains("quorum 2").contains("The quorum is met.")
        .contains("Name of assembly-alia").contains("https://meet.example/agm");

    assertThat(steward.post(page + "/close", Map.of()).status()).isEqualTo(302);
    long before = log.count("meeting.minutes-published");
    assertThat(steward.post(page + "/minutes", Map.of("action", "publish", "minutes", "# Minutes\n\nThe printer was discussed."))
        .status()).isEqualTo(302);
    String published = visitor().get(page).body();
    assertThat(published).contains("The printer was discussed.").contains("Present: 2 of")
        .doesNotContain("Name of assembly-alia").doesNotContain("meet.example").doesNotContain("Buy a printer");
    assertThat(visitor().get(page + "/minutes").body()).contains("The printer was discussed.");
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> log.count("meeting.minutes-published") > before);
    LogEntry entry = log.newest("meeting.minutes-published", Long.MAX_VALUE, 1).getFirst();
    MeetingView meeting = meetings.find(id).orElseThrow();
    assertThat(entry.data()).containsEntry("meeting", id.toString()).containsEntry("present", "2")
        .containsEntry("minutes_sha256", meeting.minutesSha256());
    assertThat(entry.data().toString()).doesNotContain("printer").doesNotContain("assembly-alia");

    // Published minutes are the record: not even a steward changes them.
    WebSession.Page again = steward.post(page + "/minutes", Map.of("action", "save", "minutes", "Rewritten"));
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.body()).contains("The minutes are published and can no longer be changed.");
    assertThat(meetings.find(id).orElseThrow().minutes()).isEqualTo("# Minutes\n\nThe printer was discussed.");
  }

  @Test
  void aMemberCannotRecordOthersAttendanceNorMarkPresentOutsideTheSession() {
    MemberId other = member("assembly-other", Role.MEMBER);
    member("assembly-bold", Role.MEMBER);
    WebSession steward = session(STEWARD);
    UUID scheduled = call(steward, Map.of("title", "Not yet open", "starts", FUTURE, "quorumKind", "", "voters", "all"));
    WebSession bold = session("assembly-bold");

    WebSession.Page early = bold.post("/meetings/" + scheduled + "/present", Map.of());
    assertThat(early.status()).isEqualTo(400);
    assertThat(early.body()).contains("Attendance can only be recorded while the meeting is in session.");
    bold.switchLanguage("ar");
    assertThat(bold.post("/meetings/" + scheduled + "/present", Map.of()).body())
        .contains("لا يُسجَّل الحضور إلا والاجتماع منعقد.");
    assertThat(meetings.presentNames(scheduled)).isEmpty();

    UUID open = meetingInSession(steward, "Open session");
    WebSession.Page forOthers = bold.post("/meetings/" + open + "/attendance",
        Map.of("member", other.toString(), "action", "present"));
    assertThat(forOthers.status()).isEqualTo(403);
    assertThat(meetings.isPresent(open, other)).isFalse();
    // Nor close, open, or set the agenda.
    assertThat(bold.post("/meetings/" + open + "/close", Map.of()).status()).isEqualTo(403);
    assertThat(meetings.find(open).orElseThrow().inSession()).isTrue();

    assertThat(steward.post("/meetings/" + open + "/close", Map.of()).status()).isEqualTo(302);
    WebSession.Page late = bold.post("/meetings/" + open + "/present", Map.of());
    assertThat(late.status()).isEqualTo(400);
    assertThat(meetings.find(open).orElseThrow().presentAtClose()).isZero();
  }

  @Test
  void aMemberCannotWriteOrPublishMinutesAndTheServiceRefusesToo() {
    member("assembly-scribe", Role.MEMBER);
    MemberId moderator = member("assembly-moderator", Role.MODERATOR);
    WebSession steward = session(STEWARD);
    UUID id = meetingInSession(steward, "Minutes by whom");
    steward.post("/meetings/" + id + "/close", Map.of());
    WebSession scribe = session("assembly-scribe");
    for (String action : new String[] {"save", "publish"}) {
      assertThat(scribe.post("/meetings/" + id + "/minutes", Map.of("action", action, "minutes", "Mine")).status())
          .isEqualTo(403);
    }
    // Behind the URL rules, the service checks the role again.
    assertThatThrownBy(() -> meetings.publishMinutes(moderator, id, "Mine"))
        .isInstanceOf(Meetings.NotAllowed.class);
    assertThat(meetings.find(id).orElseThrow().minutes()).isNull();
  }

  @Test
  void minutesAreSanitised() {
    WebSession steward = session(STEWARD);
    UUID id = meetingInSession(steward, "Sanitised minutes");
    steward.post("/meetings/" + id + "/close", Map.of());
    String hostile = "Decided.\n\n<script>alert('minutes')</script>\n\n[click](javascript:alert(1))\n\n"
        + "<img src=x onerror=alert(2)>\n\n<a href=\"https://evil.example\" onclick=\"steal()\">x</a>";
    assertThat(steward.post("/meetings/" + id + "/minutes", Map.of("action", "publish", "minutes", hostile)).status())
        .isEqualTo(302);
    for (String path : new String[] {"/meetings/" + id, "/meetings/" + id + "/minutes"}) {
      String body = visitor().get(path).body();
      assertThat(body).contains("Decided.").doesNotContain("<script>alert").doesNotContain("javascript:")
          .doesNotContain("<img").doesNotContain("onerror=").doesNotContain("onclick=");
    }
  }

  @Test
  void aVisitorSeesOnlyThePublicParts() {
    MemberId present = member("assembly-seen", Role.MEMBER);
    WebSession steward = session(STEWARD);
    ProposalId item = proposals.create(steward(), new NewProposal("A members-only proposal title", "", "general",
        "majority", List.of(), 1, 5, false, null, 2, 3, 0, false, null));
    UUID id = meetingInSession(steward, "Visible meeting");
    steward.post("/meetings/" + id + "/agenda", Map.of("action", "add", "proposal", item.toString()));
    steward.post("/meetings/" + id + "/attendance", Map.of("member", present.toString(), "action", "present"));
    String body = visitor().get("/meetings/" + id).body();
    assertThat(body).contains("Visible meeting").contains("Present: 1 of").contains("Items on the agenda: 1.")
        .doesNotContain("Name of assembly-seen").doesNotContain("Union hall").doesNotContain("members-only proposal")
        .doesNotContain("action=\"/meetings/" + id + "/attendance\"");
    assertThat(visitor().get("/meetings").body()).contains("Visible meeting");
    // Changing anything is for signed-in people only.
    assertThat(visitor().post("/meetings/" + id + "/present", Map.of()).status()).isIn(302, 401, 403);
    assertThat(visitor().get("/meetings/" + id + "/minutes").status()).isEqualTo(404);
    assertThat(visitor().get("/meetings/not-a-meeting").status()).isEqualTo(404);
  }

  @Test
  void badInputIsExplainedInBothLanguagesAndNothingIsWritten() {
    WebSession steward = session(STEWARD);
    long before = meetingCount();
    WebSession.Page empty = steward.post("/meetings", Map.of("title", " ", "starts", FUTURE, "quorumKind", "", "voters", "all"));
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.body()).contains("Please fill this in.");
    WebSession.Page past = steward.post("/meetings", Map.of("title", "Too late", "starts", "2001-02-03T10:00",
        "quorumKind", "percent", "quorumValue", "150", "voters", "everyone"));
    assertThat(past.status()).isEqualTo(400);
    assertThat(past.body()).contains("This date and time has passed.")
        .contains("A percentage quorum must be a whole number from 1 to 100.")
        .contains("Choose who may vote: all members or those present.")
        .contains("value=\"Too late\"");
    WebSession.Page garbled = steward.post("/meetings", Map.of("title", "Garbled", "starts", "next tuesday",
        "quorumKind", "", "voters", "all"));
    assertThat(garbled.body()).contains("Enter a date and time.");
    steward.switchLanguage("ar");
    WebSession.Page arabic = steward.post("/meetings", Map.of("title", "متأخر", "starts", "2001-02-03T10:00",
        "quorumKind", "", "voters", "all"));
    assertThat(arabic.status()).isEqualTo(400);
    assertThat(arabic.body()).contains("هذا التاريخ والوقت قد مضى.");
    assertThat(meetingCount()).isEqualTo(before);

    steward.switchLanguage("en");
    UUID id = meetingInSession(steward, "Long minutes");
    steward.post("/meetings/" + id + "/close", Map.of());
    WebSession.Page tooLong = steward.post("/meetings/" + id + "/minutes",
        Map.of("action", "publish", "minutes", "x".repeat(10_001)));
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.body()).contains("The minutes can have at most 10,000 characters.");
    assertThat(meetings.find(id).orElseThrow().minutes()).isNull();
    // The longest minutes the field allows pass the form size limit in Arabic too (6 bytes a letter, encoded).
    String longest = "م".repeat(10_000);
    assertThat(steward.post("/meetings/" + id + "/minutes", Map.of("action", "save", "minutes", longest)).status())
        .isEqualTo(302);
    assertThat(meetings.find(id).orElseThrow().minutes()).isEqualTo(longest);
    WebSession.Page noVote = steward.post("/meetings/" + id + "/votes", Map.of("proposal", "x", "minutes", "10"));
    assertThat(noVote.status()).isEqualTo(400);
    assertThat(noVote.body()).contains("Quick votes can only start while the meeting is in session.");
  }

  @Test
  void aQuickVoteOfAnInquorateMeetingSaysSo() {
    MemberId voter = member("assembly-voter", Role.MEMBER);
    WebSession steward = session(STEWARD);
    ProposalId item = proposals.create(steward(), new NewProposal("Join the federation", "", "general", "majority",
        List.of(), 1, 5, false, null, 2, 3, 0, false, null));
    UUID id = call(steward, Map.of("title", "Small assembly", "starts", FUTURE, "quorumKind", "number",
        "quorumValue", "5", "voters", "all"));
    String page = "/meetings/" + id;
    steward.post(page + "/agenda", Map.of("action", "add", "proposal", item.toString()));
    steward.post(page + "/open", Map.of());
    steward.post(page + "/attendance", Map.of("member", voter.toString(), "action", "present"));
    WebSession.Page bad = steward.post(page + "/votes", Map.of("proposal", item.toString(), "minutes", "0"));
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.body()).contains("a whole number from 1 to 1440");
    WebSession.Page notOnAgenda = steward.post(page + "/votes", Map.of("proposal", UUID.randomUUID().toString(),
        "minutes", "10"));
    assertThat(notOnAgenda.body()).contains("Only items on the agenda can be put to a quick vote.");
    assertThat(meetings.votes(id)).isEmpty();

    assertThat(steward.post(page + "/votes", Map.of("proposal", item.toString(), "minutes", "10")).status()).isEqualTo(302);
    QuickVote vote = meetings.votes(id).getFirst();
    assertThat(vote.quorum()).isEqualTo(5);
    WebSession member = session("assembly-voter");
    assertThat(member.get(page).body()).contains("href=\"/proposals/" + vote.vote() + "\"");
    assertThat(member.post("/proposals/" + vote.vote() + "/ballot", Map.of("choice", "yes")).status()).isEqualTo(302);
    // A meeting with a vote open cannot close.
    WebSession.Page closing = steward.post(page + "/close", Map.of());
    assertThat(closing.status()).isEqualTo(400);
    assertThat(closing.body()).contains("A quick vote is still open.");

    clock.advance(Duration.ofMinutes(11));
    meetings.closeDue();
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> !meetings.votes(id).getFirst().open());
    QuickVote closed = meetings.votes(id).getFirst();
    assertThat(closed.outcome()).isEqualTo("accepted");
    assertThat(closed.quorate()).isFalse();
    String body = member.get(page).body();
    assertThat(body).contains("data-inquorate").contains("Quorum not met: 1 present at the close, 5 needed.");
    member.switchLanguage("ar");
    assertThat(member.get(page).body()).contains("النصاب غير مكتمل");
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> log.count("meeting.vote-closed") > 0);
    assertThat(log.newest("meeting.vote-closed", Long.MAX_VALUE, 50).stream()
        .filter(e -> vote.vote().toString().equals(e.data().get("quick_vote"))).findFirst().orElseThrow().data())
        .containsEntry("quorum_met", "false").containsEntry("present", "1").containsEntry("quorum", "5");
  }

  @Test
  void aStewardChangesACalledMeetingOnlyBeforeItsSession() {
    member("assembly-mover", Role.MEMBER);
    WebSession steward = session(STEWARD);
    UUID id = call(steward, Map.of("title", "Spring assembly", "starts", FUTURE, "quorumKind", "", "voters", "all"));
    String page = "/meetings/" + id;
    // The change form starts from the meeting as it is.
    assertThat(steward.get(page).body()).contains("value=\"Spring assembly\"").contains("value=\"" + FUTURE + "\"");
    WebSession.Page refused = steward.post(page + "/edit", Map.of("title", "Moved", "starts", "2001-01-01T10:00",
        "quorumKind", "percent", "quorumValue", "0", "voters", "all"));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("This date and time has passed.")
        .contains("A percentage quorum must be a whole number from 1 to 100.");
    assertThat(meetings.find(id).orElseThrow().title()).isEqualTo("Spring assembly");

    WebSession mover = session("assembly-mover");
    assertThat(mover.post(page + "/edit", Map.of("title", "Mine now", "starts", FUTURE, "quorumKind", "",
        "voters", "all")).status()).isEqualTo(403);
    assertThat(steward.post(page + "/edit", Map.of("title", "Autumn assembly", "starts", "2099-10-01T18:00",
        "place", "Hall B", "quorumKind", "percent", "quorumValue", "25", "voters", "all")).status()).isEqualTo(302);
    MeetingView changed = meetings.find(id).orElseThrow();
    assertThat(changed.title()).isEqualTo("Autumn assembly");
    assertThat(changed.place()).isEqualTo("Hall B");
    assertThat(changed.quorumValue()).isEqualTo(25);

    steward.post(page + "/open", Map.of());
    WebSession.Page inSession = steward.post(page + "/edit", Map.of("title", "Quorum lowered", "starts", FUTURE,
        "quorumKind", "number", "quorumValue", "1", "voters", "all"));
    assertThat(inSession.status()).isEqualTo(400);
    assertThat(inSession.body()).contains("A meeting can only be changed before its session opens.");
    assertThat(meetings.find(id).orElseThrow().quorumValue()).isEqualTo(25);
  }

  @Test
  void inAPresentOnlyMeetingOnlyThosePresentMayVote() {
    member("assembly-here", Role.MEMBER);
    member("assembly-away", Role.MEMBER);
    WebSession steward = session(STEWARD);
    ProposalId item = proposals.create(steward(), new NewProposal("Present only", "", "general", "majority",
        List.of(), 1, 5, false, null, 2, 3, 0, false, null));
    UUID id = call(steward, Map.of("title", "Present-only meeting", "starts", FUTURE, "quorumKind", "", "voters",
        "present"));
    steward.post("/meetings/" + id + "/agenda", Map.of("action", "add", "proposal", item.toString()));
    steward.post("/meetings/" + id + "/open", Map.of());

    // Nobody present yet: nothing is started, and the steward is told why.
    long proposalsBefore = jdbc.sql("SELECT count(*) FROM proposal").query(Long.class).single();
    WebSession.Page refused = steward.post("/meetings/" + id + "/votes", Map.of("proposal", item.toString(), "minutes", "10"));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("Nobody is marked present");
    assertThat(meetings.votes(id)).isEmpty();
    assertThat(jdbc.sql("SELECT count(*) FROM proposal").query(Long.class).single()).isEqualTo(proposalsBefore);

    WebSession here = session("assembly-here");
    assertThat(here.post("/meetings/" + id + "/present", Map.of()).status()).isEqualTo(302);
    WebSession.Page started = steward.post("/meetings/" + id + "/votes", Map.of("proposal", item.toString(), "minutes", "10"));
    assertThat(started.status()).as(started.body()).isEqualTo(302);
    UUID vote = jdbc.sql("SELECT vote_id FROM meeting_vote WHERE meeting_id = :m").param("m", id).query(UUID.class).single();
    assertThat(jdbc.sql("SELECT count(*) FROM proposal_electorate WHERE proposal_id = :v").param("v", vote)
        .query(Long.class).single()).isEqualTo(1);

    // A member who is not present cannot vote, even by posting the ballot form directly.
    WebSession away = session("assembly-away");
    away.get("/proposals/" + vote);
    WebSession.Page absent = away.post("/proposals/" + vote + "/ballot", Map.of("choice", "yes"));
    assertThat(absent.status()).isNotEqualTo(302);
    assertThat(jdbc.sql("SELECT count(*) FROM ballot WHERE proposal_id = :v").param("v", vote).query(Long.class).single())
        .isZero();
    here.get("/proposals/" + vote);
    assertThat(here.post("/proposals/" + vote + "/ballot", Map.of("choice", "yes")).status()).isEqualTo(302);
    assertThat(jdbc.sql("SELECT count(*) FROM ballot WHERE proposal_id = :v").param("v", vote).query(Long.class).single())
        .isEqualTo(1);
  }
}
