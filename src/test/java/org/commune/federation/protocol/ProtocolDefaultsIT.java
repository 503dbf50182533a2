package org.commune.federation.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.commune.members.Role;
import org.commune.testing.RunningCommune;
import org.commune.testing.WebSession;
import org.commune.web.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * With the default settings (no private addresses), a peer on loopback is never reached: neither to
 * follow it nor to fetch the key of a delivery it signed; and the stewards' pages stay theirs.
 */
class ProtocolDefaultsIT extends RunningCommune {

  @Test
  void loopbackPeersAreRefusedByDefault() throws Exception {
    try (FakePeer peer = new FakePeer("127.0.0.30")) {
      WebSession steward = signedIn(STEWARD);
      WebSession.Page refused = steward.submit("/admin/federation/following", "/admin/federation/following",
          Map.of("actor", peer.actor("ally")));
      assertThat(refused.status()).isEqualTo(400);
      assertThat(refused.body()).contains("Commune does not connect to this address");
      assertThat(peer.received()).isEmpty();

      ObjectNode follow = peer.activity("ally", "Follow");
      follow.put("object", "http://localhost:" + PORT + "/actors/org");
      var answer = peer.deliver("http://localhost:" + PORT + "/inbox", "ally", Json.MAPPER.writeValueAsString(follow));
      assertThat(answer.statusCode()).isEqualTo(401);
      assertThat(answer.body()).isEqualTo("{\"status\":\"key-unavailable\"}");
      assertThat(jdbc.sql("SELECT count(*) FROM federation_inbox WHERE actor LIKE '%127.0.0.30%'").query(Long.class)
          .single()).isZero();
    }
  }

  @Test
  void followersAreForStewardsOnly() {
    member("fed-member", Role.MEMBER);
    assertThat(signedIn("fed-member").get("/admin/federation/followers").status()).isEqualTo(403);
    assertThat(visitor().get("/admin/federation/blocked").status()).isEqualTo(302);
    assertThat(visitor().get("/federation/blocked").status()).isEqualTo(200);
    assertThat(visitor().get("/federation/allies").status()).isEqualTo(200);
  }
}
