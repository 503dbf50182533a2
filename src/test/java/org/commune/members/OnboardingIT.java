package org.commune.members;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.commune.testing.Base32Decoder;
import org.commune.testing.RunningCommune;
import org.commune.testing.WebSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Members and onboarding from the adversary's side: bulk invitations (who may, what a bad list gets,
 * all or nothing), revoke and resend, steward-issued recovery links, a member's own settings, and the
 * organisation's time zone and digits. Over real HTTP, with GreenMail for mail.
 */
@ExtendWith(OutputCaptureExtension.class)
class OnboardingIT extends RunningCommune {

  private static final Pattern LINK = Pattern.compile("data-invitation-link>(http://[^<]+/join/([A-Za-z0-9_-]{43}))<");
  private static final Pattern RECOVERY = Pattern.compile("data-recovery-link>(http://[^<]+/recover/([A-Za-z0-9_-]{43}))<");

  @Autowired Accounts accounts;
  @Autowired Groups groups;

  private long invitationCount() {
    return jdbc.sql("SELECT count(*) FROM invitation").query(Long.class).single();
  }

  private WebSession stewardOnInvitations() {
    WebSession steward = signedIn(STEWARD);
    steward.get("/invitations");
    return steward;
  }

  private static List<String> links(String body) {
    List<String> found = new ArrayList<>();
    Matcher m = LINK.matcher(body);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  /** A member (not a moderator) posting a list, or revoking, gets 403 and creates nothing. */
  @Test
  void membersCannotInviteInBulkOrRevoke() {
    member("plain-member", Role.MEMBER);
    WebSession member = signedIn("plain-member");
    member.get("/me");
    long before = invitationCount();
    WebSession.Page page = member.postMultipart("/invitations/bulk", Map.of("list", "Someone\nSomeone Else", "days", "7"), null);
    assertThat(page.status()).isEqualTo(403);
    assertThat(member.post("/invitations/00000000-0000-0000-0000-000000000000/revoke", Map.of()).status()).isEqualTo(403);
    assertThat(member.get("/invitations").status()).isEqualTo(403);

    WebSession steward = stewardOnInvitations();
    assertThat(steward.postMultipart("/invitations/bulk", Map.of("list", "Forged", "days", "7", "_csrf", "forged"), null)
        .status()).as("a forged CSRF token in a multipart form").isEqualTo(403);
    byte[] huge = ("Someone\n".repeat(150_000)).getBytes(StandardCharsets.UTF_8);
    assertThat(steward.postMultipart("/invitations/bulk", Map.of("days", "7"), huge).status())
        .as("over 1 MiB is refused before parsing").isEqualTo(413);
    assertThat(invitationCount()).isEqualTo(before);
  }

  /**
   * A pasted list with Arabic names, a header and a group makes one invitation each: mailed where an
   * address is given, printed with a QR code otherwise, with the expiry; the joiner lands in the group
   * with their name filled in.
   */
  @Test
  void aListBecomesASheetOfLinksAndMails(CapturedOutput output) throws Exception {
    GroupId group = groups.bySlug("port-branch").map(GroupSummary::id)
        .orElseGet(() -> groups.create(steward(), "port-branch", "Port branch", "فرع الميناء", "branch"));
    int mailsBefore = MAIL.getReceivedMessages().length;
    WebSession steward = stewardOnInvitations();
    WebSession.Page sheet = steward.postMultipart("/invitations/bulk", Map.of(
        "list", "الاسم,البريد,المجموعة\nسلمى الحداد\nOmar Haddad, omar.invited@example.org\n\"Nour, the treasurer\",,port-branch",
        "days", "5", "group", ""), null);
    assertThat(sheet.status()).isEqualTo(200);
    assertThat(sheet.body()).contains("Invitations made: 3.").contains("Sent by email: 1.").contains("<time datetime=");
    List<String> links = links(sheet.body());
    assertThat(links).hasSize(2);
    assertThat(sheet.body()).contains("<svg").contains("<bdi>سلمى الحداد</bdi>").doesNotContain("style=");

    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> MAIL.getReceivedMessages().length > mailsBefore);
    MimeMessage mail = MAIL.getReceivedMessages()[mailsBefore];
    assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("omar.invited@example.org");
    assertThat(GreenMailUtil.getBody(mail)).contains("/join/");

    String nourLink = links.get(1);
    String token = nourLink.substring(nourLink.lastIndexOf('/') + 1);
    WebSession joiner = visitor();
    WebSession.Page form = joiner.get("/join/" + token);
    assertThat(form.body()).contains("value=\"Nour, the treasurer\"");
    assertThat(joiner.post("/join/" + token, Map.of("username", "nour-bulk", "displayName", "Nour",
        "password", PASSWORD, "language", "en")).redirectsTo("/login?joined")).isTrue();
    MemberId nour = members.all().stream().filter(m -> m.username().equals("nour-bulk")).findFirst().orElseThrow().id();
    assertThat(groups.of(nour)).extracting(GroupSummary::id).contains(group);
    assertThat(output.getAll()).as("invitation links never reach the logs").doesNotContain(token);
    for (String link : links) {
      assertThat(output.getAll()).doesNotContain(link.substring(link.lastIndexOf('/') + 1));
    }

    WebSession.Page list = steward.get("/invitations");
    assertThat(list.body()).contains("data-status=\"pending\"").contains("data-status=\"approved\"")
        .contains("<table class=\"responsive\">").contains("data-label=");
  }

