package org.commune.federation.protocol;

import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.commune.Application;
import org.commune.members.Organisation;
import org.commune.members.SetupLink;
import org.commune.testing.FreePort;
import org.commune.testing.RunningCommune;
import org.commune.testing.TestClockConfiguration;
import org.commune.testing.WebSession;
import org.commune.web.RateLimits;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Commune on a port and data directory of its own with federation on loopback allowed (the test-only
 * setting: peers here are JDK servers on 127.0.0.x), a small inbox cap and a low Follow limit per host, so
 * that the tests can reach them. Every class extending this shares one running instance.
 */
@SpringBootTest(classes = Application.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@Import(TestClockConfiguration.class)
abstract class FederatedCommune {

  static final int PORT = FreePort.find();
  static final String BASE = "http://localhost:" + PORT;
  static final String STEWARD = "steward";
  static final String PASSWORD = "a long enough password";  // RunningCommune.setUpOnce's steward
  static final int INBOX_CAP = 100_000;
  static final int FOLLOWS_PER_MINUTE = 5;

  @DynamicPropertySource
  static void instance(DynamicPropertyRegistry registry) {
    registry.add("server.port", () -> PORT);
    registry.add("commune.public-url", () -> BASE);
    registry.add("commune.data-dir", () -> "target/it-data/federation-" + UUID.randomUUID());
    registry.add("spring.mail.host", () -> "127.0.0.1");
    registry.add("spring.mail.port", FreePort::find);
    registry.add("commune.rate-limit.attempts-per-minute", () -> 40);
    registry.add("commune.federation.allow-private-addresses", () -> true);
    registry.add("commune.federation.inbox-max-bytes", () -> INBOX_CAP);
    registry.add("commune.federation.follows-per-host-per-minute", () -> FOLLOWS_PER_MINUTE);
  }

  @Autowired Organisation organisation;
  @Autowired SetupLink setupLink;
  @Autowired RateLimits rateLimits;
  @Autowired JdbcClient jdbc;

  @BeforeEach
  void organisationIsSetUp() {
    rateLimits.reset();
    RunningCommune.setUpOnce(organisation, setupLink);
  }

  WebSession visitor() {
    return new WebSession(PORT);
  }

  WebSession steward() {
    WebSession session = visitor();
    WebSession.Page page = session.signIn(STEWARD, PASSWORD);
    if (!page.redirectsTo("/home")) {
      throw new AssertionError("sign-in failed: " + page.status() + " " + page.location());
    }
    return session;
  }

  /** Waits up to 20 seconds for the condition (the inbox and deliveries work in the background). */
  static void eventually(String what, BooleanSupplier condition) {
    long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > until) {
        throw new AssertionError("timed out waiting: " + what);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  long count(String sql, Object... params) {
    var spec = jdbc.sql(sql);
    for (int i = 0; i < params.length; i++) {
      spec = spec.param(i + 1, params[i]);
    }
    return spec.query(Long.class).single();
  }
}
