package org.commune.governance.counting.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import org.commune.governance.counting.InstantRunoff;
import org.commune.governance.counting.IrvRules;
import org.commune.governance.counting.RankedBallot;
import org.commune.governance.counting.Schulze;
import org.commune.governance.counting.TieBreak;
import org.junit.jupiter.api.Test;

/** PrefLib's SOI/TOI files: a real election's published winner, the tie rule, and precise errors. */
class PrefLibFormatTest {

  private static final String HEADER = """
      # DATA TYPE: toi
      # NUMBER ALTERNATIVES: 3
      # ALTERNATIVE NAME 1: A
      # ALTERNATIVE NAME 2: B
      # ALTERNATIVE NAME 3: C
      """;

  /**
   * Debian 2006 as PrefLib publishes it: the header's counts hold, the options are the official
   * sheet's. PrefLib's SOI has no ties, so the official ballots that ranked two options equal were
   * made strict; on that profile Schulze elects Steve McIntyre, not Anthony Towns as Debian did from
   * the official sheet (DebianTallySheetTest) — a recount must start from the official sheet.
   */
  @Test
  void debian2006() throws IOException {
    ImportedBallots preflib = PrefLibFormat.parse(FormatFixtures.text("preflib/00002-00000004.soi"),
        PrefLibFormat.Ties.EQUAL_RANK);
    ImportedBallots sheet = DebianTallySheet.parse(FormatFixtures.text("../reference-elections/debian-dpl-schulze/leader2006_tally.txt"));
    assertThat(preflib.title()).isEqualTo("Debian 2006 Leader");
    assertThat(preflib.options()).isEqualTo(sheet.options());
    assertThat(preflib.ballots().stream().mapToLong(RankedBallot::weight).sum()).isEqualTo(421);
    assertThat(preflib.ballots()).hasSize(340);
    assertThat(Schulze.count(preflib.options(), preflib.ballots(), Schulze.Strength.MARGINS).winners())
        .containsExactly("Steve McIntyre");
    assertThat(Schulze.count(sheet.options(), sheet.ballots(), Schulze.Strength.MARGINS).winners())
        .containsExactly("Anthony Towns");
  }

  @Test
  void theHeaderCountsMustHold() {
    assertThatThrownBy(() -> PrefLibFormat.parse("# NUMBER VOTERS: 5\n" + HEADER + "3: 1,2\n", PrefLibFormat.Ties.EQUAL_RANK))
        .hasMessage("the header declares 5 voters, the orders hold 3");
    assertThatThrownBy(() -> PrefLibFormat.parse("# NUMBER UNIQUE ORDERS: 2\n" + HEADER + "3: 1,2\n",
        PrefLibFormat.Ties.EQUAL_RANK)).hasMessage("the header declares 2 unique orders, the file has 1");
  }

  /** Tied alternatives share a rank: Schulze reads them as equal, IRV as an overvote under its rule. */
  @Test
  void tiesShareOneRank() {
    ImportedBallots file = PrefLibFormat.parse(HEADER + "3: {1,2},3\n2: 3,{2,1}\n1: 2\n", PrefLibFormat.Ties.EQUAL_RANK);
    assertThat(file.ballots()).containsExactly(new RankedBallot(new int[] {1, 1, 2}, 3),
        new RankedBallot(new int[] {2, 2, 1}, 2), new RankedBallot(new int[] {0, 1, 0}, 1));
    assertThat(file.notes()).anyMatch(n -> n.contains("ties inside a ranking share one rank"));
    InstantRunoff.Result exhaust = InstantRunoff.count(file.options(), file.ballots(),
        IrvRules.DEFAULT.overvotes(IrvRules.OvervoteRule.EXHAUST_IMMEDIATELY), new TieBreak(1));
    assertThat(exhaust.rounds().get(0).inactive(InstantRunoff.Inactive.OVERVOTE)).isEqualTo(3);
    InstantRunoff.Result skip = InstantRunoff.count(file.options(), file.ballots(),
        IrvRules.DEFAULT.overvotes(IrvRules.OvervoteRule.SKIP_TO_NEXT), new TieBreak(1));
    assertThat(skip.rounds().get(0).votes()).containsExactly(0, 1, 5);
    assertThatThrownBy(() -> PrefLibFormat.parse(HEADER + "1: {1,2}\n", PrefLibFormat.Ties.REFUSE))
        .hasMessage("line 6, column 4: a tie in a strict-order file");
  }

  @Test
  void strictFilesRefuseTies() {
    assertThatThrownBy(() -> PrefLibFormat.parse(HEADER.replace("toi", "soi") + "1: 1,{2,3}\n",
        PrefLibFormat.Ties.EQUAL_RANK)).hasMessage("line 6, column 6: a tie in a strict-order file");
  }

  @Test
  void errorsNameLineAndColumn() {
    for (var bad : List.of(
        List.of("1: 1,4\n", "line 6, column 6: alternative 4 does not exist (1-3)"),
        List.of("1: 1,1\n", "line 6, column 6: alternative 1 is ranked twice"),
        List.of("x: 1\n", "line 6, column 1: expected a whole number, found \"x\""),
        List.of("1: 1;2\n", "line 6, column 5: unexpected \";\""),
        List.of("1: {1,2\n", "line 6: a tie \"{\" is never closed"),
        List.of("1 1\n", "line 6: expected \"count: order\""))) {
      assertThatThrownBy(() -> PrefLibFormat.parse(HEADER + bad.get(0), PrefLibFormat.Ties.EQUAL_RANK))
          .as(bad.get(0)).hasMessage(bad.get(1));
    }
    assertThatThrownBy(() -> PrefLibFormat.parse("# NUMBER ALTERNATIVES: 2\n# ALTERNATIVE NAME 1: A\n1: 1\n",
        PrefLibFormat.Ties.EQUAL_RANK)).hasMessage("no \"# ALTERNATIVE NAME 2:\" line");
    assertThatThrownBy(() -> PrefLibFormat.parse(HEADER.replace("toi", "cat") + "1: 1\n", PrefLibFormat.Ties.EQUAL_RANK))
        .hasMessageContaining("not an ordinal PrefLib file");
  }
}
