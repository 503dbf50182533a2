package org.commune.governance.counting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.commune.governance.counting.InstantRunoff.Inactive;
import org.junit.jupiter.api.Test;

/** Each IRV option of real jurisdictions, on ballots small enough to count by hand. */
class IrvRulesTest {

  private static final List<String> ABCD = List.of("A", "B", "C", "D");

  private static RankedBallot ballot(long weight, int... ranks) {
    return new RankedBallot(ranks, weight);
  }

  /** A has 6 of 10 at once; continuing until two keeps eliminating (C and D, tied) with the threshold fixed at 6. */
  @Test
  void continueUntilTwo() {
    List<RankedBallot> ballots = List.of(ballot(6, 1, 0, 0, 0), ballot(2, 0, 1, 0, 0), ballot(1, 0, 2, 1, 0),
        ballot(1, 0, 0, 0, 1));
    InstantRunoff.Result once = InstantRunoff.count(ABCD, ballots, IrvRules.DEFAULT, new TieBreak(1));
    assertThat(once.rounds()).hasSize(1);
    InstantRunoff.Result two = InstantRunoff.count(ABCD, ballots, IrvRules.DEFAULT.untilTwo(true), new TieBreak(1));
    assertThat(two.winnerName()).isEqualTo("A");
    assertThat(two.rounds()).hasSize(3);
    assertThat(two.rounds().get(2).votes()).containsExactly(6, 3, -1, -1);
    assertThat(two.rounds()).allSatisfy(r -> assertThat(r.threshold()).isEqualTo(6));
    assertThat(two.rounds().get(2).inactive(Inactive.EXHAUSTED_CHOICES)).isEqualTo(1);
  }

  /** Only two rankings are read: the third is ignored, and a ballot that ran out at the second says so. */
  @Test
  void maxRankings() {
    InstantRunoff.Result result = InstantRunoff.count(ABCD, List.of(ballot(5, 1, 0, 0, 0), ballot(4, 0, 1, 0, 0),
        ballot(2, 0, 3, 1, 2)), IrvRules.DEFAULT.rankings(2), new TieBreak(1));
    // round 1: A 5, B 4, C 2, D 0; D goes, then C: the 2 ballots C, D, (B third: not read) run out at ranking 2
    InstantRunoff.Round last = result.rounds().getLast();
    assertThat(last.inactive(Inactive.MAX_RANKINGS)).isEqualTo(2);
    assertThat(last.votes()).containsExactly(5, 4, -1, -1);
    InstantRunoff.Result unlimited = InstantRunoff.count(ABCD, List.of(ballot(5, 1, 0, 0, 0), ballot(4, 0, 1, 0, 0),
        ballot(2, 0, 3, 1, 2)), IrvRules.DEFAULT, new TieBreak(1));
    assertThat(unlimited.rounds().getLast().votes()).containsExactly(5, 6, -1, -1);
  }

  /** With no skipped ranking allowed, a ballot A _ C is inactive once A is out (after D, with no votes); with one allowed it goes to C. */
  @Test
  void skippedRankings() {
    List<RankedBallot> ballots = List.of(ballot(4, 0, 1, 0, 0), ballot(3, 0, 0, 1, 0), ballot(2, 1, 0, 3, 0));
    InstantRunoff.Result strict = InstantRunoff.count(ABCD, ballots, IrvRules.DEFAULT.skippedRankings(0), new TieBreak(1));
    assertThat(strict.rounds().getLast().inactive(Inactive.SKIPPED_RANKINGS)).isEqualTo(2);
    assertThat(strict.winnerName()).isEqualTo("B");
    InstantRunoff.Result lenient = InstantRunoff.count(ABCD, ballots, IrvRules.DEFAULT.skippedRankings(1), new TieBreak(1));
    assertThat(lenient.rounds().getLast().votes()[2]).isEqualTo(5);
    assertThat(lenient.winnerName()).isEqualTo("C");
  }

  /** Batch elimination stops before it would leave one option when counting continues until two. */
  @Test
  void batchKeepsTwoWhenAsked() {
    long[] votes = {1, 2, 4, 20};
    assertThat(InstantRunoff.batch(votes, new boolean[4], false)).containsExactly(0, 1, 2);
    assertThat(InstantRunoff.batch(votes, new boolean[4], true)).containsExactly(0, 1);
    assertThat(InstantRunoff.batch(new long[] {3, 3, 5}, new boolean[3], false)).isEmpty();
  }

  @Test
  void rulesRefuseNonsense() {
    assertThatThrownBy(() -> IrvRules.DEFAULT.rankings(0)).hasMessageContaining("maximum number of rankings");
    assertThatThrownBy(() -> IrvRules.DEFAULT.skippedRankings(-2)).hasMessageContaining("skipped rankings");
  }
}
