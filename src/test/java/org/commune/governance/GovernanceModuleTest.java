package org.commune.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.commune.governance.constitution.Constitution;
import org.commune.members.InvalidInput;
import org.commune.members.MemberId;
import org.commune.members.Members;
import org.commune.members.NewMember;
import org.commune.members.Organisation;
import org.commune.transparency.LogEntry;
import org.commune.transparency.TransparencyLog;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.ApplicationModuleTest.BootstrapMode;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Governance with the modules it depends on (members, web, database, transparency) and none that
 * depend on it (ai, publishing), no web server: a passed "constitution" decision becomes the next
 * constitution version, and its {@code constitution.amended} record reaches the public log. Web and
 * transparency are named because Modulith bootstraps only the modules whose beans governance injects
 * (members, database); members needs the web shell's beans, and the log is the end of the chain.
 */
@ApplicationModuleTest(mode = BootstrapMode.DIRECT_DEPENDENCIES, extraIncludes = {"web", "transparency"})
class GovernanceModuleTest {

  @DynamicPropertySource
  static void ownDataDirectory(DynamicPropertyRegistry registry) {
    registry.add("commune.data-dir", () -> "target/module-data/" + UUID.randomUUID());
    registry.add("commune.public-url", () -> "http://localhost:8080");
  }

  @Autowired Organisation organisation;
  @Autowired Proposals proposals;
  @Autowired Constitution constitution;
  @Autowired TransparencyLog log;
  @Autowired Members members;

  /** The organisation's steward (set up by whichever test runs first; the tests share one database). */
  private MemberId steward() {
    if (!organisation.isSetUp()) {
      return organisation.setUp("Module Union", "نقابة الوحدة", "en",
          new NewMember("steward", "Steward", "steward@example.org", "a long enough password", "en"));
    }
    return members.all().stream().filter(m -> m.username().equals("steward")).findFirst().orElseThrow().id();
  }

  @Test
  void aPassedConstitutionDecisionAmendsTheConstitutionAndIsLogged(Scenario scenario) {
    MemberId steward = steward();
    DecisionRules raised = new DecisionRules(List.of("majority", "approval"), 30, 2, 3, 1, 2, "member");
    ProposalId proposal = proposals.proposeConstitutionChange(steward, "Raise the quorum", "", "general", raised, 0, 3);
    int versionBefore = constitution.history().size();
    long loggedBefore = log.count("constitution.amended");

    scenario.publish(new DecisionTaken(UUID.randomUUID(), Instant.now(), proposal, DecisionType.CONSTITUTION,
            Constitution.toJson("general", raised)))
        .andWaitForStateChange(() -> log.count("constitution.amended"), count -> count > loggedBefore)
        .andVerify(count -> {
          assertThat(constitution.current().rules("general")).contains(raised);
          assertThat(constitution.history()).hasSize(versionBefore + 1);
          LogEntry entry = log.newest("constitution.amended", Long.MAX_VALUE, 1).getFirst();
          assertThat(entry.data()).containsEntry("proposal", proposal.toString()).containsEntry("type", "general")
              .containsEntry("version", Integer.toString(versionBefore + 1));
        });
  }

  /**
   * A passed change of the voting rules becomes the next version: its bounds then hold for every new
   * proposal (a 5-minute vote, refused before, is accepted), its closers may close early.
   */
  @Test
  void passedVotingRulesBoundEveryNewVote(Scenario scenario) {
    MemberId steward = steward();
    // An election: the other test of this class may raise the general type's own floors.
    NewProposal fiveMinutes = new NewProposal("Quick", "", "election", "approval", List.of("A", "B"), 1, 5, false, null,
        0, 0, 0, false, null, 0, Duration.ofMinutes(5));
    assertThatThrownBy(() -> proposals.create(steward, fiveMinutes)).isInstanceOf(InvalidInput.class)
        .hasMessageContaining("proposals.duration.out-of-bounds");
    VotingRules quicker = new VotingRules(5, 14 * 24 * 60, List.of("steward"), List.of(), true);
    ProposalId proposal = proposals.proposeVotingRules(steward, "Quicker votes", "", quicker, 3);
    long loggedBefore = log.count("constitution.amended");

    scenario.publish(new DecisionTaken(UUID.randomUUID(), Instant.now(), proposal, DecisionType.CONSTITUTION,
            Constitution.votingRulesJson(quicker)))
        .andWaitForStateChange(() -> log.count("constitution.amended"), count -> count > loggedBefore)
        .andVerify(count -> {
          assertThat(constitution.current().voting()).isEqualTo(quicker);
          assertThat(proposals.votingRules().mayClose("steward")).isTrue();
          ProposalId quick = proposals.create(steward, fiveMinutes);
          ProposalView p = proposals.find(quick).orElseThrow();
          assertThat(Duration.between(p.openedAt(), p.closesAt())).isEqualTo(Duration.ofMinutes(5));
          assertThatThrownBy(() -> proposals.create(steward, fiveMinutes.withVoting(Duration.ofDays(15))))
              .isInstanceOf(InvalidInput.class).hasMessageContaining("proposals.duration.out-of-bounds");
          LogEntry entry = log.newest("constitution.amended", Long.MAX_VALUE, 1).getFirst();
          assertThat(entry.data()).containsEntry("type", "voting-rules");
        });
  }
}
