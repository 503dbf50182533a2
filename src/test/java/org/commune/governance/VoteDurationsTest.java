package org.commune.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import org.commune.members.InvalidInput;
import org.junit.jupiter.api.Test;

/** A voting time from a form's amount and unit, and the constitution's bounds for it. */
class VoteDurationsTest {

  @Test
  void everyUnitGivesItsDuration() {
    assertThat(VoteDurations.parse("days", "10", "minutes")).isEqualTo(Duration.ofMinutes(10));
    assertThat(VoteDurations.parse("days", " 3 ", "hours")).isEqualTo(Duration.ofHours(3));
    assertThat(VoteDurations.parse("days", "7", "days")).isEqualTo(Duration.ofDays(7));
    assertThat(VoteDurations.parse("days", "8", "WEEKS")).isEqualTo(Duration.ofDays(56));
  }

  @Test
  void badAmountsAndUnitsAreRefusedWithTheirMessage() {
    for (String amount : List.of("", "0", "-5", "abc", "1.5", "99999999999999999999", "600001")) {
      assertThatThrownBy(() -> VoteDurations.parse("days", amount, "minutes")).isInstanceOf(InvalidInput.class)
          .satisfies(e -> assertThat(((InvalidInput) e).byField()).containsEntry("days", "vote.duration.amount"));
    }
    assertThatThrownBy(() -> VoteDurations.parse("days", "99999", "weeks"))
        .satisfies(e -> assertThat(((InvalidInput) e).byField()).containsEntry("days", "vote.duration.amount"));
    for (String unit : List.of("", "months", "seconds", "day")) {
      assertThatThrownBy(() -> VoteDurations.parse("days", "3", unit))
          .satisfies(e -> assertThat(((InvalidInput) e).byField()).containsEntry("days", "vote.duration.unit"));
    }
  }

  @Test
  void foundingBoundsAreTenMinutesToEightWeeks() {
    VotingRules founding = ConstitutionRules.founding().voting();
    assertThat(founding.allows(Duration.ofMinutes(10))).isTrue();
    assertThat(founding.allows(Duration.ofMinutes(9))).isFalse();
    assertThat(founding.allows(Duration.ofDays(56))).isTrue();
    assertThat(founding.allows(Duration.ofDays(56).plusMinutes(1))).isFalse();
    assertThat(founding.closers()).isEmpty();
    assertThat(founding.extenders()).isEmpty();
  }

  @Test
  void aFormGetsTheLargestExactUnit() {
    assertThat(VoteDurations.split(Duration.ofMinutes(10))).containsExactly("10", "minutes");
    assertThat(VoteDurations.split(Duration.ofHours(5))).containsExactly("5", "hours");
    assertThat(VoteDurations.split(Duration.ofDays(3))).containsExactly("3", "days");
    assertThat(VoteDurations.split(Duration.ofDays(14))).containsExactly("2", "weeks");
  }

  @Test
  void aStoredConstitutionWithoutVotingRulesGetsTheFoundingOnes() {
    ConstitutionRules old = new ConstitutionRules(ConstitutionRules.founding().types(), List.of(), null);
    assertThat(old.voting()).isEqualTo(VotingRules.FOUNDING);
  }
}
