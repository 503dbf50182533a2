package org.commune.governance.counting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Majority, supermajority, quorum, approval, score and STAR, consent: the rules of docs/voting.md. */
class SimpleMethodsTest {

  /** Simple majority needs more yes than no; abstentions do not count against. */
  @Test
  void simpleMajority() {
    assertThat(Majority.simple(10, 9, 50).passed()).isTrue();
    assertThat(Majority.simple(10, 10, 0).passed()).isFalse();
    assertThat(Majority.simple(0, 0, 5).passed()).isFalse();
  }

  /** Supermajority: exactly two thirds passes, one vote short fails; no floating point involved. */
  @Test
  void supermajorityIsExact() {
    Fraction twoThirds = new Fraction(2, 3);
    assertThat(Majority.supermajority(200, 100, 7, twoThirds).passed()).isTrue();
    assertThat(Majority.supermajority(199, 100, 7, twoThirds).passed()).isFalse();
    assertThat(Majority.supermajority(3, 1, 0, new Fraction(3, 4)).passed()).isTrue();
    assertThat(Majority.supermajority(0, 0, 9, twoThirds).passed()).isFalse();
    assertThatThrownBy(() -> new Fraction(4, 3)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Quorum: turnout must reach the fraction of eligible members, rounded up. */
  @Test
  void quorum() {
    Quorum.Result result = Quorum.check(34, 100, new Fraction(1, 3));
    assertThat(result.required()).isEqualTo(34);
    assertThat(result.met()).isTrue();
    assertThat(Quorum.check(33, 100, new Fraction(1, 3)).met()).isFalse();
    assertThatThrownBy(() -> Quorum.check(101, 100, Fraction.HALF)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Approval: most approvals wins; ties give several winners; limits are enforced. */
  @Test
  void approval() {
    List<String> options = List.of("Plan A", "Plan B", "Plan C");
    Approval.Result result = Approval.count(options, List.of(
        new Approval.Ballot(Set.of(0, 1), 3), new Approval.Ballot(Set.of(1), 2), new Approval.Ballot(Set.of(2, 0), 2)), 1, 2);
    assertThat(result.approvals()).containsExactly(5, 5, 2);
    assertThat(result.winners()).containsExactly(0, 1);
    assertThatThrownBy(() -> Approval.count(options, List.of(new Approval.Ballot(Set.of(0, 1, 2), 1)), 1, 2))
        .hasMessageContaining("outside");
    assertThatThrownBy(() -> Approval.count(options, List.of(new Approval.Ballot(Set.of(7), 1)), 0, 3))
        .hasMessageContaining("unknown option");
  }

  /** Score picks the highest total; STAR's runoff can pick the other finalist. */
  @Test
  void scoreAndStar() {
    List<String> options = List.of("A", "B", "C");
    // A has the highest total thanks to a few enthusiasts; more ballots score B above A.
    Score.Result result = Score.count(options, List.of(
        new Score.Ballot(new int[] {5, 0, 1}, 4), new Score.Ballot(new int[] {2, 3, 0}, 5), new Score.Ballot(new int[] {0, 1, 5}, 1)), 5);
    assertThat(result.totals()).containsExactly(30, 16, 9);
    assertThat(result.scoreWinners()).containsExactly(0);
    assertThat(result.finalistA()).isEqualTo(0);
    assertThat(result.finalistB()).isEqualTo(1);
    assertThat(result.preferA()).isEqualTo(4);
    assertThat(result.preferB()).isEqualTo(6);
    assertThat(result.starWinners()).containsExactly(1);
    assertThat(result.means()[0]).isEqualByComparingTo("3.000");
    assertThatThrownBy(() -> Score.count(options, List.of(new Score.Ballot(new int[] {6, 0, 0}, 1)), 5))
        .hasMessageContaining("0 to 5");
  }

  /** Consent passes unless an objection is still open; an objection needs a reason. */
  @Test
  void consent() {
    var withdrawn = new Consent.Objection("m-1", "Costs are unclear", false, "withdrawn after amendment 2");
    var open = new Consent.Objection("m-2", "Breaks our safety policy", true, "");
    assertThat(Consent.decide(List.of(withdrawn)).passed()).isTrue();
    assertThat(Consent.decide(List.of(withdrawn, open)).passed()).isFalse();
    assertThat(Consent.decide(List.of()).passed()).isTrue();
    assertThatThrownBy(() -> new Consent.Objection("m-3", " ", true, "")).hasMessageContaining("reason");
  }
}
