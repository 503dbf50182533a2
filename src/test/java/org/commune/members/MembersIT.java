package org.commune.members;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMailUtil;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.commune.testing.Base32Decoder;
import org.commune.testing.RunningCommune;
import org.commune.testing.WebSession;
import org.commune.transparency.PublicIds;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Joining, signing in and looking after one's account, over real HTTP, with the failure paths. */
class MembersIT extends RunningCommune {

  @Autowired PublicIds publicIds;

  private static final Pattern RESET_LINK = Pattern.compile("/reset/([A-Za-z0-9_-]{43})");

  /** An invitation link works once: the second use gets a clear 404 page and no second account. */
  @Test
  void invitationWorksOnce() {
    String token = invitations.create(steward(), 3, null, "for a test");
    WebSession first = visitor();
    WebSession.Page form = first.get("/join/" + token);
    assertThat(form.status()).isEqualTo(200);
    WebSession.Page joined = first.post("/join/" + token, Map.of(
        "username", "once", "displayName", "Once", "password", PASSWORD, "language", "en"));
    assertThat(joined.redirectsTo("/login?joined")).isTrue();

    WebSession second = visitor();
    WebSession.Page again = second.get("/join/" + token);
    assertThat(again.status()).isEqualTo(404);
    assertThat(again.body()).contains("This invitation link is not valid");
    WebSession.Page reused = second.post("/join/" + token, Map.of(
        "username", "twice", "displayName", "Twice", "password", PASSWORD, "language", "en"));
    assertThat(reused.status()).isEqualTo(404);
    assertThat(usernameExists("twice")).isFalse();
  }

  /** An expired invitation is refused with a message in the visitor's language. */
  @Test
  void expiredInvitationIsRefusedInArabic() {
    String token = invitations.create(steward(), 1, null, null);
    jdbc.sql("UPDATE invitation SET created_at = now() - interval '3 days', expires_at = now() - interval '1 day' WHERE token_hash = :h")
        .param("h", Tokens.hash(token)).update();
    WebSession visitor = visitor();
    visitor.switchLanguage("ar");
    WebSession.Page page = visitor.get("/join/" + token);
    assertThat(page.status()).isEqualTo(404);
    assertThat(page.body()).contains("dir=\"rtl\"").contains("رابط الدعوة هذا غير صالح");
  }

  /** Bad join input answers 400 with every problem named, keeps what was typed, and creates nothing. */
  @Test
  void badInputIsExplainedAndNothingIsCreated() {
    String token = invitations.create(steward(), 3, null, null);
    WebSession visitor = visitor();
    visitor.get("/join/" + token);
    WebSession.Page page = visitor.post("/join/" + token, Map.of(
        "username", "Bad Name!", "displayName", "  ", "email", "not-an-email", "password", "short", "language", "xx"));
    assertThat(page.status()).isEqualTo(400);
    assertThat(page.body())
        .contains("Use 3 to 30 lowercase letters")
        .contains("Please fill this in.")
        .contains("This does not look like an email address.")
        .contains("at least 12 characters")
        .contains("Choose Arabic or English.")
        .contains("value=\"Bad Name!\"")
        .doesNotContain("value=\"short\"");
    assertThat(usernameExists("bad name!")).isFalse();
    assertThat(invitations.isOpen(token)).as("a failed join leaves the invitation unused").isTrue();
  }

  /** A taken username is refused without spending the invitation. */
  @Test
  void takenUsernameKeepsInvitationOpen() {
    member("taken", Role.MEMBER);
    String token = invitations.create(steward(), 3, null, null);
    WebSession visitor = visitor();
    visitor.get("/join/" + token);
    WebSession.Page page = visitor.post("/join/" + token, Map.of(
        "username", "taken", "displayName", "Other", "password", PASSWORD, "language", "en"));
    assertThat(page.status()).isEqualTo(400);
    assertThat(page.body()).contains("This username is taken");
    assertThat(invitations.isOpen(token)).isTrue();
  }

