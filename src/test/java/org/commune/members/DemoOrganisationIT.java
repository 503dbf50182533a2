package org.commune.members;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.commune.Application;
import org.commune.testing.FreePort;
import org.commune.transparency.TransparencyLog;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Demo mode starts with a living bilingual organisation whose history is in the public log. */
@SpringBootTest(classes = Application.class, webEnvironment = SpringBootTest.WebEnvironment.DEFINED_PORT)
@ActiveProfiles("demo")
class DemoOrganisationIT {

  static final int PORT = FreePort.find();

  @DynamicPropertySource
  static void instance(DynamicPropertyRegistry registry) {
    registry.add("server.port", () -> PORT);
    registry.add("commune.public-url", () -> "http://localhost:" + PORT);
    registry.add("commune.data-dir", () -> "target/it-data/demo-" + UUID.randomUUID());
  }

  @Autowired Organisation organisation;
  @Autowired Members members;
  @Autowired Groups groups;
  @Autowired SetupLink setupLink;
  @Autowired TransparencyLog log;
  @Autowired JdbcClient jdbc;

  /** The demo organisation has members in every role, groups of every kind, and a public history. */
  @Test
  void demoOrganisationIsAlive() {
    OrganisationProfile profile = organisation.profile().orElseThrow();
    assertThat(profile.nameAr()).isEqualTo("نقابة عمال وادي النيل");
    assertThat(setupLink.link()).as("no set-up link once the demo exists").isEmpty();
    assertThat(members.all()).hasSize(7).extracting(MemberSummary::role)
        .contains(Role.STEWARD, Role.MODERATOR, Role.MEMBER);
    assertThat(groups.all()).extracting(GroupSummary::kind)
        .contains(GroupKind.BRANCH, GroupKind.COMMITTEE, GroupKind.WORKING_GROUP);
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> log.size() >= 22);
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> log.types().contains("vote.closed"));
    assertThat(log.types()).contains("organisation.setup", "organisation.setting", "member.joined", "role.changed",
        "group.created", "group.member-added", "proposal.opened", "vote.closed");
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> log.types().contains("proposal.implementation"));
    List<String> phases = jdbc.sql("SELECT DISTINCT phase FROM proposal ORDER BY phase").query(String.class).list();
    assertThat(phases).as("demo proposals in every phase")
        .containsExactly("decided", "discussion", "draft", "implementation", "voting");
    assertThat(jdbc.sql("SELECT count(*) FROM proposal_comment").query(Long.class).single())
        .as("three comments and a reply that mentions a member").isEqualTo(4);
    assertThat(jdbc.sql("SELECT count(*) FROM objection").query(Long.class).single()).isEqualTo(1);
  }
}
