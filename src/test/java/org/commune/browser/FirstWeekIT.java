package org.commune.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.commune.governance.ProposalId;
import org.commune.governance.ProposalView;
import org.commune.testing.FreePort;
import org.commune.testing.WebSession;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A 200-member union's first week, scripted as its people would live it, Arabic first: set-up, a bulk
 * invitation of 200 people, everyone joins, a locked-out member gets back in with a steward's recovery
 * link, a proposal is amended, a general assembly votes on it in ten minutes with those present, one
 * member changes their mind, and the result is read on a phone in Arabic. Its own instance (fresh set-up),
 * HTTP for the crowd and headless Chromium for the phone.
 */
class FirstWeekIT extends ChromiumTest {

  static final int PORT = FreePort.find();
  static final String BASE = "http://localhost:" + PORT;
  static final int MEMBERS = 200;

  private static final Pattern LINK = Pattern.compile("data-invitation-link>(http://[^<]+/join/([A-Za-z0-9_-]{43}))<");
  private static final Pattern RECOVERY = Pattern.compile("data-recovery-link>(http://[^<]+/recover/([A-Za-z0-9_-]{43}))<");

  @DynamicPropertySource
  static void firstWeekInstance(DynamicPropertyRegistry registry) {
    registry.add("server.port", () -> PORT);
    registry.add("commune.public-url", () -> BASE);
    registry.add("commune.data-dir", () -> "target/it-data/first-week-" + UUID.randomUUID());
    // Hundreds of joins and sign-ins from one address in a few minutes: the test is one crowd, not an attack.
    registry.add("commune.rate-limit.address-attempts-per-minute", () -> 100_000);
  }

  @Override
  String base() {
    return BASE;
  }

  private static String username(int i) {
    return "m%03d".formatted(i);
  }

  private WebSession signedIn(String username, String password) {
    WebSession session = new WebSession(PORT);
    WebSession.Page page = session.signIn(username, password);
    assertThat(page.status()).as("sign-in of " + username).isEqualTo(302);
    assertThat(page.location()).doesNotContain("error");
    return session;
  }

  @Test
  void aUnionsFirstWeek() throws Exception {
    // Day 1, morning: the founder sets up the union, in Arabic.
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !setupLink.token().isEmpty());
    WebSession founder = new WebSession(PORT);
    founder.get("/setup?token=" + setupLink.token());
    assertThat(founder.post("/setup", Map.of("token", setupLink.token(), "nameEn", "Nile Print Workers' Union",
        "nameAr", "نقابة عمال الطباعة", "defaultLanguage", "ar", "username", "huda", "displayName", "هدى",
        "password", PASSWORD, "language", "ar")).redirectsTo("/login?setup")).isTrue();
    WebSession huda = signedIn("huda", PASSWORD);
    assertThat(huda.get("/home").status()).isEqualTo(200);
    // The union writes numbers in Arabic-Indic digits and lives in Cairo's time zone.
    huda.get("/admin/settings");
    assertThat(huda.post("/admin/settings", Map.of("nameEn", "Nile Print Workers' Union", "nameAr", "نقابة عمال الطباعة",
        "defaultLanguage", "ar", "timeZone", "Africa/Cairo", "digits", "arab")).status()).isEqualTo(302);

    // Day 1, afternoon: 200 people invited in one pasted list (no mail server: a sheet of links).
    StringBuilder list = new StringBuilder("الاسم\n");
    for (int i = 1; i <= MEMBERS; i++) {
      list.append(i % 2 == 0 ? "عضو رقم " + i : "Member " + i).append('\n');
    }
    huda.get("/invitations");
    WebSession.Page sheet = huda.postMultipart("/invitations/bulk", Map.of("list", list.toString(), "days", "7"), null);
    assertThat(sheet.status()).as(sheet.body()).isEqualTo(200);
    List<String> links = new ArrayList<>();
    Matcher m = LINK.matcher(sheet.body());
    while (m.find()) {
      links.add(m.group(2));
    }
    assertThat(links).hasSize(MEMBERS).doesNotHaveDuplicates();

    // Days 1-2: everyone joins through their own link.
    for (int i = 1; i <= MEMBERS; i++) {
      WebSession joiner = new WebSession(PORT);
      String token = links.get(i - 1);
      assertThat(joiner.get("/join/" + token).status()).isEqualTo(200);
      WebSession.Page joined = joiner.post("/join/" + token, Map.of("username", username(i),
          "displayName", i % 2 == 0 ? "عضو " + i : "Member " + i, "password", PASSWORD, "language", i % 2 == 0 ? "ar" : "en"));
      assertThat(joined.redirectsTo("/login?joined")).as("join %d: %s", i, joined.body()).isTrue();
    }
    assertThat(members.all()).hasSize(MEMBERS + 1);
    assertThat(huda.get("/invitations").body()).doesNotContain("data-status=\"pending\"");

    // Day 2: m007 forgot their password; the union runs without mail, so a steward hands over a recovery link.
    huda.get("/admin/recovery?username=" + username(7));
    WebSession.Page issued = huda.post("/admin/recovery", Map.of("username", username(7)));
    Matcher recovery = RECOVERY.matcher(issued.body());
    assertThat(recovery.find()).as(issued.body()).isTrue();
    WebSession locked = new WebSession(PORT);
    assertThat(locked.get("/recover/" + recovery.group(2)).status()).isEqualTo(200);
    assertThat(locked.post("/recover/" + recovery.group(2), Map.of("password", "a new password after a week"))
        .redirectsTo("/login?reset")).isTrue();
    signedIn(username(7), "a new password after a week");
    assertThat(new WebSession(PORT).signIn(username(7), PASSWORD).location()).contains("error");

