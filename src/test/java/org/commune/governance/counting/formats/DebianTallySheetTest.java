package org.commune.governance.counting.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.commune.governance.counting.RankedBallot;
import org.commune.governance.counting.Schulze;
import org.junit.jupiter.api.Test;

/** Debian's official tally sheets give Debian's published winners. */
class DebianTallySheetTest {

  @Test
  void leader2006() throws IOException {
    ImportedBallots sheet = DebianTallySheet.parse(FormatFixtures.text("../reference-elections/debian-dpl-schulze/leader2006_tally.txt"));
    assertThat(sheet.options()).hasSize(8).startsWith("Jeroen van Wolffelaar").endsWith("None of the Above");
    assertThat(sheet.ballots().stream().mapToLong(RankedBallot::weight).sum()).isEqualTo(421);
    assertThat(Schulze.count(sheet.options(), sheet.ballots(), Schulze.Strength.MARGINS).winners())
        .containsExactly("Anthony Towns");
  }

  /** The 2007 sheet is ISO-8859-1; the accented name must survive. */
  @Test
  void leader2007() throws IOException {
    ImportedBallots sheet = DebianTallySheet.parse(FormatFixtures.text("../reference-elections/debian-dpl-schulze/leader2007_tally.txt"));
    assertThat(sheet.options()).hasSize(9).contains("Raphaël Hertzog");
    assertThat(sheet.ballots().stream().mapToLong(RankedBallot::weight).sum()).isEqualTo(482);
    assertThat(Schulze.count(sheet.options(), sheet.ballots(), Schulze.Strength.MARGINS).winners())
        .containsExactly("Sam Hocevar");
  }

  @Test
  void equalMarksAreEqualRanksAndDashesAreUnranked() {
    ImportedBallots sheet = DebianTallySheet.parse("""
        Option 1--->: A
        Option 2--->: B
        Option 3--->: C
        V: 1-1   abc
        V: 2-1   def
        """);
    assertThat(sheet.ballots()).containsExactly(new RankedBallot(new int[] {1, 0, 1}, 1),
        new RankedBallot(new int[] {2, 0, 1}, 1));
  }

  @Test
  void badLinesNameTheirPlace() {
    assertThatThrownBy(() -> DebianTallySheet.parse("Option 1--->: A\nOption 2--->: B\nV: 1? h\n"))
        .hasMessage("line 3, column 5: \"?\" is not a rank (1-9, A-Z or -)");
    assertThatThrownBy(() -> DebianTallySheet.parse("Option 1--->: A\nOption 2--->: B\nV: 123 h\n"))
        .hasMessage("line 3, column 4: 3 marks for 2 options");
    assertThatThrownBy(() -> DebianTallySheet.parse("Option 1--->: A\nOption 3--->: B\nV: 12 h\n"))
        .hasMessage("line 2: expected option 2, found option 3");
    assertThatThrownBy(() -> DebianTallySheet.parse("just text\n"))
        .hasMessageContaining("no \"V:\" lines");
  }
}