  /** An uploaded CSV with a byte order mark and Arabic text works; a file that is not UTF-8 is refused. */
  @Test
  void csvUploadWithBomAndArabicNamesAndANonUtf8File() {
    WebSession steward = stewardOnInvitations();
    byte[] csv = "\uFEFFname,email,group\r\nليلى خوري,,\r\nSami,,\r\n".getBytes(StandardCharsets.UTF_8);
    WebSession.Page sheet = steward.postMultipart("/invitations/bulk", Map.of("days", "7", "list", ""), csv);
    assertThat(sheet.status()).isEqualTo(200);
    assertThat(sheet.body()).contains("<bdi>ليلى خوري</bdi>").contains("<bdi>Sami</bdi>");
    assertThat(links(sheet.body())).hasSize(2);

    long before = invitationCount();
    steward.get("/invitations");
    byte[] latin1 = "name\nJos\u00e9 M\u00fcller\n".getBytes(StandardCharsets.ISO_8859_1);
    WebSession.Page refused = steward.postMultipart("/invitations/bulk", Map.of("days", "7", "list", ""), latin1);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("This file is not UTF-8 text");
    assertThat(invitationCount()).isEqualTo(before);
  }

  /** Bad lists: each problem named by its line, in the steward's language, and nothing created. */
  @Test
  void badListsAreExplainedLineByLineAndCreateNothing() {
    WebSession steward = stewardOnInvitations();
    long before = invitationCount();

    WebSession.Page broken = steward.postMultipart("/invitations/bulk", Map.of("days", "7", "list",
        "Good Person\nAnother Good\n=HYPERLINK(\"http://evil.example\",\"x\")\n" + "y".repeat(61)
            + "\nName, not-an-email\n\"unclosed\n"), null);
    assertThat(broken.status()).isEqualTo(400);
    assertThat(broken.body())
        .contains("Nobody was invited")
        .contains("Line 3: A cell starts with =, +, - or @")
        .contains("Line 4: The name is longer than 60 characters.")
        .contains("Line 5: This does not look like an email address.")
        .contains("Line 6: A quotation mark is opened but never closed.")
        .doesNotContain("Line 1:")
        .contains("Good Person");
    assertThat(invitationCount()).isEqualTo(before);

    StringBuilder tooMany = new StringBuilder();
    for (int i = 1; i <= 1001; i++) {
      tooMany.append("Person ").append(i).append('\n');
    }
    steward.get("/invitations");
    WebSession.Page large = steward.postMultipart("/invitations/bulk", Map.of("days", "7", "list", tooMany.toString()), null);
    assertThat(large.status()).isEqualTo(400);
    assertThat(large.body()).contains("The list has more than 1,000 people.");
    assertThat(invitationCount()).isEqualTo(before);

    steward.switchLanguage("ar");
    steward.get("/invitations");
    WebSession.Page arabic = steward.postMultipart("/invitations/bulk", Map.of("days", "99", "list", "سلمى\n@cmd\n"), null);
    assertThat(arabic.status()).isEqualTo(400);
    assertThat(arabic.body()).contains("dir=\"rtl\"").contains("اختر");
    steward.get("/invitations");
    WebSession.Page arabicLine = steward.postMultipart("/invitations/bulk", Map.of("days", "7", "list", "سلمى\n@cmd\n"), null);
    assertThat(arabicLine.body()).contains("السطر 2:").contains("خلية تبدأ");
    assertThat(invitationCount()).isEqualTo(before);
    steward.switchLanguage("en");
  }

