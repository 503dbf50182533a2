package org.commune.transparency;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.commune.governance.GovernanceRecorded;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The transparency module on its own (with the database it stands on, no feature module, no web
 * server): any module's {@link PublicFact} becomes exactly one signed log entry, in its public form.
 */
@ApplicationModuleTest(extraIncludes = "database")
class TransparencyModuleTest {

  @DynamicPropertySource
  static void ownDataDirectory(DynamicPropertyRegistry registry) {
    registry.add("commune.data-dir", () -> "target/module-data/" + UUID.randomUUID());
  }

  /** The application's clock comes from the members module, which this test leaves out. */
  @TestConfiguration(proxyBeanMethods = false)
  static class Clocks {
    @Bean
    Clock clock() {
      return Clock.systemUTC();
    }
  }

  @Autowired TransparencyLog log;

  @Test
  void aPublicFactBecomesOneLogEntryInItsPublicForm(Scenario scenario) {
    // A feature module's fact as it would publish one, with a member's id and text a member wrote.
    String member = UUID.randomUUID().toString();
    PublicFact fact = new GovernanceRecorded(UUID.randomUUID(), Instant.now(), "constitution.amended",
        Map.of("by", member, "title", "Salma's motion", "version", "3"));
    long before = log.count("constitution.amended");

    scenario.publish(fact)
        .andWaitForStateChange(() -> log.count("constitution.amended"), count -> count > before)
        .andVerify(count -> {
          assertThat(count).isEqualTo(before + 1);
          LogEntry entry = log.newest("constitution.amended", Long.MAX_VALUE, 1).getFirst();
          assertThat(entry.data()).containsEntry("version", "3").containsKey("by").containsKey("title_hmac");
          assertThat(entry.leaf()).doesNotContain(member).doesNotContain("Salma");
        });
  }
}
