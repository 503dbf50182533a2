package org.commune.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.commune.governance.ProposalPhase.DECIDED;
import static org.commune.governance.ProposalPhase.DISCUSSION;
import static org.commune.governance.ProposalPhase.DRAFT;
import static org.commune.governance.ProposalPhase.IMPLEMENTATION;
import static org.commune.governance.ProposalPhase.VOTING;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The proposal's life: exactly these moves, and the codes the database and message keys use. */
class ProposalPhaseTest {

  @Test
  void onlyTheseTransitionsAreAllowed() {
    Set<String> allowed = Set.of("draft>discussion", "draft>voting", "discussion>voting", "voting>decided",
        "decided>implementation");
    for (ProposalPhase from : ProposalPhase.values()) {
      for (ProposalPhase to : ProposalPhase.values()) {
        assertThat(from.canMoveTo(to)).as(from + " -> " + to).isEqualTo(allowed.contains(from.code() + ">" + to.code()));
      }
    }
    assertThat(VOTING.next()).containsExactly(DECIDED);
    assertThat(IMPLEMENTATION.next()).isEmpty();
  }

  @Test
  void aProposalStartsAsADraftInDiscussionOrVoting() {
    assertThat(EnumSet.allOf(ProposalPhase.class).stream().filter(ProposalPhase::initial))
        .containsExactly(DRAFT, DISCUSSION, VOTING);
    assertThat(ProposalPhase.starting(true, 0)).isEqualTo(DRAFT);
    assertThat(ProposalPhase.starting(false, 3)).isEqualTo(DISCUSSION);
    assertThat(ProposalPhase.starting(false, 0)).isEqualTo(VOTING);
  }

  @Test
  void codesAreThoseStoredInTheDatabase() {
    // The check constraint on proposal.phase / proposal.outcome allows exactly these codes.
    assertThat(EnumSet.allOf(ProposalPhase.class).stream().map(ProposalPhase::code))
        .containsExactly("draft", "discussion", "voting", "decided", "implementation");
    assertThat(EnumSet.allOf(Outcome.class).stream().map(Outcome::code))
        .containsExactly("accepted", "rejected", "chosen", "failed_quorum");
    for (ProposalPhase phase : ProposalPhase.values()) {
      assertThat(ProposalPhase.ofCode(phase.code())).isEqualTo(phase);
    }
    assertThat(ProposalPhase.fromCode("closed")).isEmpty();
    assertThat(DecisionType.fromCode("ai-charter")).contains(DecisionType.AI_CHARTER);
    assertThat(ConstitutionRules.TYPES).containsExactly("general", "election", "amendment", "constitution", "ai-charter", "alliance",
        "move");
  }

  @Test
  void onlyAmendableWhileDraftOrInDiscussion() {
    assertThat(EnumSet.allOf(ProposalPhase.class).stream().filter(ProposalPhase::amendable))
        .containsExactly(DRAFT, DISCUSSION);
    assertThat(Outcome.ACCEPTED.taken()).isTrue();
    assertThat(Outcome.CHOSEN.taken()).isTrue();
    assertThat(Outcome.REJECTED.taken()).isFalse();
    assertThat(Outcome.FAILED_QUORUM.taken()).isFalse();
  }
}