    // Day 3: m001 proposes; m002 amends the text and the title; the author accepts the amendment.
    WebSession author = signedIn(username(1), PASSWORD);
    author.get("/proposals?create");
    WebSession.Page created = author.post("/proposals", Map.of("title", "Night shift allowance", "body",
        "The union asks for a night shift allowance of 10%.", "type", "general", "method", "majority",
        "discussion", "2", "days", "3", "unit", "days", "quorum", "0"));
    assertThat(created.status()).as(created.body()).isEqualTo(302);
    String proposalPath = created.location().substring(created.location().indexOf("/proposals/"));
    ProposalId proposal = ProposalId.parse(proposalPath.substring("/proposals/".length()));
    WebSession amender = signedIn(username(2), PASSWORD);
    amender.get(proposalPath);
    assertThat(amender.post(proposalPath + "/amendments", Map.of("amendmentTitle", "Night shift allowance of 15%",
        "amendment", "The union asks for a night shift allowance of 15%.")).status()).isEqualTo(302);
    String amendment = jdbc.sql("SELECT id::text FROM amendment WHERE proposal_id = :p").param("p", proposal.value())
        .query(String.class).single();
    String authorPage = author.get(proposalPath).body();
    assertThat(authorPage).contains("<del").contains("<ins").contains("15%");
    assertThat(author.get("/notifications").body()).contains("#amendment-" + amendment);
    assertThat(author.post(proposalPath + "/amendments/" + amendment + "/accept", Map.of()).status()).isEqualTo(302);
    assertThat(proposals.find(proposal).orElseThrow().title()).isEqualTo("Night shift allowance of 15%");

    // Day 5: the general assembly. 40 members come; the steward opens the session and a 10-minute vote of
    // those present on the amended proposal.
    huda.get("/meetings");
    WebSession.Page called = huda.post("/meetings", Map.of("title", "الجمعية العمومية الأولى", "starts", "2099-05-01T18:00",
        "place", "قاعة النقابة", "quorumKind", "number", "quorumValue", "30", "voters", "present"));
    assertThat(called.status()).as(called.body()).isEqualTo(302);
    String meeting = called.location().substring(called.location().indexOf("/meetings/"));
    assertThat(huda.post(meeting + "/agenda", Map.of("action", "add", "proposal", proposal.toString())).status()).isEqualTo(302);
    assertThat(huda.post(meeting + "/open", Map.of()).status()).isEqualTo(302);
    List<WebSession> present = new ArrayList<>();
    for (int i = 1; i <= 40; i++) {
      WebSession attendee = signedIn(username(i), i == 7 ? "a new password after a week" : PASSWORD);
      attendee.get(meeting);
      assertThat(attendee.post(meeting + "/present", Map.of()).status()).isEqualTo(302);
      present.add(attendee);
    }
    assertThat(huda.get(meeting).body()).contains("٤٠").doesNotContain("quorum 0");
    WebSession.Page started = huda.post(meeting + "/votes", Map.of("proposal", proposal.toString(), "minutes", "10"));
    assertThat(started.status()).as(started.body()).isEqualTo(302);
    UUID vote = jdbc.sql("SELECT vote_id FROM meeting_vote").query(UUID.class).single();
    String votePath = "/proposals/" + vote;
    ProposalView quick = proposals.find(new ProposalId(vote)).orElseThrow();
    assertThat(Duration.between(quick.openedAt(), quick.closesAt())).isEqualTo(Duration.ofMinutes(10));

    // Members vote; someone who stayed home cannot.
    for (int i = 0; i < present.size(); i++) {
      WebSession attendee = present.get(i);
      attendee.get(votePath);
      assertThat(attendee.post(votePath + "/ballot", Map.of("choice", i < 28 ? "yes" : "no")).status())
          .as("ballot of attendee %d", i + 1).isEqualTo(302);
    }
    WebSession home = signedIn(username(150), PASSWORD);
    home.get(votePath);
    assertThat(home.post(votePath + "/ballot", Map.of("choice", "no")).status()).isNotEqualTo(302);

    // Live turnout while open: a count, never who.
    String turnout = home.get(votePath + "/turnout").body();
    assertThat(turnout).contains("٤٠").doesNotContain(username(1));

    // m030 changes their mind before the close: their no becomes a yes.
    WebSession changer = present.get(29);
    changer.get(votePath);
    assertThat(changer.post(votePath + "/ballot/change", Map.of("choice", "yes")).status()).isEqualTo(302);

    // Ten minutes later the vote has closed by itself and is counted: 29 yes, 11 no.
    clock.advance(Duration.ofMinutes(11));
    Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> proposals.find(new ProposalId(vote)).orElseThrow().decided());
    String result = huda.get(votePath).body();
    assertThat(result).contains("نعم: ٢٩، لا: ١١").doesNotContain(">majority").doesNotContain("الطريقة: majority")
        .doesNotContain(">yes<");

    // The result, on a phone, in Arabic, right to left: nothing runs off the screen.
    signIn(username(4), PASSWORD, null);
    browser.manage().window().setSize(new Dimension(390, 844));
    open(votePath);
    assertThat(browser.findElement(By.tagName("html")).getAttribute("dir")).isEqualTo("rtl");
    Long overflow = (Long) browser.executeScript(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
    assertThat(overflow).as("horizontal overflow of the result at 390 px").isLessThanOrEqualTo(0L);
    Path screenshots = Path.of("target", "screenshots");
    Files.createDirectories(screenshots);
    Files.write(screenshots.resolve("first-week-result-ar-390.png"), browser.getScreenshotAs(OutputType.BYTES));
    assertThat(browser.findElement(By.tagName("main")).getText()).contains("٢٩");
    assertThat(axe(votePath)).isEmpty();
  }
}
