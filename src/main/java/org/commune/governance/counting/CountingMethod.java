package org.commune.governance.counting;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.commune.governance.counting.WeightedBallot.BallotKind;

/**
 * The methods a count can use, each with the kind of ballot it reads, the unit its arithmetic counts
 * in (the largest total weight it can count exactly is {@code Long.MAX_VALUE / unit}) and its
 * {@link Counter}. Counting refuses, with a message, a method that does not fit the ballots and a
 * total weight too large to count exactly; a set where no ballot says anything elects nobody.
 */
public enum CountingMethod {
  MAJORITY("majority", BallotKind.CHOICE, 1, Counters::majority),
  SUPERMAJORITY("supermajority", BallotKind.CHOICE, 1, Counters::supermajority),
  SCHULZE("schulze", BallotKind.RANKS, 1, Counters::schulze),
  IRV("irv", BallotKind.RANKS, 1, Counters::irv),
  SCOTTISH_STV("scottish-stv", BallotKind.RANKS, ScottishStv.UNIT, Counters::scottishStv),
  MEEK_STV("meek-stv", BallotKind.RANKS, MeekStv.UNIT, Counters::meekStv),
  APPROVAL("approval", BallotKind.APPROVAL, 1, Counters::approval),
  SCORE("score", BallotKind.SCORES, 0, Counters::score),
  STAR("star", BallotKind.SCORES, 0, Counters::star);

  private final String code;
  private final BallotKind reads;
  private final long unit;
  private final Counter counter;

  CountingMethod(String code, BallotKind reads, long unit, Counter counter) {
    this.code = code;
    this.reads = reads;
    this.unit = unit;
    this.counter = counter;
  }

  public String code() {
    return code;
  }

  /** The kind of ballot this method counts. */
  public BallotKind reads() {
    return reads;
  }

  /** True for the methods that fill several seats. */
  public boolean stv() {
    return this == SCOTTISH_STV || this == MEEK_STV;
  }

  /** Every method's code, in order. */
  public static List<String> codes() {
    return Arrays.stream(values()).map(CountingMethod::code).toList();
  }

  /** The method a code names; refused with the list of codes otherwise. */
  public static CountingMethod of(String code) {
    return find(code).orElseThrow(() -> new IllegalArgumentException(
        "unknown method \"" + code + "\" (one of " + String.join(", ", codes()) + ")"));
  }

  public static Optional<CountingMethod> find(String code) {
    return Arrays.stream(values()).filter(m -> m.code.equals(code)).findFirst();
  }

  /** The count of {@code ballots} by this method; refused with a message when it cannot be exact. */
  CountReport count(BallotSet ballots) {
    Optional<BallotKind> kind = ballots.kind();
    if (kind.isPresent() && kind.get() != reads) {
      throw new IllegalArgumentException("the method " + code + " counts " + reads.words() + " ballots; these are "
          + kind.get().words() + " ballots");
    }
    long total = ballots.totalWeight();
    long perVote = unit > 0 ? unit : ballots.maxScore();
    if (total > Long.MAX_VALUE / perVote) {
      throw new IllegalArgumentException("the ballots' total weight, " + total + ", is more than " + code
          + " can count exactly (at most " + Long.MAX_VALUE / perVote + "): refused rather than counted wrong");
    }
    CountReport.Builder report = new CountReport.Builder();
    report.fact("count.method", code);
    report.fact("count.options", String.join(", ", ballots.options()));
    if (!ballots.withdrawn().isEmpty()) {
      report.fact("count.withdrawn", String.join(", ", ballots.withdrawn()));
    }
    if (!ballots.parties().isEmpty()) {
      for (int o = 0; o < ballots.options().size(); o++) {
        if (!ballots.parties().get(o).isEmpty()) {
          report.fact("count.party", ballots.options().get(o), ballots.parties().get(o));
        }
      }
    }
    if (reads != BallotKind.CHOICE && ballots.ballots().stream().noneMatch(CountingMethod::expresses)) {
      // Nothing to count: no seeded draw among options nobody chose.
      return report.fact("count.no-ballots").build();
    }
    try {
      counter.count(ballots, report);
    } catch (ArithmeticException overflow) {
      throw new IllegalArgumentException("a total in the " + code + " count would not fit in 64 bits: refused rather"
          + " than counted wrong (" + overflow.getMessage() + ")");
    }
    return report.build();
  }

  /** True when a ballot says something a count can use. */
  private static boolean expresses(WeightedBallot ballot) {
    return switch (ballot) {
      case RankedBallot ranked -> ranked.ranksAny();
      case Approval.Ballot approval -> !approval.approved().isEmpty();
      case Score.Ballot score -> Arrays.stream(score.scores()).anyMatch(s -> s > 0);
      case YesNoBallot yesNo -> true;
    };
  }
}