  /** Two people joining at the same moment with the same username: one account, and a clear answer for the other. */
  @Test
  void simultaneousJoinsWithOneUsername() throws Exception {
    String first = invitations.create(steward(), 1, null, null);
    String second = invitations.create(steward(), 1, null, null);
    WebSession a = visitor();
    WebSession b = visitor();
    a.get("/join/" + first);
    b.get("/join/" + second);
    Map<String, String> form = Map.of("username", "same-moment", "displayName", "Twin", "password", PASSWORD, "language", "en");
    try (var pool = Executors.newFixedThreadPool(2)) {
      var one = pool.submit(() -> a.post("/join/" + first, form));
      var two = pool.submit(() -> b.post("/join/" + second, form));
      List<Integer> statuses = List.of(one.get().status(), two.get().status());
      assertThat(statuses).containsExactlyInAnyOrder(302, 400);
    }
    assertThat(jdbc.sql("SELECT count(*) FROM member WHERE username = 'same-moment'").query(Long.class).single()).isEqualTo(1);
    assertThat(invitations.isOpen(first) ^ invitations.isOpen(second)).as("the refused join left its invitation unused").isTrue();
  }

  /** Wrong passwords and unknown accounts get the same answer. */
  @Test
  void signInFailuresLookAlike() {
    member("alike", Role.MEMBER);
    WebSession.Page wrongPassword = visitor().signIn("alike", "not the password at all");
    WebSession.Page unknown = visitor().signIn("nobody-here", "not the password at all");
    assertThat(wrongPassword.location()).isEqualTo(unknown.location()).endsWith("/login?error");
    WebSession failed = visitor();
    WebSession.Page page = failed.get("/login?error");
    assertThat(page.status()).isEqualTo(401);
    assertThat(page.body()).contains("Signing in did not work");
  }

  /** With TOTP on, sign-in needs a current code; a wrong or replayed code fails; a recovery code works once. */
  @Test
  void totpSecondFactor() throws Exception {
    member("totp-user", Role.MEMBER);
    WebSession member = signedIn("totp-user");
    WebSession.Page start = member.submit("/me/security", "/me/security/totp/start", Map.of());
    Matcher secret = Pattern.compile("data-totp-secret>([A-Z2-7]+)<").matcher(start.body());
    assertThat(secret.find()).isTrue();
    String key = secret.group(1);
    // A whole step ahead before the step changes; then "later" is the clock moved on, not a wait.
    clock.startNextStep(Duration.ofSeconds(30), Duration.ofSeconds(1));

    WebSession.Page wrong = member.post("/me/security/totp/confirm", Map.of("code", Base32Decoder.wrongTotp(key, clock)));
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(wrong.body()).contains("That code is not right");

    WebSession.Page confirmed = member.post("/me/security/totp/confirm", Map.of("code", code(key, -1)));
    assertThat(confirmed.status()).isEqualTo(200);
    Matcher codes = Pattern.compile("<code>([a-z2-7]{5}-[a-z2-7]{5})</code>").matcher(confirmed.body());
    assertThat(codes.find()).isTrue();
    String recovery = codes.group(1);

    assertThat(visitor().signIn("totp-user", PASSWORD).location()).endsWith("/login?error");
    assertThat(visitor().signIn("totp-user", PASSWORD, "123").location()).endsWith("/login?error");
    assertThat(visitor().signIn("totp-user", PASSWORD, code(key, 0)).redirectsTo("/home")).isTrue();
    assertThat(visitor().signIn("totp-user", PASSWORD, code(key, 0)).location())
        .as("the same code cannot be used twice").endsWith("/login?error");
    assertThat(visitor().signIn("totp-user", PASSWORD, recovery).redirectsTo("/home")).isTrue();
    assertThat(visitor().signIn("totp-user", PASSWORD, recovery).location()).endsWith("/login?error");

    clock.advance(Duration.ofSeconds(30));
    assertThat(visitor().signIn("totp-user", PASSWORD, code(key, 0)).redirectsTo("/home"))
        .as("the next step's code works 30 seconds later").isTrue();
    clock.advance(Duration.ofSeconds(90));
    assertThat(visitor().signIn("totp-user", PASSWORD, code(key, -2)).location())
        .as("a code two steps old is refused").endsWith("/login?error");
  }

