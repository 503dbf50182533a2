package org.commune.governance.counting;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Random ballot profiles over five options, for property tests. */
final class Profiles {

  static final List<String> OPTIONS = List.of("A", "B", "C", "D", "E");

  private Profiles() {}

  /** Strict orders of 1 to 5 options (the rest unranked), with weights 1–20. */
  static Arbitrary<List<RankedBallot>> rankedBallots() {
    Arbitrary<List<Integer>> order =
        Arbitraries.integers().between(0, 4).list().uniqueElements().ofMinSize(1).ofMaxSize(5);
    Arbitrary<RankedBallot> ballot =
        Combinators.combine(order, Arbitraries.longs().between(1, 20)).as((o, w) -> RankedBallot.ofOrder(5, o, w));
    return ballot.list().ofMinSize(1).ofMaxSize(40);
  }
}
