package org.commune.governance.counting;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.commune.web.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Scottish STV against the City of Edinburgh Council's 2017 count, textbook examples, and conservation. */
class ScottishStvTest {

  /** Every ward's officially elected councillors, from the real preference profiles. */
  @Test
  void edinburgh2017ElectsTheOfficialCouncillors() throws Exception {
    Path folder = ReferenceData.folder("edinburgh-2017-scottish-stv");
    JsonNode expected = Json.MAPPER.readTree(Files.readString(folder.resolve("expected_elected.json")))
        .get("elected");
    List<Path> wards;
    try (Stream<Path> files = Files.list(folder)) {
      wards = files.filter(f -> f.getFileName().toString().startsWith("ward_")).sorted().toList();
    }
    assertThat(wards).hasSize(12);
    for (Path ward : wards) {
      String number = ward.getFileName().toString().split("_")[1];
      Blt.Election election = Blt.parse(Files.readString(ward));
      ScottishStv.Result result = ScottishStv.count(election.candidates(), election.seats(), election.ballots(), new TieBreak(1));
      List<String> official = new ArrayList<>();
      expected.get(number).forEach(name -> official.add(name.asString()));
      assertThat(result.electedNames()).as("ward " + number).containsExactlyInAnyOrderElementsOf(official);
      assertConserved(result, election.ballots());
    }
  }

  /** The food election (chocolate, strawberry, orange) and the OpaVote example (Alice, Bob, Chris). */
  @Test
  void textbookExamples() throws Exception {
    JsonNode food = ReferenceData.examples().get("wikipedia_stv_food");
    List<String> foods = new ArrayList<>();
    food.get("candidates").forEach(c -> foods.add(c.asString()));
    ScottishStv.Result foodResult = ScottishStv.count(foods, 3, ReferenceData.stvBallots(foods, food.get("ballots")), new TieBreak(1));
    assertThat(foodResult.electedNames()).containsExactlyInAnyOrder("chocolate", "strawberry", "orange");
    assertThat(foodResult.quota()).isEqualTo(6 * ScottishStv.UNIT);

    JsonNode opa = ReferenceData.examples().get("opavote_stv");
    List<String> people = List.of("Alice", "Bob", "Chris", "Don", "Eric");
    assertThat(ScottishStv.count(people, 3, ReferenceData.stvBallots(people, opa.get("ballots")), new TieBreak(1)).electedNames())
        .containsExactlyInAnyOrder("Alice", "Bob", "Chris");
  }

  /** A surplus passes on at value × surplus / total truncated to 5 places; the residue is non-transferable. */
  @Test
  void surplusIsTruncatedToFivePlaces() {
    // 7 papers A>B, 3 papers A>C; 1 seat-less check: quota for 2 seats of 13 valid = 5.
    List<ScottishStv.Ballot> ballots = List.of(
        new ScottishStv.Ballot(new int[] {0, 1}, 7), new ScottishStv.Ballot(new int[] {0, 2}, 3),
        new ScottishStv.Ballot(new int[] {2}, 2), new ScottishStv.Ballot(new int[] {1}, 1));
    ScottishStv.Result result = ScottishStv.count(List.of("A", "B", "C"), 2, ballots, new TieBreak(1));
    assertThat(result.quota()).isEqualTo(5 * ScottishStv.UNIT);
    ScottishStv.Stage surplus = result.stages().get(1);
    assertThat(surplus.action()).isEqualTo(ScottishStv.Action.SURPLUS);
    // Surplus 5 of 10: each paper passes on 0.5 → B 1 + 3.5, C 2 + 1.5.
    assertThat(surplus.votes()).containsExactly(500_000, 450_000, 350_000);
    ScottishStv.Result thirds = ScottishStv.count(List.of("A", "B", "C"), 2,
        List.of(new ScottishStv.Ballot(new int[] {0, 1}, 9), new ScottishStv.Ballot(new int[] {2}, 2),
            new ScottishStv.Ballot(new int[] {1}, 1)), new TieBreak(1));
    // Quota 5; surplus 4 of 9: 0.444444… truncated to 0.44444 per paper; 9 × 0.00000444… is lost to truncation.
    ScottishStv.Stage stage = thirds.stages().get(1);
    assertThat(stage.votes()[1]).isEqualTo(100_000 + 9 * 44_444);
    assertThat(stage.nonTransferable()).isEqualTo(400_000 - 9 * 44_444);
  }

  /** At every stage, candidates' votes plus non-transferable make exactly the valid votes. */
  @Property(tries = 150)
  void votesAreConserved(@ForAll("stvBallots") List<ScottishStv.Ballot> ballots, @ForAll @IntRange(min = 1, max = 3) int seats) {
    ScottishStv.Result result = ScottishStv.count(List.of("A", "B", "C", "D", "E"), seats, ballots, new TieBreak(5));
    assertConserved(result, ballots);
    assertThat(result.elected()).hasSize(seats).doesNotHaveDuplicates();
  }

  private static void assertConserved(ScottishStv.Result result, List<ScottishStv.Ballot> ballots) {
    long valid = ballots.stream().filter(b -> b.preferences().length > 0).mapToLong(ScottishStv.Ballot::count).sum();
    for (ScottishStv.Stage stage : result.stages()) {
      long sum = Arrays.stream(stage.votes()).sum() + stage.nonTransferable();
      assertThat(sum).as("stage %s", stage.action()).isEqualTo(valid * ScottishStv.UNIT);
    }
  }

  @Provide
  Arbitrary<List<ScottishStv.Ballot>> stvBallots() {
    Arbitrary<int[]> order = Arbitraries.integers().between(0, 4).list().uniqueElements().ofMinSize(1).ofMaxSize(5)
        .map(l -> l.stream().mapToInt(Integer::intValue).toArray());
    return Combinators.combine(order, Arbitraries.longs().between(1, 30)).as(ScottishStv.Ballot::new)
        .list().ofMinSize(3).ofMaxSize(40);
  }
}