  /** Password reset by email through a real SMTP server: link works once; the answer never reveals accounts. */
  @Test
  void passwordResetByEmail() throws Exception {
    MemberId id = member("forgetful", Role.MEMBER);
    jdbc.sql("UPDATE member SET email = 'forgetful@example.org' WHERE id = :id").param("id", id.value()).update();
    int before = MAIL.getReceivedMessages().length;

    WebSession.Page known = visitor().submit("/reset", "/reset", Map.of("account", "forgetful@example.org"));
    WebSession.Page unknown = visitor().submit("/reset", "/reset", Map.of("account", "stranger@example.org"));
    assertThat(known.status()).isEqualTo(unknown.status()).isEqualTo(200);
    assertThat(strip(known.body())).isEqualTo(strip(unknown.body()));

    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> MAIL.getReceivedMessages().length == before + 1);
    MimeMessage mail = MAIL.getReceivedMessages()[before];
    assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("forgetful@example.org");
    Matcher link = RESET_LINK.matcher(GreenMailUtil.getBody(mail));
    assertThat(link.find()).isTrue();
    String token = link.group(1);

    WebSession visitor = visitor();
    assertThat(visitor.get("/reset/" + token).status()).isEqualTo(200);
    WebSession.Page tooShort = visitor.post("/reset/" + token, Map.of("password", "short"));
    assertThat(tooShort.status()).isEqualTo(400);
    WebSession.Page changed = visitor.post("/reset/" + token, Map.of("password", "a brand new long password"));
    assertThat(changed.redirectsTo("/login?reset")).isTrue();
    WebSession.Page replay = visitor.post("/reset/" + token, Map.of("password", "yet another long password"));
    assertThat(replay.status()).isEqualTo(404);
    assertThat(visitor().signIn("forgetful", "a brand new long password").redirectsTo("/home")).isTrue();
    jdbc.sql("UPDATE member SET password_hash = (SELECT password_hash FROM member WHERE username = :s) WHERE id = :id")
        .param("s", STEWARD).param("id", id.value()).update();
  }

  /** A member downloads their data as JSON, then deletes the account; the log shows a deleted member. */
  @Test
  void exportAndDeleteAccount() {
    MemberId id = member("leaving", Role.MEMBER);
    WebSession member = signedIn("leaving");
    WebSession.Page data = member.get("/me/data");
    assertThat(data.status()).isEqualTo(200);
    assertThat(data.body()).contains("\"username\":\"leaving\"").contains("\"role\":\"member\"");

    WebSession.Page wrong = member.submit("/me/delete", "/me/delete", Map.of("password", "not my password at all"));
    assertThat(wrong.status()).isEqualTo(400);
    assertThat(members.find(id)).isPresent();
    WebSession.Page deleted = member.submit("/me/delete", "/me/delete", Map.of("password", PASSWORD));
    assertThat(deleted.redirectsTo("/login?deleted")).isTrue();
    assertThat(members.find(id)).isEmpty();
    assertThat(member.get("/me").status()).isEqualTo(302);

    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
        jdbc.sql("SELECT count(*) FROM log_entry WHERE entry_type = 'member.left' AND leaf LIKE :id")
            .param("id", "%" + publicIds.member(id.value()) + "%").query(Long.class).single() == 1);
    // Visitors see the pseudonym; members see that the member behind it left.
    WebSession.Page log = visitor().get("/log?type=member.left");
    assertThat(log.body()).contains(publicIds.member(id.value())).doesNotContain(id.toString());
    assertThat(signedIn(STEWARD).get("/log?type=member.left").body()).contains("A deleted member");
  }

  /** A member sees their sessions and ends another one; that session is signed out. */
  @Test
  void sessionsCanBeListedAndEnded() {
    member("two-devices", Role.MEMBER);
    WebSession laptop = signedIn("two-devices");
    WebSession phone = signedIn("two-devices");
    WebSession.Page page = laptop.get("/me/security");
    Matcher ids = Pattern.compile("/me/security/sessions/([^/]+)/end").matcher(page.body());
    assertThat(ids.find()).as("the other session is listed").isTrue();
    laptop.post("/me/security/sessions/" + ids.group(1) + "/end", Map.of());
    assertThat(laptop.get("/me").status()).isEqualTo(200);
    assertThat(phone.get("/me").location()).contains("/login");
  }

  /** Role changes need a reason, reach the log, and the last steward cannot step down. */
  @Test
  void roleChangesAreReasonedAndGuarded() {
    MemberId id = member("promoted", Role.MEMBER);
    WebSession steward = signedIn(STEWARD);
    steward.get("/members");
    WebSession.Page noReason = steward.post("/admin/roles", Map.of("member", id.toString(), "role", "moderator", "reason", " "));
    assertThat(noReason.status()).isEqualTo(400);
    WebSession.Page badRole = steward.post("/admin/roles", Map.of("member", id.toString(), "role", "king", "reason", "x"));
    assertThat(badRole.status()).isEqualTo(400);
    WebSession.Page badMember = steward.post("/admin/roles", Map.of("member", "not-a-uuid", "role", "moderator", "reason", "x"));
    assertThat(badMember.status()).isEqualTo(400);
    WebSession.Page ok = steward.post("/admin/roles", Map.of("member", id.toString(), "role", "moderator", "reason", "Elected"));
    assertThat(ok.redirectsTo("/members?changed")).isTrue();
    assertThat(members.find(id).orElseThrow().role()).isEqualTo(Role.MODERATOR);
    // The change reaches the log under the member's pseudonym; the reason (member-written text) does not.
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
        jdbc.sql("SELECT count(*) FROM log_entry WHERE entry_type = 'role.changed' AND leaf LIKE :p")
            .param("p", "%" + publicIds.member(id.value()) + "%").query(Long.class).single() >= 1);
    assertThat(jdbc.sql("SELECT count(*) FROM log_entry WHERE entry_type = 'role.changed' AND leaf LIKE '%Elected%'")
        .query(Long.class).single()).isZero();

    long stewards = members.all().stream().filter(m -> m.role() == Role.STEWARD).count();
    if (stewards == 1) {
      WebSession.Page last = steward.post("/admin/roles", Map.of("member", steward().toString(), "role", "member", "reason", "Leaving"));
      assertThat(last.status()).isEqualTo(400);
      assertThat(last.body()).contains("This is the last steward");
    }
  }

  /** A forged or missing CSRF token is refused with an explanation, and nothing changes. */
  @Test
  void forgedCsrfTokenIsRefused() {
    WebSession steward = signedIn(STEWARD);
    steward.get("/admin/settings");
    WebSession.Page forged = steward.post("/admin/settings", Map.of(
        "_csrf", "forged-token", "nameEn", "Hijacked", "nameAr", "مخطوف", "defaultLanguage", "en"));
    assertThat(forged.status()).isEqualTo(403);
    assertThat(forged.body()).contains("This form has expired");
    assertThat(organisation.profile().orElseThrow().nameEn()).isNotEqualTo("Hijacked");
  }

  /** Oversized bodies get 413; unknown pages under a module's paths get 404; neither shows a stack trace. */
  @Test
  void oversizedAndUnknownRequests() {
    WebSession visitor = visitor();
    visitor.get("/login");
    WebSession.Page big = visitor.post("/login", Map.of("username", "x".repeat(100_000), "password", "y"));
    assertThat(big.status()).isEqualTo(413);
    assertThat(big.body()).contains("too large").doesNotContain("Exception");
    // A path no module claims is refused (deny by default, RolesMatrixIT); one under a module's path
    // that names nothing is a 404 page.
    WebSession.Page missing = signedIn(STEWARD).get("/groups/no-such-group/nothing-here");
    assertThat(missing.status()).isEqualTo(404);
    assertThat(missing.body()).contains("There is no page at this address").doesNotContain("at org.");
    WebSession.Page badId = signedIn(STEWARD).get("/groups/%00bad");
    assertThat(badId.status()).isBetween(400, 404);
  }

  /** Failed sign-ins from one address beyond its ceiling (100 a minute) get 429 until the window refills. */
  @Test
  void signInIsRateLimited() {
    WebSession attacker = visitor();
    attacker.get("/login");
    int limited = 0;
    for (int i = 0; i < 105; i++) {
      // Spread over accounts so that no account reaches its own limit (which slows, not refuses).
      WebSession.Page page = attacker.post("/login", Map.of("username", "victim" + (i % 5), "password", "guess " + i));
      if (page.status() == 429) {
        limited++;
      }
    }
    assertThat(limited).isGreaterThan(0);
    WebSession.Page page = attacker.post("/login", Map.of("username", "victim", "password", "guess"));
    assertThat(page.status()).isEqualTo(429);
    assertThat(page.body()).contains("Too many attempts");
  }

  /** The setup link is refused once the organisation exists. */
  @Test
  void setupLinkIsRefusedAfterSetup() {
    WebSession.Page page = visitor().get("/setup?token=" + "a".repeat(43));
    assertThat(page.status()).isEqualTo(404);
    assertThat(page.body()).contains("This set-up link does not work");
  }

  /** With open registration on, anyone can join at /register; off again, the page says joining is by invitation. */
  @Test
  void openRegistrationFollowsTheSetting() {
    WebSession steward = signedIn(STEWARD);
    steward.get("/admin/settings");
    assertThat(steward.post("/admin/settings", Map.of("nameEn", "Test Union", "nameAr", "نقابة الاختبار",
        "defaultLanguage", "en", "openRegistration", "true")).redirectsTo("/admin/settings?saved")).isTrue();
    try {
      WebSession visitor = visitor();
      assertThat(visitor.get("/register").status()).isEqualTo(200);
      assertThat(visitor.post("/register", Map.of("username", "walk-in", "displayName", "Walk-in",
          "password", PASSWORD, "language", "ar")).redirectsTo("/login?joined")).isTrue();
      assertThat(usernameExists("walk-in")).isTrue();
    } finally {
      steward.get("/admin/settings");
      steward.post("/admin/settings", Map.of("nameEn", "Test Union", "nameAr", "نقابة الاختبار", "defaultLanguage", "en"));
    }
    WebSession.Page closed = visitor().get("/register");
    assertThat(closed.status()).isEqualTo(403);
    assertThat(closed.body()).contains("does not take open registrations");
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
        jdbc.sql("SELECT count(*) FROM log_entry WHERE entry_type = 'organisation.setting' AND leaf LIKE '%open_registration%'")
            .query(Long.class).single() >= 2);
  }

  private boolean usernameExists(String username) {
    return jdbc.sql("SELECT count(*) FROM member WHERE username = :u").param("u", username).query(Long.class).single() > 0;
  }

  private String code(String key, int stepOffset) {
    return Base32Decoder.totp(key, clock, stepOffset);
  }

  private static String strip(String html) {
    return html.replaceAll("name=\"_csrf\" value=\"[^\"]+\"", "").replaceAll("content=\"[^\"]+\"", "");
  }
}
