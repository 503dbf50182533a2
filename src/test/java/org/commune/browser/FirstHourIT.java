package org.commune.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.commune.testing.Base32Decoder;
import org.commune.testing.FreePort;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A person's first hour with a fresh Commune, in headless Chromium: set up → invite → join → turn on
 * TOTP → sign in with it → switch to Arabic (right to left) → read the public log → the verifier
 * passes; then someone tampers with the database and the verifier fails. Its own instance: the set-up
 * page needs an organisation nobody has set up yet.
 */
class FirstHourIT extends ChromiumTest {

  static final int PORT = FreePort.find();
  static final String BASE = "http://localhost:" + PORT;

  @DynamicPropertySource
  static void firstHourInstance(DynamicPropertyRegistry registry) {
    registry.add("server.port", () -> PORT);
    registry.add("commune.public-url", () -> BASE);
    registry.add("commune.data-dir", () -> "target/it-data/first-hour-" + UUID.randomUUID());
  }

  @Override
  String base() {
    return BASE;
  }

  @Test
  void firstHourWithCommune() throws Exception {
    // Set-up with the one-time link printed at start.
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !setupLink.token().isEmpty());
    open("/setup?token=" + setupLink.token());
    type("nameEn", "Harbour Dockers' Cooperative");
    type("nameAr", "تعاونية عمال الميناء");
    new Select(browser.findElement(By.id("f-defaultLanguage"))).selectByValue("en");
    type("username", "rana");
    type("displayName", "Rana");
    type("password", PASSWORD);
    new Select(browser.findElement(By.id("f-language"))).selectByValue("en");
    submit();
    assertThat(browser.getCurrentUrl()).endsWith("/login?setup");
    signIn("rana", PASSWORD, null);

    // Invite.
    open("/invitations");
    type("note", "for Tarek");
    submit();
    String invitation = browser.findElement(By.cssSelector("[data-invitation-link]")).getText();
    assertThat(invitation).startsWith(BASE + "/join/");
    signOut();

    // Join.
    browser.get(invitation);
    type("username", "tarek");
    type("displayName", "طارق");
    type("password", PASSWORD);
    submit();
    assertThat(browser.getCurrentUrl()).endsWith("/login?joined");
    signIn("tarek", PASSWORD, null);

    // Turn on TOTP and sign in with it.
    open("/me/security");
    submit();
    String secret = browser.findElement(By.cssSelector("[data-totp-secret]")).getText();
    // A whole TOTP step ahead; "the next step" below is the application's clock moved on, not a wait.
    clock.startNextStep(Duration.ofSeconds(30), Duration.ofSeconds(1));
    type("code", totp(secret, 0));
    submit();
    assertThat(browser.findElements(By.cssSelector("[data-recovery-codes] li"))).hasSize(10);
    signOut();
    signIn("tarek", PASSWORD, Base32Decoder.wrongTotp(secret, clock));
    assertThat(browser.getCurrentUrl()).contains("/login?error");
    // The code that confirmed cannot be used again: the next step's code signs in.
    clock.advance(Duration.ofSeconds(30));
    signIn("tarek", PASSWORD, totp(secret, 0));
    assertThat(browser.getCurrentUrl()).endsWith("/home");
    assertThat(browser.findElements(By.cssSelector("section[data-section='votes']"))).hasSize(1);
    open("/me");

    // Arabic, right to left.
    clickAndWait(browser.findElement(By.cssSelector("form[action='/language'] button")));
    WebElement html = browser.findElement(By.tagName("html"));
    assertThat(html.getAttribute("dir")).isEqualTo("rtl");
    assertThat(html.getAttribute("lang")).isEqualTo("ar");
    assertThat(browser.findElement(By.tagName("h1")).getText()).contains("مرحبًا");
    String direction = (String) browser.executeScript("return getComputedStyle(document.body).direction");
    assertThat(direction).isEqualTo("rtl");

    // The public log, and the verifier.
    open("/log");
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("السجل العام");
    assertThat(browser.findElements(By.cssSelector("ol.log > li")).size()).isGreaterThanOrEqualTo(3);
    assertThat(browser.getPageSource()).contains("انضم عضو").contains("طارق");
    assertThat(verify()).contains("OK: tree size");

    // Someone with database access rewrites history: the verifier names the entry.
    jdbc.sql("ALTER TABLE log_entry DISABLE TRIGGER log_entry_append_only").update();
    String original = jdbc.sql("SELECT leaf FROM log_entry WHERE idx = 0").query(String.class).single();
    jdbc.sql("UPDATE log_entry SET leaf = replace(leaf, '\"v\":1,', '\"v\":1,\"forged\":true,') WHERE idx = 0").update();
    jdbc.sql("ALTER TABLE log_entry ENABLE TRIGGER log_entry_append_only").update();
    assertThat(jdbc.sql("SELECT leaf FROM log_entry WHERE idx = 0").query(String.class).single()).isNotEqualTo(original);
    assertThat(verify()).contains("FAILED").contains("First bad index: 0");
  }
}
