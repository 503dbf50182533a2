package org.commune.ai;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** A summary passes only when every sentence cites comments that exist. */
class CitationsTest {

  @Test
  void everySentenceCitesAnExistingComment() {
    assertThat(Citations.problem("Arguments for [c1][c2]:\n- It helps [c1].\n- It is cheap [c2][c3].\n---\n"
        + "Against [c3]:\nToo slow [c3].", 3)).isEmpty();
    assertThat(Citations.problem("It helps [c1]. Everyone agrees.", 3)).get().asString().contains("cites no comment");
    assertThat(Citations.problem("It helps [c4].", 3)).get().asString().contains("c4, which does not exist");
    assertThat(Citations.problem("يساعد الأعضاء [c1]؟ نعم [c2].", 2)).isEmpty();
    assertThat(Citations.problem("   ", 2)).isPresent();
  }

  /** A claim dressed as a heading, or ending with a colon, used to skip the check: it must cite too. */
  @Test
  void headingsAndColonLinesMustCiteToo() {
    assertThat(Citations.problem("# Everyone backs the strike\nIt helps [c1].", 2)).get().asString()
        .contains("cites no comment").contains("Everyone backs the strike");
    assertThat(Citations.problem("## الجميع يؤيد الإضراب\nيساعد [c1].", 2)).isPresent();
    assertThat(Citations.problem("Members unanimously agree:\n- It helps [c1].", 2)).get().asString()
        .contains("Members unanimously agree");
    assertThat(Citations.problem("It helps [c1].\nVote for list B:", 2)).isPresent();
    // Pure markup is not a claim.
    assertThat(Citations.problem("It helps [c1].\n---\n#\n* \nIt costs [c2].", 2)).isEmpty();
  }

  @Test
  void energyFollowsTheDocumentedFormula() {
    EnergyEstimate e = new EnergyEstimate(10, 65, 0.8, 10, 0.5, 1.2);
    // (300 / 10 + 2) s / 3600 × (65 × 0.8 + 10 × 0.5) W × 1.2 = 32 / 3600 × 57 × 1.2 Wh
    assertThat(e.wattHours(300, 2)).isCloseTo(32.0 / 3600 * 57 * 1.2, Offset.offset(1e-12));
    EnergyEstimate perModel = new EnergyEstimate(10, 65, 0.8, 10, 0.5, 1.2, Map.of("big",
        new EnergyEstimate.Coefficients(5, 300, 0, 0, 0, 0)));
    // "big": 5 tokens/s and 300 W; the rest from the general coefficients.
    assertThat(perModel.wattHours("big", 300, 2)).isCloseTo(62.0 / 3600 * (300 * 0.8 + 10 * 0.5) * 1.2,
        Offset.offset(1e-12));
    assertThat(perModel.wattHours("other", 300, 2)).isEqualTo(perModel.wattHours(300, 2));
  }
}
