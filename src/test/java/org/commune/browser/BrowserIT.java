package org.commune.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.commune.governance.TallyCommand;
import org.commune.members.MemberId;
import org.commune.members.NewMember;
import org.commune.members.Organisation;
import org.commune.members.Role;
import org.commune.testing.FakeOpenAiServer;
import org.commune.testing.FreePort;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticator;
import org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Members at work in headless Chromium: passkeys, accessible pages in both languages, a ranked vote with an
 * amendment and a delegation, an AI charter and a reviewed translation. Each test finds the organisation and its
 * members set up (the set-up page itself is {@link FirstHourIT}'s), whatever ran before it. axe-core checks the pages.
 */
class BrowserIT extends ChromiumTest {

  static final int PORT = FreePort.find();
  static final String BASE = "http://localhost:" + PORT;

  @DynamicPropertySource
  static void instance(DynamicPropertyRegistry registry) {
    registry.add("server.port", () -> PORT);
    registry.add("commune.public-url", () -> BASE);
    registry.add("commune.data-dir", () -> "target/it-data/browser-" + UUID.randomUUID());
  }

  @Autowired Organisation organisation;

  @Override
  String base() {
    return BASE;
  }

  /** Rana the steward, Lina and Omar members: created once, whichever test comes first. */
  @BeforeEach
  void organisationWithMembers() {
    if (!organisation.isSetUp()) {
      organisation.setUp("Harbour Dockers' Cooperative", "تعاونية عمال الميناء", "en",
          new NewMember("rana", "Rana", null, PASSWORD, "en"));
      setupLink.spend();
    }
    MemberId steward = members.all().stream().filter(m -> m.username().equals("rana")).findFirst().orElseThrow().id();
    for (String name : List.of("lina", "omar")) {
      if (members.all().stream().noneMatch(m -> m.username().equals(name))) {
        invitations.accept(invitations.create(steward, 1, null, null),
            new NewMember(name, name.substring(0, 1).toUpperCase() + name.substring(1), null, PASSWORD, "en"));
      }
    }
  }

  /** A member adds a passkey (a virtual authenticator stands in for the phone) and signs in with it. */
  @Test
  void passkeySignIn() {
    VirtualAuthenticator authenticator =
        browser.addVirtualAuthenticator(new VirtualAuthenticatorOptions()
            .setProtocol(VirtualAuthenticatorOptions.Protocol.CTAP2)
            .setTransport(VirtualAuthenticatorOptions.Transport.INTERNAL)
            .setHasResidentKey(true)
            .setHasUserVerification(true)
            .setIsUserVerified(true));
    try {
      signIn("rana", PASSWORD, null);
      open("/me/security");
      WebElement box = browser.findElement(By.cssSelector("[data-passkey-register]"));
      assertThat(box.isDisplayed()).as("the passkey section appears when scripts run").isTrue();
      browser.findElement(By.id("passkey-label")).sendKeys("laptop");
      browser.findElement(By.cssSelector("[data-passkey-register-button]")).click();
      new WebDriverWait(browser, Duration.ofSeconds(15)).until(d -> d.getPageSource().contains("<bdi>laptop</bdi>"));
      assertThat(jdbc.sql("SELECT count(*) FROM user_credentials").query(Long.class).single()).isEqualTo(1);
      signOut();

      open("/login");
      browser.findElement(By.cssSelector("[data-passkey-signin-button]")).click();
      new WebDriverWait(browser, Duration.ofSeconds(15))
          .until(d -> !d.findElements(By.cssSelector("form[action='/logout']")).isEmpty());
      open("/me");
      assertThat(browser.findElement(By.tagName("h1")).getText()).contains("Rana");
      open("/me/security");
      assertThat(browser.findElements(By.cssSelector("section[aria-labelledby=sessions] tbody tr"))).isNotEmpty();
      signOut();
    } finally {
      browser.removeVirtualAuthenticator(authenticator);
    }
  }

  /** The main pages have no serious or critical accessibility violations, in both languages. */
  @Test
  void mainPagesAreAccessible() {
    List<String> problems = new ArrayList<>();
    for (String lang : List.of("en", "ar")) {
      open("/");
      if (!lang.equals(browser.findElement(By.tagName("html")).getAttribute("lang"))) {
        clickAndWait(browser.findElement(By.cssSelector("form[action='/language'] button")));
      }
      for (String path : List.of("/", "/login", "/log", "/reset")) {
        problems.addAll(axe(path));
      }
    }
    signIn("rana", PASSWORD, null);
    for (String path : List.of("/me", "/me/security", "/me/settings", "/members", "/groups", "/invitations", "/admin/settings",
        "/admin/recovery", "/me/delete",
        "/proposals?create", "/constitution", "/notifications", "/delegation")) {
      problems.addAll(axe(path));
    }
    signOut();
    assertThat(problems).isEmpty();
  }

  /**
   * A member proposes, another amends and the author accepts, a member delegates, the ranked vote
   * runs to a result whose page shows every round, and the downloaded export recounts to the same.
   */
  @Test
  void proposeAmendDelegateVoteAndRecount() throws Exception {
    signIn("lina", PASSWORD, null);
    open("/proposals?create");
    type("title", "Where do we meet?");
    type("body", "Pick the hall for the general assembly.");
    new Select(browser.findElement(By.id("f-method"))).selectByValue("irv");
    type("options", "Port hall\nLibrary\nSchool");
    type("discussion", "1");
    type("days", "3");
    submit();
    String path = new URI(browser.getCurrentUrl()).getPath();
    assertThat(browser.findElement(By.cssSelector("[data-phase]")).getAttribute("data-phase")).isEqualTo("discussion");
    signOut();

    signIn("omar", PASSWORD, null);
    open(path);
    type("amendment", "Pick the hall for the general assembly; it must be step-free.");
    clickAndWait(browser.findElement(By.cssSelector("form[action$='/amendments'] button")));
    open("/delegation");
    type("username", "rana");
    clickAndWait(browser.findElement(By.cssSelector("form[action='/delegation'] button")));
    assertThat(browser.findElement(By.cssSelector("[data-delegate]")).getText()).contains("Rana");
    signOut();

    signIn("lina", PASSWORD, null);
    open(path);
    clickAndWait(browser.findElement(By.cssSelector("form[action$='/accept'] button")));
    assertThat(browser.findElement(By.cssSelector("[data-text]")).getText()).contains("step-free");

    // The discussion ends: voting opens.
    jdbc.sql("UPDATE proposal SET opened_at = now() WHERE id = :id::uuid").param("id", path.substring(11)).update();
    proposals.advanceDue();
    open(path);
    new Select(browser.findElement(By.id("rank-1"))).selectByValue("1");
    new Select(browser.findElement(By.id("rank-2"))).selectByValue("2");
    clickAndWait(browser.findElement(By.cssSelector("form[action$='/ballot'] button")));
    signOut();
    signIn("rana", PASSWORD, null);
    open(path);
    assertThat(browser.findElement(By.cssSelector("[data-weight]")).getText()).contains("2");
    new Select(browser.findElement(By.id("rank-0"))).selectByValue("1");
    new Select(browser.findElement(By.id("rank-2"))).selectByValue("2");
    clickAndWait(browser.findElement(By.cssSelector("form[action$='/ballot'] button")));
    signOut();

    // The vote closes; the result page shows each round, and the export recounts to the same winner.
    jdbc.sql("UPDATE proposal SET closes_at = now() WHERE id = :id::uuid").param("id", path.substring(11)).update();
    proposals.advanceDue();
    signIn("omar", PASSWORD, null);
    open(path);
    assertThat(browser.findElement(By.cssSelector("[data-route]")).getText()).contains("Rana");
    List<WebElement> rounds = browser.findElements(By.cssSelector("table[data-count-table] tbody tr"));
    assertThat(rounds).hasSizeGreaterThanOrEqualTo(1);
    assertThat(browser.findElement(By.cssSelector("table[data-count-table] caption")).getText()).isEqualTo("Rounds");
    assertThat(browser.findElements(By.cssSelector("[data-bars] li rect"))).hasSize(3);
    assertThat(browser.findElement(By.cssSelector("[data-bars] li.winner .bar-label")).getText()).isEqualTo("Port hall");
    String winner = browser.findElements(By.cssSelector("[data-fact]")).stream().map(WebElement::getText)
        .filter(t -> t.startsWith("Winner:")).findFirst().orElseThrow();
    assertThat(winner).isEqualTo("Winner: Port hall");
    String export = (String) browser.executeAsyncScript(
        "const done = arguments[arguments.length - 1]; fetch(arguments[0]).then(r => r.text()).then(done);",
        path + "/ballots.json");
    assertThat(TallyCommand.tally(export, false, Map.of())).contains(winner);
    List<String> problems = axe(path);
    signOut();
    assertThat(problems).isEmpty();
  }

  /**
   * AI under the members' control: a steward registers the local model server, a member proposes a
   * charter and members adopt it by vote, a member asks for a translation, another reviews and
   * approves it, the published text carries the AI-assisted label, and the call is in the record.
   */
  @Test
  void charterTranslationReviewLabelAndRecord() throws Exception {
    try (FakeOpenAiServer model = new FakeOpenAiServer()) {
      model.reply(prompt -> "الموانئ للعمال\n\nتطالب النقابة بإعادة فتح الميناء.");
      signIn("rana", PASSWORD, null);
      open("/admin/ai");
      if (!browser.findElement(By.id("f-loopback")).isSelected()) {
        browser.findElement(By.id("f-loopback")).click();
      }
      clickAndWait(browser.findElement(By.cssSelector("form[action='/admin/ai/outbound'] button")));
      type("name", "local");
      type("baseUrl", model.baseUrl());
      type("models", "llama-3.2-3b-q4");
      clickAndWait(browser.findElement(By.cssSelector("form[action='/admin/ai/providers'] button")));
      assertThat(browser.findElement(By.cssSelector("[data-provider=local]")).getText()).contains("llama-3.2-3b-q4");
      open("/articles/new");
      type("title", "Ports belong to the workers");
      type("body", "The union demands that the port reopen.");
      submit();
      assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Ports belong to the workers");
      signOut();

      signIn("lina", PASSWORD, null);
      open("/ai");
      assertThat(browser.findElement(By.cssSelector("[data-ai-unavailable]")).getText()).contains("no AI charter");
      open("/ai/charter");
      type("title", "Local AI for translation and drafts");
      clickAndWait(browser.findElement(By.cssSelector("form[action='/ai/charter'] button[type=submit]")));
      String proposal = new URI(browser.getCurrentUrl()).getPath();
      assertThat(proposal).startsWith("/proposals/");
      new WebDriverWait(browser, Duration.ofSeconds(5)).until(d -> !d.findElements(By.id("choice-yes")).isEmpty());
      browser.findElement(By.id("choice-yes")).click();
      clickAndWait(browser.findElement(By.cssSelector("form[action$='/ballot'] button")));
      signOut();
      signIn("rana", PASSWORD, null);
      open(proposal);
      browser.findElement(By.id("choice-yes")).click();
      clickAndWait(browser.findElement(By.cssSelector("form[action$='/ballot'] button")));
      signOut();
      jdbc.sql("UPDATE proposal SET closes_at = now() WHERE id = :id::uuid").param("id", proposal.substring(11)).update();
      proposals.advanceDue();
      try {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql("SELECT count(*) FROM ai_charter")
            .query(Long.class).single() == 1);
      } catch (ConditionTimeoutException e) {
        throw new AssertionError("no charter adopted; the vote: " + jdbc.sql(
            "SELECT phase || ' ' || coalesce(outcome, '-') || ' ' || coalesce(result, '-') FROM proposal WHERE id = :id::uuid")
            .param("id", proposal.substring(11)).query(String.class).single());
      }

      signIn("lina", PASSWORD, null);
      open("/ai");
      clickAndWait(browser.findElement(By.cssSelector("form[action='/ai/translate'] button")));
      new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> {
        if (d.findElements(By.cssSelector("[data-draft-link]")).isEmpty()) {
          d.navigate().refresh();
          return false;
        }
        return true;
      });
      clickAndWait(browser.findElement(By.cssSelector("[data-draft-link]")));
      String draft = browser.getCurrentUrl();
      assertThat(browser.getPageSource()).contains("another member must review it");
      signOut();

      // Publishing is a moderator's or steward's work (issue 8): the steward gives Omar that role.
      MemberId rana = members.all().stream().filter(m -> m.username().equals("rana")).findFirst().orElseThrow().id();
      MemberId omar = members.all().stream().filter(m -> m.username().equals("omar")).findFirst().orElseThrow().id();
      members.changeRole(rana, omar, Role.MODERATOR, "reviews AI drafts");
      signIn("omar", PASSWORD, null);
      browser.get(draft);
      clickAndWait(browser.findElement(By.cssSelector("form[action$='/approve'] button")));
      assertThat(browser.findElement(By.cssSelector("[data-ai-label]")).getText())
          .contains("llama-3.2-3b-q4").contains("Omar");
      assertThat(browser.findElement(By.cssSelector("[data-article-body]")).getText()).contains("تطالب النقابة");
      assertThat(browser.getPageSource()).contains("trainedAlgorithmicMedia");
      List<String> problems = new ArrayList<>(axe(new URI(browser.getCurrentUrl()).getPath() + "?"
          + new URI(browser.getCurrentUrl()).getQuery()));
      open("/ai/calls?task=translate");
      assertThat(browser.findElements(By.cssSelector("table[data-calls] tr[data-outcome=completed]"))).hasSize(1);
      for (String path : List.of("/ai", "/ai/charter", "/ai/calls", "/ai/drafts", "/ai/prompts", "/articles")) {
        problems.addAll(axe(path));
      }
      signOut();
      assertThat(problems).isEmpty();
    }
  }
}