  /** A revoked link and the old link of a resent invitation are both dead; the new one works. */
  @Test
  void revokedAndResentOldLinksAreRefused() {
    WebSession steward = stewardOnInvitations();
    WebSession.Page sheet = steward.postMultipart("/invitations/bulk", Map.of("days", "7", "list", "To Revoke\nTo Resend"), null);
    List<String> links = links(sheet.body());
    String revokedToken = links.get(0).substring(links.get(0).lastIndexOf('/') + 1);
    String resentToken = links.get(1).substring(links.get(1).lastIndexOf('/') + 1);
    String revokeId = idOf(revokedToken);
    String resendId = idOf(resentToken);

    steward.get("/invitations");
    assertThat(steward.post("/invitations/" + revokeId + "/revoke", Map.of()).redirectsTo("/invitations?revoked")).isTrue();
    assertThat(visitor().get("/join/" + revokedToken).status()).isEqualTo(404);
    assertThat(steward.get("/invitations").body()).contains("data-status=\"revoked\"");
    WebSession.Page again = steward.post("/invitations/" + revokeId + "/resend", Map.of());
    assertThat(again.status()).as("a revoked invitation stays revoked").isEqualTo(400);

    steward.get("/invitations");
    WebSession.Page resent = steward.post("/invitations/" + resendId + "/resend", Map.of("days", "3"));
    assertThat(resent.status()).isEqualTo(200);
    String newLink = links(resent.body()).getFirst();
    String newToken = newLink.substring(newLink.lastIndexOf('/') + 1);
    assertThat(newToken).isNotEqualTo(resentToken);
    assertThat(visitor().get("/join/" + resentToken).status()).isEqualTo(404);
    WebSession oldUser = visitor();
    oldUser.get("/");
    assertThat(oldUser.post("/join/" + resentToken, Map.of("username", "old-link", "displayName", "Old",
        "password", PASSWORD, "language", "en")).status()).isEqualTo(404);
    assertThat(visitor().get("/join/" + newToken).status()).isEqualTo(200);
    assertThat(steward.post("/invitations/not-a-uuid/revoke", Map.of()).status()).isEqualTo(400);
  }

  private String idOf(String token) {
    return jdbc.sql("SELECT id::text FROM invitation WHERE token_hash = :h").param("h", Tokens.hash(token))
        .query(String.class).single();
  }

