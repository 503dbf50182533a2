package org.commune.assembly;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.commune.members.Invitations;
import org.commune.members.MemberId;
import org.commune.members.NewMember;
import org.commune.members.Organisation;
import org.commune.transparency.LogEntry;
import org.commune.transparency.TransparencyLog;
import org.commune.web.Sha256;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The assembly module with the modules it depends on (members, governance, web, transparency, and the
 * database governance needs) and none that depend on it, no web server: a meeting called, held and
 * closed, its minutes published; the event chain ends in the public log with counts and the minutes'
 * digest, and no name or text.
 */
@ApplicationModuleTest(mode = BootstrapMode.DIRECT_DEPENDENCIES, extraIncludes = {"database", "web", "transparency"})
class AssemblyModuleTest {

  @DynamicPropertySource
  static void ownDataDirectory(DynamicPropertyRegistry registry) {
    registry.add("commune.data-dir", () -> "target/module-data/" + UUID.randomUUID());
    registry.add("commune.public-url", () -> "http://localhost:8080");
  }

  @Autowired Organisation organisation;
  @Autowired Invitations invitations;
  @Autowired Meetings meetings;
  @Autowired TransparencyLog log;

  @Test
  void publishedMinutesReachThePublicLogAsADigestWithCounts(Scenario scenario) {
    MemberId steward = organisation.setUp("Assembly Union", "نقابة الجمعية", "en",
        new NewMember("steward", "Steward", "steward@example.org", "a long enough password", "en"));
    MemberId salma = invitations.accept(invitations.create(steward, 1, null, null),
        new NewMember("salma", "Salma Haddad", null, "a long enough password", "en"));
    UUID meeting = meetings.schedule(steward, new NewMeeting("General assembly", Instant.now().plus(1, ChronoUnit.DAYS),
        "Hall", "percent", 50, "all"));
    meetings.open(steward, meeting);
    meetings.markPresent(salma, meeting);
    meetings.record(steward, meeting, List.of(steward.toString()), true);
    meetings.close(steward, meeting);
    String minutes = "Salma Haddad chaired. The assembly adopted the budget.";
    long before = log.count("meeting.minutes-published");

    scenario.stimulate(() -> meetings.publishMinutes(steward, meeting, minutes))
        .andWaitForStateChange(() -> log.count("meeting.minutes-published"), count -> count > before)
        .andVerify(count -> {
          LogEntry entry = log.newest("meeting.minutes-published", Long.MAX_VALUE, 1).getFirst();
          assertThat(entry.data()).containsEntry("meeting", meeting.toString())
              .containsEntry("minutes_sha256", Sha256.hex(minutes)).containsEntry("present", "2")
              .containsEntry("members", "2");
          assertThat(entry.data().toString()).doesNotContain("Salma").doesNotContain("budget")
              .doesNotContain(salma.toString()).doesNotContain(steward.toString());
          LogEntry closed = log.newest("meeting.closed", Long.MAX_VALUE, 1).getFirst();
          assertThat(closed.data()).containsEntry("present", "2").containsEntry("quorum", "1")
              .containsEntry("quorum_met", "true");
        });
  }
}
