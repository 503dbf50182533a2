package org.commune.governance.counting;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Counting speed (run by bench/counting.sh, not by the tests): 1,000,000 ranked ballots over 10
 * options with Schulze and IRV, and Scottish STV over all twelve Edinburgh 2017 wards.
 * Each measurement is repeated; the best and the last of five runs are printed.
 */
public final class CountingBenchmark {

  public static void main(String[] args) throws Exception {
    int options = 10;
    int ballots = 1_000_000;
    SplittableRandom random = new SplittableRandom(2026);
    List<String> names = new ArrayList<>();
    for (int o = 0; o < options; o++) {
      names.add("Option " + (char) ('A' + o));
    }
    List<RankedBallot> profile = new ArrayList<>(ballots);
    for (int b = 0; b < ballots; b++) {
      // A partial ranking of 3–10 options in random order, biased so that results are not all ties.
      int ranked = 3 + random.nextInt(options - 2);
      List<Integer> order = new ArrayList<>();
      while (order.size() < ranked) {
        // Mildly uneven support: no first-round majority, so IRV runs through many rounds.
        int o = Math.min(options - 1, (int) Math.abs(random.nextGaussian() * 8));
        if (!order.contains(o)) {
          order.add(o);
        }
      }
      profile.add(RankedBallot.ofOrder(options, order, 1));
    }
    // The pure cores alone, then through the engine (the difference is the report and the typed set).
    measure("Schulze core alone, 1,000,000 ballots × 10 options", () ->
        Schulze.count(names, profile, Schulze.Strength.WINNING_VOTES).rankingText());
    measure("IRV core alone, 1,000,000 ballots × 10 options", () ->
        InstantRunoff.count(names, profile, false, new TieBreak(1)).winnerName());
    // Through the engine, as a vote's close and ./commune tally count: ballot set → counter → report.
    BallotSet schulze = BallotSet.of(CountingMethod.SCHULZE, names, 1, 1, Fraction.HALF, 5, 0, new ArrayList<>(profile));
    measure("Schulze, 1,000,000 ballots × 10 options", () -> String.join(" = ", schulze.count().winners()));
    BallotSet irv = schulze.withMethod(CountingMethod.IRV);
    measure("IRV, 1,000,000 ballots × 10 options", () -> {
      CountReport report = irv.count();
      return report.winners() + " after " + report.tables().getFirst().rows().size() + " rounds";
    });

    Path folder = Path.of(args.length > 0 ? args[0] : "src/test/resources/reference-elections/edinburgh-2017-scottish-stv");
    if (!Files.isDirectory(folder)) {
      System.out.println("Scottish STV: skipped, " + folder + " is absent");
      return;
    }
    List<Blt.Election> wards = new ArrayList<>();
    long papers = 0;
    try (Stream<Path> files = Files.list(folder)) {
      for (Path ward : files.filter(f -> f.getFileName().toString().startsWith("ward_")).sorted().toList()) {
        Blt.Election election = Blt.parse(Files.readString(ward));
        wards.add(election);
        papers += election.ballots().stream().mapToLong(ScottishStv.Ballot::count).sum();
      }
    }
    long totalPapers = papers;
    measure("Scottish STV, all 12 Edinburgh 2017 wards (" + totalPapers + " papers), parsed files", () -> {
      int seats = 0;
      for (Blt.Election ward : wards) {
        seats += ScottishStv.count(ward.candidates(), ward.seats(), ward.ballots(), new TieBreak(1)).elected().size();
      }
      return seats + " councillors";
    });
  }

  private static void measure(String what, Supplier<String> work) {
    long best = Long.MAX_VALUE;
    String result = "";
    for (int run = 0; run < 5; run++) {
      long start = System.nanoTime();
      result = work.get();
      best = Math.min(best, System.nanoTime() - start);
    }
    System.out.printf("%s: best of 5 %.3f s → %s%n", what, best / 1e9, result);
  }
}
