package org.commune.federation.survival;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.commune.testing.RunningCommune;
import org.commune.testing.WebSession;
import org.junit.jupiter.api.Test;

/**
 * With the default settings (no loopback or private addresses), proposing an ally on this machine or the
 * private network is refused before any connection, with a message in the steward's language.
 */
class AllyAddressIT extends RunningCommune {

  @Test
  void privateAndLoopbackAlliesAreRefusedByDefault() {
    WebSession steward = signedIn(STEWARD);
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
    assertThat(jdbc.sql("SELECT count(*) FROM proposal WHERE decision_type = 'alliance'").query(Long.class).single()).isZero();
    assertThat(visitor().get("/mirrors/localhost:" + PORT).status()).isEqualTo(404);
    assertThat(visitor().get("/api/mirror/articles?count=0").status()).isEqualTo(400);
    assertThat(visitor().get("/api/mirror/articles?after=not-an-id").status()).isEqualTo(400);
    assertThat(visitor().get("/api/mirror/origin").body()).contains("\"actorKey\":\"-----BEGIN PUBLIC KEY-----");
  }
}
