package org.commune.browser;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.commune.Application;
import org.commune.governance.Proposals;
import org.commune.members.Invitations;
import org.commune.members.Members;
import org.commune.members.SetupLink;
import org.commune.testing.Base32Decoder;
import org.commune.testing.MutableClock;
import org.commune.testing.TestClockConfiguration;
import org.commune.testing.VerifierRun;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A running Commune driven by headless Chromium. Each subclass is its own instance (its own port and data directory,
 * set in its {@code @DynamicPropertySource}), so that a test needing a fresh organisation does not depend on running
 * before the others.
 */
@SpringBootTest(classes = Application.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@Import(TestClockConfiguration.class)
abstract class ChromiumTest {

  static final String PASSWORD = "browser test password";
  static ChromeDriver browser;

  @Autowired SetupLink setupLink;
  @Autowired JdbcClient jdbc;
  @Autowired Members members;
  @Autowired Invitations invitations;
  @Autowired Proposals proposals;
  @Autowired MutableClock clock;

  /** http://localhost:port of this class's instance. */
  abstract String base();

  @BeforeAll
  static void startBrowser() throws Exception {
    browser = Chromium.start();
    browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
  }

  @AfterAll
  static void stopBrowser() {
    if (browser != null) {
      browser.quit();
      browser = null;
    }
  }

  List<String> axe(String path) {
    open(path);
    Results results = new AxeBuilder().analyze(browser);
    List<String> serious = new ArrayList<>();
    for (Rule violation : results.getViolations()) {
      if ("serious".equals(violation.getImpact()) || "critical".equals(violation.getImpact())) {
        serious.add(path + " [" + browser.findElement(By.tagName("html")).getAttribute("lang") + "]: "
            + violation.getId() + " — " + violation.getHelp());
      }
    }
    return serious;
  }

  void open(String path) {
    browser.get(base() + path);
  }

  static void type(String field, String text) {
    if (browser.findElements(By.id("f-" + field)).isEmpty()) {
      throw new AssertionError("no field " + field + " on " + browser.getCurrentUrl() + ": "
          + browser.findElement(By.tagName("main")).getText());
    }
    WebElement input = browser.findElement(By.id("f-" + field));
    input.clear();
    input.sendKeys(text);
  }

  static void submit() {
    clickAndWait(browser.findElement(By.cssSelector("main form button[type=submit]")));
  }

  /** Clicks and waits until the browser has left the page, so the next step acts on the new one. */
  static void clickAndWait(WebElement element) {
    element.click();
    new WebDriverWait(browser, Duration.ofSeconds(15)).until(d -> {
      try {
        element.isEnabled();
        return false;
      } catch (WebDriverException gone) {
        // Stale, or (mid-navigation) no longer in the document: either way the old page is gone.
        return true;
      }
    });
  }

  void signIn(String username, String password, String code) {
    open("/login");
    type("username", username);
    type("password", password);
    if (code != null) {
      type("code", code);
    }
    submit();
  }

  static void signOut() {
    clickAndWait(browser.findElement(By.cssSelector("form[action='/logout'] button")));
  }

  /** The TOTP code on the application's clock, offset steps away. */
  String totp(String base32, int offset) {
    return Base32Decoder.totp(base32, clock, offset);
  }

  String verify() {
    return VerifierRun.against(base()).output();
  }
}