  /**
   * A recovery link: shown once to the steward, works once, not after expiry, never in the logs; it
   * removes a member's TOTP, the member is told (mail, security page), and the log records both steps.
   */
  @Test
  void recoveryLinkWorksOnceAndIsLogged(CapturedOutput output) throws Exception {
    MemberId id = member("locked-out", Role.MEMBER);
    jdbc.sql("UPDATE member SET email = 'locked@example.org' WHERE id = :id").param("id", id.value()).update();
    var enrolment = accounts.startTotp(id, "Test");
    clock.startNextStep(Duration.ofSeconds(30), Duration.ofSeconds(1));
    accounts.confirmTotp(id, Base32Decoder.totp(enrolment.secret(), clock, 0));
    int mailsBefore = MAIL.getReceivedMessages().length;
    long issuedBefore = logCount("member.recovery-issued");

    WebSession steward = signedIn(STEWARD);
    steward.get("/admin/recovery?username=locked-out");
    WebSession.Page issued = steward.post("/admin/recovery", Map.of("username", "locked-out"));
    assertThat(issued.status()).isEqualTo(200);
    assertThat(issued.body()).contains("<svg").contains("turns off this member");
    Matcher link = RECOVERY.matcher(issued.body());
    assertThat(link.find()).isTrue();
    String token = link.group(2);

    WebSession member = visitor();
    assertThat(member.get("/recover/" + token).status()).isEqualTo(200);
    WebSession.Page tooShort = member.post("/recover/" + token, Map.of("password", "short"));
    assertThat(tooShort.status()).as("a refused password leaves the link usable").isEqualTo(400);
    assertThat(member.post("/recover/" + token, Map.of("password", "a recovered long password")).redirectsTo("/login?reset")).isTrue();
    WebSession.Page twice = member.post("/recover/" + token, Map.of("password", "a second long password!"));
    assertThat(twice.status()).isEqualTo(404);
    assertThat(twice.body()).contains("Ask a steward for a new one");

    assertThat(visitor().signIn("locked-out", "a recovered long password").redirectsTo("/home"))
        .as("two-step sign-in was removed with the recovery").isTrue();
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> MAIL.getReceivedMessages().length > mailsBefore);
    assertThat(MAIL.getReceivedMessages()[mailsBefore].getAllRecipients()[0].toString()).isEqualTo("locked@example.org");
    assertThat(GreenMailUtil.getBody(MAIL.getReceivedMessages()[mailsBefore])).doesNotContain(token);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> logCount("member.recovery-issued") > issuedBefore
        && logCount("member.recovered") > 0);
    assertThat(jdbc.sql("SELECT leaf FROM log_entry WHERE entry_type = 'member.recovered' ORDER BY idx DESC LIMIT 1")
        .query(String.class).single()).doesNotContain("locked-out").doesNotContain(id.toString());

    WebSession signedIn = visitor();
    signedIn.signIn("locked-out", "a recovered long password");
    assertThat(signedIn.get("/me/security").body()).contains("data-recovery-notices").contains("Recovery links for your account");
    assertThat(output.getAll()).as("recovery links never reach the logs").doesNotContain(token);

    // Expired: issued, then the clock passes four hours.
    steward.get("/admin/recovery");
    Matcher second = RECOVERY.matcher(steward.post("/admin/recovery", Map.of("username", "locked-out")).body());
    assertThat(second.find()).isTrue();
    clock.advance(Duration.ofHours(4).plusMinutes(1));
    assertThat(visitor().get("/recover/" + second.group(2)).status()).isEqualTo(404);
    WebSession late = visitor();
    late.get("/");
    assertThat(late.post("/recover/" + second.group(2), Map.of("password", "too late a long password")).status()).isEqualTo(404);
    assertThat(visitor().get("/recover/not-a-token").status()).isEqualTo(404);
  }

  /**
   * A steward cannot issue a link for themselves nor for another steward, with or without a second factor
   * (a link sets a password: it would hand one steward another's account); nothing is issued or logged.
   */
  @Test
  void stewardsCannotRecoverThemselvesNorAnotherSteward() {
    WebSession steward = signedIn(STEWARD);
    steward.get("/admin/recovery");
    WebSession.Page self = steward.post("/admin/recovery", Map.of("username", STEWARD));
    assertThat(self.status()).isEqualTo(400);
    assertThat(self.body()).contains("You cannot issue a recovery link for your own account");
    WebSession.Page unknown = steward.post("/admin/recovery", Map.of("username", "nobody-at-all"));
    assertThat(unknown.status()).isEqualTo(400);

    member("second-steward", Role.STEWARD);
    long issuedBefore = logCount("member.recovery-issued");
    long rowsBefore = jdbc.sql("SELECT count(*) FROM account_recovery").query(Long.class).single();
    steward.get("/admin/recovery");
    WebSession.Page refused = steward.post("/admin/recovery", Map.of("username", "second-steward"));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("A steward's account cannot be recovered with a link");
    assertThat(RECOVERY.matcher(refused.body()).find()).isFalse();
    steward.switchLanguage("ar");
    steward.get("/admin/recovery");
    assertThat(steward.post("/admin/recovery", Map.of("username", "second-steward")).body())
        .contains("لا يُستعاد حساب أمين تقني برابط");
    steward.switchLanguage("en");
    assertThat(jdbc.sql("SELECT count(*) FROM account_recovery").query(Long.class).single()).isEqualTo(rowsBefore);
    assertThat(logCount("member.recovery-issued")).isEqualTo(issuedBefore);

    member("no-recoveries", Role.MEMBER);
    WebSession plain = signedIn("no-recoveries");
    plain.get("/me");
    assertThat(plain.post("/admin/recovery", Map.of("username", "locked-out")).status()).isEqualTo(403);
  }

  /**
   * A borrowed or stolen session cannot be used to guess the password on the settings form: wrong guesses
   * count with the account's failed sign-ins and, past the limit, even the right password is refused for
   * a while; nothing changes meanwhile.
   */
  @Test
  void passwordGuessesThroughTheSettingsFormAreLimited() {
    rateLimits.reset();
    MemberId id = member("guessed-member", Role.MEMBER);
    WebSession thief = signedIn("guessed-member");
    thief.get("/me/settings");
    WebSession.Page last = null;
    for (int i = 0; i < 45; i++) {
      last = thief.post("/me/settings/sign-in", Map.of("email", "thief@example.org", "currentPassword", "guess " + i));
      assertThat(last.status()).isEqualTo(400);
    }
    assertThat(last.body()).contains("Too many wrong passwords for this account just now");
    WebSession.Page right = thief.post("/me/settings/sign-in", Map.of("email", "thief@example.org", "currentPassword", PASSWORD));
    assertThat(right.status()).as("even the right password waits").isEqualTo(400);
    assertThat(accounts.settings(id).email()).isNull();
    rateLimits.reset();
    assertThat(thief.post("/me/settings/sign-in", Map.of("email", "owner@example.org", "currentPassword", PASSWORD))
        .redirectsTo("/me/settings?saved")).isTrue();
  }

  /** Email and password need the current password; time zone garbage is refused; changes show at once. */
  @Test
  void accountSettingsChecksAndShowsChangesAtOnce() {
    MemberId id = member("settings-user", Role.MEMBER);
    WebSession member = signedIn("settings-user");
    WebSession other = signedIn("settings-user");
    member.get("/me/settings");

    WebSession.Page noPassword = member.post("/me/settings/sign-in", Map.of("email", "new@example.org", "currentPassword", ""));
    assertThat(noPassword.status()).isEqualTo(400);
    assertThat(noPassword.body()).contains("That password is not right.");
    assertThat(accounts.settings(id).email()).isNull();

    WebSession.Page garbage = member.post("/me/settings/profile", Map.of("displayName", "Settings User", "language", "en",
        "timeZone", "Mars/Olympus_Mons"));
    assertThat(garbage.status()).isEqualTo(400);
    assertThat(garbage.body()).contains("f-timeZone").contains("aria-invalid=\"true\"");
    assertThat(accounts.settings(id).timeZone()).isNull();

    // A name that passes for another with invisible characters: a direction override, a zero-width space.
    for (String spoof : List.of("\u202EanimA", "Sal\u200Bma", "Renamed \u200Fسلمى")) {
      WebSession.Page refused = member.post("/me/settings/profile", Map.of("displayName", spoof, "language", "en"));
      assertThat(refused.status()).as(spoof).isEqualTo(400);
      assertThat(refused.body()).contains("A name cannot contain invisible characters");
    }
    WebSession.Page saved = member.post("/me/settings/profile", Map.of("displayName", "Renamed سلمى", "language", "ar",
        "timeZone", "Africa/Cairo"));
    assertThat(saved.redirectsTo("/me/settings?saved")).isTrue();
    WebSession.Page me = member.get("/me");
    assertThat(me.body()).contains("dir=\"rtl\"").contains("Africa/Cairo").contains("Renamed");

    member.get("/me/settings");
    WebSession.Page changed = member.post("/me/settings/sign-in", Map.of("email", "settings@example.org",
        "newPassword", "a changed long password", "currentPassword", PASSWORD));
    assertThat(changed.redirectsTo("/me/settings?saved")).isTrue();
    assertThat(accounts.settings(id).email()).isEqualTo("settings@example.org");
    assertThat(member.get("/me").status()).as("the changing session stays signed in").isEqualTo(200);
    assertThat(other.get("/me").status()).as("other sessions end with a new password").isEqualTo(302);
    assertThat(visitor().signIn("settings-user", "a changed long password").redirectsTo("/home")).isTrue();
    jdbc.sql("UPDATE member SET password_hash = (SELECT password_hash FROM member WHERE username = :s) WHERE id = :id")
        .param("s", STEWARD).param("id", id.value()).update();
  }

  /** The organisation's time zone and digits: garbage refused with a message, a valid choice saved and logged. */
  @Test
  void organisationTimeZoneAndDigits() {
    WebSession steward = signedIn(STEWARD);
    steward.get("/admin/settings");
    Map<String, String> base = Map.of("nameEn", "Test Union", "nameAr", "نقابة الاختبار", "defaultLanguage", "en");
    Map<String, String> bad = new java.util.HashMap<>(base);
    bad.put("timeZone", "Not/AZone");
    bad.put("digits", "roman");
    WebSession.Page refused = steward.post("/admin/settings", bad);
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("Choose Latin (0-9) or Arabic-Indic");
    Map<String, String> good = new java.util.HashMap<>(base);
    good.put("timeZone", "Asia/Beirut");
    good.put("digits", "latn");
    steward.get("/admin/settings");
    assertThat(steward.post("/admin/settings", good).redirectsTo("/admin/settings?saved")).isTrue();
    assertThat(organisation.profile().orElseThrow().timeZone()).isEqualTo("Asia/Beirut");
    good.put("timeZone", "UTC");
    steward.get("/admin/settings");
    assertThat(steward.post("/admin/settings", good).redirectsTo("/admin/settings?saved")).isTrue();
  }

  /** Stewards add several members to a group at once; one unknown username refuses the whole change. */
  @Test
  void bulkAddToAGroupIsAllOrNothing() {
    groups.bySlug("bulk-committee").orElseGet(() -> groups.byId(
        groups.create(steward(), "bulk-committee", "Bulk committee", "لجنة الإضافة", "committee")).orElseThrow());
    member("bulk-a", Role.MEMBER);
    member("bulk-b", Role.MEMBER);
    WebSession steward = signedIn(STEWARD);
    WebSession.Page page = steward.get("/groups/bulk-committee");
    assertThat(page.body()).contains("data-section=\"proposals\"").contains("data-section=\"delegations\"");
    WebSession.Page refused = steward.post("/groups/bulk-committee/members/bulk",
        Map.of("usernames", "bulk-a, no-such-user\nbulk-b", "reason", "founding members"));
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.body()).contains("No member has this username").contains("no-such-user");
    GroupSummary group = groups.bySlug("bulk-committee").orElseThrow();
    assertThat(groups.members(group.id())).isEmpty();
    steward.get("/groups/bulk-committee");
    assertThat(steward.post("/groups/bulk-committee/members/bulk",
        Map.of("usernames", "bulk-a\nbulk-b", "reason", "founding members")).redirectsTo("/groups/bulk-committee?added")).isTrue();
    assertThat(groups.members(group.id())).extracting(MemberSummary::username).containsExactlyInAnyOrder("bulk-a", "bulk-b");

    member("bulk-member", Role.MEMBER);
    WebSession member = signedIn("bulk-member");
    member.get("/groups/bulk-committee");
    assertThat(member.post("/groups/bulk-committee/members/bulk", Map.of("usernames", "bulk-member", "reason", "me"))
        .status()).isEqualTo(403);
  }

  private long logCount(String type) {
    return jdbc.sql("SELECT count(*) FROM log_entry WHERE entry_type = :t").param("t", type).query(Long.class).single();
  }
}
