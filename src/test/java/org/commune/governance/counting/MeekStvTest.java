package org.commune.governance.counting;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Meek STV against the ERS97 model election and its reference count. */
class MeekStvTest {

  /** ERS97: Smith, Carpenter, Duke, Prince, Vicar, Freeman; first and last stages match the reference to 0.01. */
  @Test
  void ers97() throws Exception {
    Path folder = ReferenceData.folder("ers97-meek");
    Blt.Election election = Blt.parse(Files.readString(folder.resolve("ers97.blt")));
    MeekStv.Result result = MeekStv.count(election.candidates(), election.seats(), election.ballots(), new TieBreak(1));
    assertThat(result.electedNames())
        .containsExactlyInAnyOrder("Smith", "Carpenter", "Duke", "Prince", "Vicar", "Freeman");

    List<String> reference = Files.readAllLines(folder.resolve("ers97_meek_reference.csv"));
    MeekStv.Stage first = result.stages().get(0);
    MeekStv.Stage last = result.stages().get(result.stages().size() - 1);
    for (String line : reference) {
      String[] cells = line.split(",", -1);
      int candidate = election.candidates().indexOf(cells[0]);
      if (candidate >= 0) {
        assertThat(twoPlaces(first.votes()[candidate])).as("%s at stage 1", cells[0]).isEqualByComparingTo(cells[1]);
        assertThat(twoPlaces(last.votes()[candidate])).as("%s at the last stage", cells[0])
            .isCloseTo(new BigDecimal(cells[11]), Offset.offset(new BigDecimal("0.01")));
      } else if (cells[0].equals("Quota")) {
        assertThat(twoPlaces(first.quota())).isEqualByComparingTo(cells[1]);
        assertThat(twoPlaces(last.quota())).isCloseTo(new BigDecimal(cells[11]), Offset.offset(new BigDecimal("0.01")));
      } else if (cells[0].equals("Exhausted")) {
        assertThat(twoPlaces(last.excess())).isCloseTo(new BigDecimal(cells[11]), Offset.offset(new BigDecimal("0.01")));
      }
    }
  }

  /** The textbook examples elect the same as Scottish STV there. */
  @Test
  void textbookExamples() throws Exception {
    var opa = ReferenceData.examples().get("opavote_stv");
    List<String> people = List.of("Alice", "Bob", "Chris", "Don", "Eric");
    assertThat(MeekStv.count(people, 3, ReferenceData.stvBallots(people, opa.get("ballots")), new TieBreak(1)).electedNames())
        .containsExactlyInAnyOrder("Alice", "Bob", "Chris");
  }

  private static BigDecimal twoPlaces(long units) {
    return MeekStv.Result.votes(units).setScale(2, RoundingMode.HALF_UP);
  }
}
