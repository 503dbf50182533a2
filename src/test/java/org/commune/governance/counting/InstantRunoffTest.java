package org.commune.governance.counting;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Instant runoff against published examples, its edge rules, and its properties. */
class InstantRunoffTest {

  /** Tennessee: Knoxville wins in the third round (42/26/15/17 → 42/26/32 → 42/58). */
  @Test
  void tennessee() throws Exception {
    JsonNode example = ReferenceData.examples().get("tennessee_capital");
    List<String> cities = List.of("Memphis", "Nashville", "Chattanooga", "Knoxville");
    InstantRunoff.Result result = InstantRunoff.count(cities, ReferenceData.namedBallots(cities, example.get("ballots")),
        false, new TieBreak(1));
    assertThat(result.winnerName()).isEqualTo("Knoxville");
    assertThat(result.rounds()).hasSize(3);
    assertThat(result.rounds().get(0).votes()).containsExactly(42, 26, 15, 17);
    assertThat(result.rounds().get(1).votes()).containsExactly(42, 26, -1, 32);
    assertThat(result.rounds().get(2).votes()).containsExactly(42, -1, -1, 58);
  }

  /** OpaVote and the food example: IRV winners as published. */
  @Test
  void publishedSingleWinnerExamples() throws Exception {
    JsonNode opa = ReferenceData.examples().get("opavote_stv");
    List<String> people = List.of("Alice", "Bob", "Chris", "Don", "Eric");
    assertThat(InstantRunoff.count(people, ReferenceData.namedBallots(people, opa.get("ballots")), false, new TieBreak(1))
        .winnerName()).isEqualTo("Alice");
    JsonNode food = ReferenceData.examples().get("wikipedia_stv_food");
    List<String> foods = new ArrayList<>();
    food.get("candidates").forEach(c -> foods.add(c.asString()));
    assertThat(InstantRunoff.count(foods, ReferenceData.namedBallots(foods, food.get("ballots")), false, new TieBreak(1))
        .winnerName()).isEqualTo("chocolate");
  }

  /** An overvote exhausts the ballot at that rank, or is skipped when the vote says so; skipped ranks are skipped. */
  @Test
  void overvotesAndSkippedRanks() {
    List<String> options = List.of("A", "B", "C");
    int[] overvote = {1, 1, 2}; // A and B both first, then C
    int[] skipped = {0, 3, 0}; // only B, at rank 3
    assertThat(InstantRunoff.count(options, List.of(new RankedBallot(overvote, 1)), false, new TieBreak(1))
        .rounds().get(0).inactive(InstantRunoff.Inactive.OVERVOTE)).isEqualTo(1);
    assertThat(InstantRunoff.count(options, List.of(new RankedBallot(overvote, 1)), true, new TieBreak(1))
        .rounds().get(0).votes()).containsExactly(0, 0, 1);
    assertThat(InstantRunoff.count(options, List.of(new RankedBallot(skipped, 1)), false, new TieBreak(1))
        .rounds().get(0).votes()).containsExactly(0, 1, 0);
    InstantRunoff.Result result = InstantRunoff.count(options,
        List.of(new RankedBallot(overvote, 3), new RankedBallot(new int[] {0, 0, 1}, 2)), false, new TieBreak(1));
    assertThat(result.rounds().get(0).exhausted()).isEqualTo(3);
    assertThat(result.winnerName()).isEqualTo("C");
  }

  /** A tie for last place is settled by earlier rounds, then by the published seed, the same way every time. */
  @Test
  void tiesAreSettledReproducibly() {
    List<String> options = List.of("A", "B", "C", "D");
    List<RankedBallot> ballots = List.of(
        RankedBallot.ofOrder(4, List.of(0), 5), RankedBallot.ofOrder(4, List.of(1), 4),
        RankedBallot.ofOrder(4, List.of(2, 1), 2), RankedBallot.ofOrder(4, List.of(3, 0), 2));
    InstantRunoff.Result first = InstantRunoff.count(options, ballots, false, new TieBreak(42));
    InstantRunoff.Result again = InstantRunoff.count(options, ballots, false, new TieBreak(42));
    assertThat(first.rounds().get(0).tieRule()).startsWith("draw with seed 42");
    assertThat(again.rounds().get(0).eliminated()).isEqualTo(first.rounds().get(0).eliminated());
  }

  /** An option with a majority of first preferences wins in round one. */
  @Property(tries = 200)
  void firstRoundMajorityWinsAtOnce(@ForAll("profiles") List<RankedBallot> ballots) {
    InstantRunoff.Result result = InstantRunoff.count(Profiles.OPTIONS, ballots, false, new TieBreak(7));
    long[] first = result.rounds().get(0).votes();
    long total = Arrays.stream(first).sum() ;
    for (int o = 0; o < first.length; o++) {
      if (first[o] * 2 > total) {
        assertThat(result.rounds()).hasSize(1);
        assertThat(result.winner()).isEqualTo(o);
      }
    }
  }

  /** The order of ballots never changes the result. */
  @Property(tries = 100)
  void ballotOrderDoesNotMatter(@ForAll("profiles") List<RankedBallot> ballots, @ForAll @IntRange(max = 1000) int seed) {
    List<RankedBallot> shuffled = new ArrayList<>(ballots);
    Collections.shuffle(shuffled, new Random(seed));
    assertThat(InstantRunoff.count(Profiles.OPTIONS, shuffled, false, new TieBreak(3)).winner())
        .isEqualTo(InstantRunoff.count(Profiles.OPTIONS, ballots, false, new TieBreak(3)).winner());
  }

  @net.jqwik.api.Provide
  net.jqwik.api.Arbitrary<List<RankedBallot>> profiles() {
    return Profiles.rankedBallots();
  }
}
