package org.commune.governance.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.commune.governance.VotingMethod;
import org.junit.jupiter.api.Test;

/** The member's own ballot read back from its stored form, as the page shows it and fills the change form. */
class OwnBallotTest {

  private static final List<String> OPTIONS = List.of("Ali", "بيا", "Cem");

  @Test
  void aRankedBallotReadsInRankOrder() {
    OwnBallot own = OwnBallot.of("{\"ranks\":[2,1,0]}", OPTIONS);
    assertThat(own.ranked()).containsExactly(new OwnBallot.Marked(1, "بيا"), new OwnBallot.Marked(2, "Ali"));
    assertThat(own.rankOf(0)).isEqualTo(2);
    assertThat(own.rankOf(2)).isZero();
    assertThat(own.choice()).isEmpty();
  }

  @Test
  void choicesScoresAndApprovals() {
    assertThat(OwnBallot.of("{\"choice\":\"abstain\"}", List.of()).choice()).isEqualTo("abstain");
    OwnBallot scored = OwnBallot.of("{\"scores\":[5,0,3]}", OPTIONS);
    assertThat(scored.scored()).extracting(OwnBallot.Marked::place).containsExactly(5, 0, 3);
    assertThat(scored.scoreOf(2)).isEqualTo(3);
    OwnBallot approved = OwnBallot.of("{\"approved\":[0,2]}", OPTIONS);
    assertThat(approved.approval()).isTrue();
    assertThat(approved.approvedOptions()).containsExactly("Ali", "Cem");
    assertThat(approved.approves(1)).isFalse();
    assertThat(OwnBallot.of("{\"approved\":[]}", OPTIONS).approvedOptions()).isEmpty();
  }

  /** Only methods whose count can draw lots show the tie-break seed. */
  @Test
  void theTieSeedMattersOnlyWhereACountCanDraw() {
    assertThat(List.of(VotingMethod.values()).stream().filter(VotingMethod::usesTieSeed).toList())
        .containsExactlyInAnyOrder(VotingMethod.IRV, VotingMethod.SCOTTISH_STV, VotingMethod.MEEK_STV, VotingMethod.STAR);
  }
}
