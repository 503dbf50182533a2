package org.commune.federation;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.commune.Application;
import org.commune.federation.delivery.DeliveryFilter;
import org.commune.members.Invitations;
import org.commune.members.MemberId;
import org.commune.members.Members;
import org.commune.members.Organisation;
import org.commune.members.Role;
import org.commune.members.SetupLink;
import org.commune.testing.FreePort;
import org.commune.testing.MutableClock;
import org.commune.testing.TestClockConfiguration;
import org.commune.testing.TestOrganisation;
import org.commune.testing.WebSession;
import org.commune.web.RateLimits;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A running Commune that federates with servers on loopback: its own port and data directory, with the
 * test-only {@code commune.federation.allow-private-addresses} on (for this context only), a delivery
 * queue that looks for due work every fifth of a second, and a blocked-hosts filter tests fill in.
 */
@SpringBootTest(classes = Application.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@Import({TestClockConfiguration.class, FederatingCommune.Blocking.class})
public abstract class FederatingCommune {

  protected static final int PORT = FreePort.find();
  protected static final String BASE = "http://localhost:" + PORT;
  protected static final String STEWARD = TestOrganisation.STEWARD;
  /** Hosts the organisation blocked (what the protocol part's blocked domains do in production). */
  protected static final Set<String> BLOCKED = ConcurrentHashMap.newKeySet();

  @DynamicPropertySource
  static void instance(DynamicPropertyRegistry registry) {
    registry.add("server.port", () -> PORT);
    registry.add("commune.public-url", () -> BASE);
    registry.add("commune.data-dir", () -> "target/it-data/federating-" + UUID.randomUUID());
    registry.add("spring.mail.host", () -> "127.0.0.1");
    registry.add("spring.mail.port", FreePort::find);
    registry.add("commune.rate-limit.attempts-per-minute", () -> 40);
    registry.add("commune.federation.allow-private-addresses", () -> true);
    registry.add("commune.federation.delivery.poll", () -> "PT0.2S");
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class Blocking {
    @Bean
    DeliveryFilter testBlockedHosts() {
      return BLOCKED::contains;
    }
  }

  @Autowired protected Organisation organisation;
  @Autowired protected SetupLink setupLink;
  @Autowired protected Members members;
  @Autowired protected Invitations invitations;
  @Autowired protected RateLimits rateLimits;
  @Autowired protected JdbcClient jdbc;
  @Autowired protected MutableClock clock;

  @BeforeEach
  void organisationIsSetUp() {
    rateLimits.reset();
    BLOCKED.clear();
    TestOrganisation.setUp(organisation, setupLink);
  }

  protected WebSession visitor() {
    return new WebSession(PORT);
  }

  protected WebSession signedIn(String username) {
    return TestOrganisation.signedIn(PORT, username);
  }

  protected MemberId member(String username, Role role) {
    return TestOrganisation.member(members, invitations, username, role);
  }

  /** Starts over: no followers, no deliveries waiting, every inbox healthy (activities stay: they are history). */
  protected void noFollowersNorDeliveries() {
    jdbc.sql("DELETE FROM federation_delivery").update();
    jdbc.sql("DELETE FROM federation_inbox_health").update();
    jdbc.sql("DELETE FROM federation_follower").update();
  }
}
