package org.commune.governance.counting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The one counting engine: a typed ballot set, a counter per method, exact sums, and what it refuses. */
class CountingEngineTest {

  /** Counting in memory equals counting the exported file: export → parse → count gives the same report. */
  @Property(tries = 300)
  void theExportCountsAsTheBallotsDo(@ForAll("ballotSets") BallotSet set) {
    String export = BallotJson.write(set, Map.of("proposal", "p-1", "title", "A title"));
    assertThat(BallotJson.parse(export).count()).isEqualTo(set.count());
  }

  @Provide
  Arbitrary<BallotSet> ballotSets() {
    List<String> options = Profiles.OPTIONS;
    Arbitrary<Long> weights = Arbitraries.longs().between(1, 1_000_000);
    Arbitrary<WeightedBallot> ranked = Combinators.combine(
        Arbitraries.integers().between(0, 5).array(int[].class).ofSize(5), weights).as(RankedBallot::new);
    Arbitrary<WeightedBallot> approval = Combinators.combine(
        Arbitraries.integers().between(0, 4).set().ofMaxSize(5), weights).as(Approval.Ballot::new);
    Arbitrary<WeightedBallot> score = Combinators.combine(
        Arbitraries.integers().between(0, 5).array(int[].class).ofSize(5), weights).as(Score.Ballot::new);
    Arbitrary<WeightedBallot> choice = Combinators.combine(
        Arbitraries.of(YesNoBallot.Answer.class), weights).as(YesNoBallot::new);
    return Arbitraries.of(CountingMethod.class).flatMap(method -> {
      Arbitrary<WeightedBallot> ballot = switch (method.reads()) {
        case RANKS -> ranked;
        case APPROVAL -> approval;
        case SCORES -> score;
        case CHOICE -> choice;
      };
      List<String> names = method.reads() == WeightedBallot.BallotKind.CHOICE ? List.of("yes", "no") : options;
      return Combinators.combine(ballot.list().ofMaxSize(30), Arbitraries.integers().between(1, 3),
          Arbitraries.longs(), Arbitraries.of(Schulze.Strength.class), Arbitraries.of(true, false))
          .as((ballots, seats, seed, strength, skip) -> new BallotSet(method, names, seats, seed, new Fraction(2, 3), 5, 0,
              strength, IrvRules.withOvervotes(skip), ballots, List.of(), List.of()));
    });
  }

  /** Scaling every weight by the same factor elects the same candidates, up to the largest exact total. */
  @Test
  void largeWeightsCountExactlyOrAreRefused() {
    String ward = """
        4 2
        1000 1 2 0
        700 2 1 3 0
        650 3 4 0
        400 4 3 0
        0
        "Ann" "Green"
        "Bob" "Red"
        "Cat"
        "Dan"
        "A ward"
        """;
    List<String> elected = Blt.parse(ward).ballotSet(CountingMethod.SCOTTISH_STV, 1).count().winners();
    assertThat(elected).containsExactly("Ann", "Cat");
    // 10^10 × 2,750 papers × 100,000 units still fits: the same councillors.
    assertThat(Blt.parse(scaled(ward, 10_000_000_000L)).ballotSet(CountingMethod.SCOTTISH_STV, 1).count().winners())
        .isEqualTo(elected);
    // 10^14 per paper does not fit: refused, never negative totals.
    assertThatThrownBy(() -> Blt.parse(scaled(ward, 100_000_000_000_000L)).ballotSet(CountingMethod.SCOTTISH_STV, 1).count())
        .hasMessageContaining("more than scottish-stv can count exactly");
    // Meek counts in 10^-9: weight 10^10 is refused; 10^6 counts to the same seats.
    List<String> meek = Blt.parse(ward).ballotSet(CountingMethod.MEEK_STV, 1).count().winners();
    assertThat(Blt.parse(scaled(ward, 1_000_000L)).ballotSet(CountingMethod.MEEK_STV, 1).count().winners()).isEqualTo(meek);
    assertThatThrownBy(() -> Blt.parse(scaled(ward, 10_000_000_000L)).ballotSet(CountingMethod.MEEK_STV, 1).count())
        .hasMessageContaining("more than meek-stv can count exactly");
    // Weights whose sum passes 2^63 are refused when the set is built.
    assertThatThrownBy(() -> Blt.parse(scaled(ward, 4_000_000_000_000_000L)).ballotSet(CountingMethod.SCHULZE, 1))
        .hasMessageContaining("cannot be counted exactly");
  }

