package org.commune.federation.survival;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.commune.governance.DecisionType;
import org.commune.governance.ProposalId;
import org.commune.governance.Proposals;
import org.commune.testing.RunningCommune;
import org.commune.testing.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * With the default settings (no loopback or private addresses), proposing an ally on this machine or the
 * private network is refused before any connection, with a message in the steward's language.
 */
class AllyAddressIT extends RunningCommune {

  @Test
  void privateAndLoopbackAlliesAreRefusedByDefault() {
    WebSession steward = signedIn(STEWARD);
    steward.switchLanguage("en");
    for (String url : new String[] {"http://127.0.0.1:" + PORT, "http://10.0.0.8", "http://[::1]:8080"}) {
      WebSession.Page page = steward.submit("/admin/federation/allies", "/admin/federation/allies", Map.of("url", url));
      assertThat(page.status()).as(url).isEqualTo(400);
      assertThat(page.body()).as(url).contains("Commune does not connect to this address");
    }
    steward.switchLanguage("ar");
    WebSession.Page arabic = steward.submit("/admin/federation/allies", "/admin/federation/allies",
        Map.of("url", "http://127.0.0.1:" + PORT));
    assertThat(arabic.status()).isEqualTo(400);
    assertThat(arabic.body()).contains("لا تتصل الكومونة بهذا العنوان");
    // Its own address is refused as such, and nothing was proposed.
    WebSession.Page self = steward.submit("/admin/federation/allies", "/admin/federation/allies",
        Map.of("url", "http://localhost:" + PORT + "/"));
    assertThat(self.status()).isEqualTo(400);
    assertThat(self.body()).contains("هذا عنوان هذه الكومونة نفسها");
    // (The other test's open proposal names twin.example.org: nothing else may exist.)
    assertThat(jdbc.sql("SELECT count(*) FROM proposal WHERE decision_type = 'alliance' AND payload NOT LIKE '%twin.example.org%'")
        .query(Long.class).single()).isZero();
    assertThat(visitor().get("/mirrors/localhost:" + PORT).status()).isEqualTo(404);
    assertThat(visitor().get("/api/mirror/articles?count=0").status()).isEqualTo(400);
    assertThat(visitor().get("/api/mirror/articles?after=not-an-id").status()).isEqualTo(400);
    assertThat(visitor().get("/api/mirror/origin").body()).contains("\"actorKey\":\"-----BEGIN PUBLIC KEY-----");
  }

  @Autowired Proposals proposals;

  /**
   * While an alliance proposal is in discussion or voting, the allies page lists it (with a link) and a second
   * proposal for the same address is refused before any connection, in the steward's language.
   */
  @Test
  void aSecondProposalForTheSameCommuneIsRefusedWhileOneIsOpen() {
    String ally = "https://twin.example.org";
    ProposalId open = proposals.proposeDocument(steward(), DecisionType.ALLIANCE, "Alliance with twin.example.org",
        "Compare the fingerprints.", "{\"action\":\"adopt\",\"ally\":\"" + ally + "\"}", 1);
    WebSession steward = signedIn(STEWARD);
    steward.switchLanguage("en"); // the language is the steward's saved choice: each test sets the one it reads
    WebSession.Page page = steward.get("/admin/federation/allies");
    assertThat(page.body()).contains("data-open-proposal=\"" + ally + "\"").contains("/proposals/" + open);
    long before = jdbc.sql("SELECT count(*) FROM proposal WHERE decision_type = 'alliance'").query(Long.class).single();
    WebSession.Page again = steward.submit("/admin/federation/allies", "/admin/federation/allies",
        Map.of("url", ally + "/"));
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.body()).contains("An alliance with this Commune is already proposed");
    steward.switchLanguage("ar");
    WebSession.Page arabic = steward.submit("/admin/federation/allies", "/admin/federation/allies", Map.of("url", ally));
    assertThat(arabic.status()).isEqualTo(400);
    assertThat(arabic.body()).contains("التحالف مع هذا الكومون مقترح بالفعل");
    assertThat(jdbc.sql("SELECT count(*) FROM proposal WHERE decision_type = 'alliance'").query(Long.class).single())
        .isEqualTo(before);
    steward.switchLanguage("en");
  }
}
