package org.commune.testing;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetup;
import java.util.UUID;
import org.commune.Application;
import org.commune.members.Invitations;
import org.commune.members.MemberId;
import org.commune.members.Members;
import org.commune.members.Organisation;
import org.commune.members.Role;
import org.commune.members.SetupLink;
import org.commune.web.RateLimits;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application on a real port, on its embedded PostgreSQL in a fresh data directory, with
 * a real SMTP server (GreenMail). Every test class extending this shares one running instance whose
 * organisation is set up with one steward.
 */
@SpringBootTest(classes = Application.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@Import(TestClockConfiguration.class)
public abstract class RunningCommune {

  protected static final int PORT = FreePort.find();
  protected static final int SMTP_PORT = FreePort.find();
  protected static final String DATA_DIR = "target/it-data/" + UUID.randomUUID();
  protected static final String STEWARD = TestOrganisation.STEWARD;
  protected static final String PASSWORD = TestOrganisation.PASSWORD;

  @RegisterExtension
  protected static final GreenMailExtension MAIL =
      new GreenMailExtension(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP))
          .withPerMethodLifecycle(false);

  @DynamicPropertySource
  static void instance(DynamicPropertyRegistry registry) {
    registry.add("server.port", () -> PORT);
    registry.add("commune.public-url", () -> "http://localhost:" + PORT);
    registry.add("commune.data-dir", () -> DATA_DIR);
    registry.add("spring.mail.host", () -> "127.0.0.1");
    registry.add("spring.mail.port", () -> SMTP_PORT);
    registry.add("commune.rate-limit.attempts-per-minute", () -> 40);
    // Tests cast one after another: a batch of secret ballots is written after a quarter of a second.
    registry.add("commune.voting.secret-batch-wait", () -> "PT0.25S");
  }

  @Autowired protected Organisation organisation;
  @Autowired protected SetupLink setupLink;
  @Autowired protected Members members;
  @Autowired protected Invitations invitations;
  @Autowired protected RateLimits rateLimits;
  @Autowired protected JdbcClient jdbc;
  /** The application's clock: move it forward instead of waiting. */
  @Autowired protected MutableClock clock;

  @BeforeEach
  void organisationIsSetUp() {
    rateLimits.reset();
    TestOrganisation.setUp(organisation, setupLink);
  }

  /** Sets the organisation up with one steward unless it is already (kept for i11-protocol's test base). */
  public static void setUpOnce(Organisation organisation, SetupLink setupLink) {
    TestOrganisation.setUp(organisation, setupLink);
  }

  protected WebSession visitor() {
    return new WebSession(PORT);
  }

  protected WebSession signedIn(String username) {
    return TestOrganisation.signedIn(PORT, username);
  }

  /** A member with the role, created through an invitation if it does not exist yet. */
  protected MemberId member(String username, Role role) {
    return TestOrganisation.member(members, invitations, username, role);
  }

  protected MemberId steward() {
    return TestOrganisation.steward(members);
  }
}
