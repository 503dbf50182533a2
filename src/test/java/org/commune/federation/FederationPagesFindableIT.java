package org.commune.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.commune.members.OrganisationProfile;
import org.commune.testing.RunningCommune;
import org.commune.testing.WebSession;
import org.junit.jupiter.api.Test;

/**
 * The newcomer review of issue 11's pages: stewards reach every federation page from one sub-menu, the
 * archive download is explained, announcements and mirrors are in reach, and limits are written in the
 * organisation's digits.
 */
class FederationPagesFindableIT extends RunningCommune {

  private static final List<String> STEWARD_PAGES = List.of("/admin/federation/followers", "/admin/federation/following",
      "/admin/federation/blocked", "/admin/federation/deliveries", "/admin/federation/allies",
      "/admin/federation/archive/about", "/admin/federation/move");

  @Test
  void everyStewardsFederationPageShowsTheWholeSubMenu() {
    WebSession steward = signedIn(STEWARD);
    // The move page belongs to the move's own work (it becomes a vote); the menu still leads to it.
    for (String path : STEWARD_PAGES.subList(0, 6)) {
      WebSession.Page page = steward.get(path);
      assertThat(page.status()).as(path).isEqualTo(200);
      assertThat(page.body()).as(path).contains("data-federation-nav");
      for (String link : STEWARD_PAGES) {
        assertThat(page.body()).as(path + " links " + link).contains("href=\"" + link + "\"");
      }
      assertThat(page.body()).as(path).contains("href=\"" + path + "\" aria-current=\"page\"");
    }
    WebSession.Page archive = steward.get("/admin/federation/archive/about");
    assertThat(archive.body()).contains("href=\"/admin/federation/archive\"").contains("verify-archive");
    assertThat(signedIn(STEWARD).get("/home").body()).contains("href=\"/announcements\"");
    assertThat(visitor().get("/articles").body()).contains("href=\"/announcements\"");
    WebSession.Page federation = visitor().get("/federation");
    assertThat(federation.body()).contains("href=\"/mirrors\"").contains("data-log-key").contains("data-actor-key")
        .contains("<h1><bdi>On the Fediverse</bdi></h1>");
    WebSession.Page mirrors = visitor().get("/mirrors");
    assertThat(mirrors.status()).isEqualTo(200);
    assertThat(mirrors.body()).contains("This Commune keeps no mirror yet");
    assertThat(visitor().get("/admin/federation/archive/about").status()).isNotEqualTo(200);
  }

  @Test
  void limitsAreWrittenInTheOrganisationsDigits() {
    WebSession steward = signedIn(STEWARD);
    steward.switchLanguage("en"); // the steward's saved choice: other tests may have left Arabic
    assertThat(steward.get("/announcements/new").body()).contains("Text (at most 500 characters)");
    OrganisationProfile before = organisation.profile().orElseThrow();
    organisation.changeSettings(steward(), new OrganisationProfile(before.nameEn(), before.nameAr(),
        before.defaultLanguage(), before.openRegistration(), before.timeZone(), "arab"));
    try {
      // Arabic-Indic digits belong to Arabic text: English pages keep 0-9 whatever the setting.
      assertThat(steward.get("/announcements/new").body()).contains("Text (at most 500 characters)");
      WebSession.Page empty = steward.post("/announcements", Map.of("language", "en", "body", " "));
      assertThat(empty.status()).isEqualTo(400);
      assertThat(empty.body()).contains("Write the announcement in the Text field.");
      steward.switchLanguage("ar");
      assertThat(steward.get("/announcements/new").body()).contains("النص (٥٠٠ حرف على الأكثر)").doesNotContain("500 حرف");
      assertThat(steward.get("/admin/federation/blocked").body()).contains("حتى ٥٠٠ حرف");
    } finally {
      steward.switchLanguage("en");
      organisation.changeSettings(steward(), before);
    }
  }

  /** A change that worked says so once, on the page the steward lands on; the next visit is quiet again. */
  @Test
  void successIsSaidOnceAfterBlockingAndPosting() {
    WebSession steward = signedIn(STEWARD);
    steward.switchLanguage("en");
    steward.get("/admin/federation/blocked");
    WebSession.Page blocked = steward.post("/admin/federation/blocked",
        Map.of("domain", "spam-notice.example", "reason", "spam", "note", ""));
    assertThat(blocked.redirectsTo("/admin/federation/blocked")).as(blocked.body()).isTrue();
    assertThat(steward.get("/admin/federation/blocked").body()).contains("data-notice")
        .contains("Done: the domain is blocked");
    assertThat(steward.get("/admin/federation/blocked").body()).doesNotContain("data-notice");
    steward.get("/announcements/new");
    WebSession.Page posted = steward.post("/announcements", Map.of("language", "en", "body", "General meeting on Friday"));
    assertThat(posted.status()).isEqualTo(302);
    String path = URI.create(posted.location()).getPath();
    assertThat(steward.get(path).body()).contains("Done: the announcement is published");
    assertThat(steward.get(path).body()).doesNotContain("data-notice");
  }
}