  /** Schulze, IRV and approval sums are bounded by the total weight: 10^17-weight ballots count right. */
  @Test
  void hugeWeightsForPluralityMethods() {
    long big = 100_000_000_000_000_000L;
    List<WeightedBallot> ballots = List.of(RankedBallot.ofOrder(3, List.of(0, 1, 2), big),
        RankedBallot.ofOrder(3, List.of(1, 2, 0), 2 * big), RankedBallot.ofOrder(3, List.of(2, 0, 1), big + 1));
    BallotSet set = BallotSet.of(CountingMethod.IRV, List.of("A", "B", "C"), 1, 1, Fraction.HALF, 5, 0, ballots);
    assertThat(set.count().winners()).containsExactly("B");
    assertThat(set.withMethod(CountingMethod.SCHULZE).count().winners()).containsExactly("B");
    assertThat(new Fraction(2, 3).reachedBy(Long.MAX_VALUE - 1, Long.MAX_VALUE)).isTrue();
    assertThat(new Fraction(2, 3).reachedBy(Long.MAX_VALUE / 3, Long.MAX_VALUE)).isFalse();
  }

  /** The BLT text with every ballot line's count multiplied by {@code factor}. */
  private static String scaled(String blt, long factor) {
    String[] lines = blt.split("\n");
    for (int i = 1; i < lines.length && !lines[i].equals("0"); i++) {
      String[] fields = lines[i].split(" ", 2);
      lines[i] = Math.multiplyExact(Long.parseLong(fields[0]), factor) + " " + fields[1];
    }
    return String.join("\n", lines);
  }

  /** No ballot that says anything: nobody is chosen, not a seeded draw. */
  @Test
  void zeroBallotsElectNobody() {
    for (CountingMethod method : List.of(CountingMethod.SCHULZE, CountingMethod.IRV, CountingMethod.SCOTTISH_STV,
        CountingMethod.MEEK_STV)) {
      BallotSet none = BallotSet.of(method, List.of("A", "B", "C"), 1, 7, Fraction.HALF, 5, 0, List.of());
      CountReport report = none.count();
      assertThat(report.winners()).as(method.code()).isEmpty();
      assertThat(report.facts()).extracting(CountReport.Fact::key).contains("count.no-ballots");
      BallotSet blank = BallotSet.of(method, List.of("A", "B", "C"), 1, 7, Fraction.HALF, 5, 0,
          List.of(new RankedBallot(new int[3], 4)));
      assertThat(blank.count().winners()).as(method.code()).isEmpty();
    }
    assertThat(BallotSet.of(CountingMethod.APPROVAL, List.of("A", "B"), 1, 7, Fraction.HALF, 5, 0,
        List.of(new Approval.Ballot(new HashSet<>(), 3))).count().winners()).isEmpty();
  }

  /** A method that does not fit the ballots is refused, not counted. */
  @Test
  void aMethodMustFitItsBallots() {
    BallotSet ranked = BallotSet.of(CountingMethod.SCHULZE, List.of("A", "B"), 1, 1, Fraction.HALF, 5, 0,
        List.of(RankedBallot.ofOrder(2, List.of(0, 1), 1)));
    assertThatThrownBy(() -> ranked.withMethod(CountingMethod.APPROVAL).count())
        .hasMessageContaining("approval counts approval ballots; these are ranked ballots");
    assertThatThrownBy(() -> ranked.withMethod(CountingMethod.MAJORITY).count()).hasMessageContaining("yes/no");
    assertThatThrownBy(() -> BallotSet.of(CountingMethod.SCHULZE, List.of("A", "B"), 1, 1, Fraction.HALF, 5, 0,
        List.of(RankedBallot.ofOrder(2, List.of(0, 1), 1), new Approval.Ballot(Set.of(0), 1))))
        .hasMessageContaining("ballot 2 is a approval ballot");
  }

  /** Two options of the same name cannot be told apart in a result: refused. */
  @Test
  void duplicateOptionNamesAreRefused() {
    assertThatThrownBy(() -> BallotSet.of(CountingMethod.SCHULZE, List.of("A", "B", "A"), 1, 1, Fraction.HALF, 5, 0,
        List.of())).hasMessageContaining("options 1 and 3 are both named \"A\"");
  }
}
