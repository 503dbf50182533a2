package org.commune.governance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.commune.governance.counting.Approval;
import org.commune.governance.counting.Blt;
import org.commune.governance.counting.Fraction;
import org.commune.governance.counting.InstantRunoff;
import org.commune.governance.counting.Majority;
import org.commune.governance.counting.MeekStv;
import org.commune.governance.counting.RankedBallot;
import org.commune.governance.counting.Schulze;
import org.commune.governance.counting.SchulzeResult;
import org.commune.governance.counting.Score;
import org.commune.governance.counting.ScottishStv;
import org.commune.governance.counting.TieBreak;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./commune tally FILE [--method M] [--seats N] [--strength winning-votes|margins] [--seed N]
 * [--skip-overvotes]}: recounts ballots from a BLT file or a Commune ballot export (JSON) with any
 * method and prints the full count. Exit 0 on success, 2 on a usage or input error.
 *
 * <p>The JSON export: {@code {"options": [...], "seats": 1, "method": "schulze", "seed": 42,
 * "ballots": [{"ranks": [1, 0, 2], "weight": 1} | {"approved": [0, 2]} | {"scores": [5, 0, 3]}]}}.
 */
public final class TallyCommand {

  static final List<String> METHODS =
      List.of("majority", "supermajority", "schulze", "irv", "scottish-stv", "meek-stv", "approval", "score", "star");

  private TallyCommand() {}

  public static int run(String[] args) {
    if (args.length == 0 || args[0].startsWith("--")) {
      return usage("no file given");
    }
    Map<String, String> options = new TreeMap<>();
    try {
      for (int i = 1; i < args.length; i++) {
        switch (args[i]) {
          case "--method", "--seats", "--strength", "--seed" -> options.put(args[i].substring(2), args[++i]);
          case "--skip-overvotes" -> options.put("skip-overvotes", "true");
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      String text = Files.readString(Path.of(args[0]));
      System.out.print(tally(text, args[0].toLowerCase(Locale.ROOT).endsWith(".blt"), options));
      return 0;
    } catch (IOException e) {
      return usage("cannot read " + args[0] + ": " + e.getMessage());
    } catch (RuntimeException e) {
      return usage(e.getMessage());
    }
  }

  /** The printed count of the ballots in {@code text} (BLT or Commune JSON) with the chosen settings. */
  public static String tally(String text, boolean blt, Map<String, String> settings) {
    Election election = blt ? fromBlt(text) : fromJson(text);
    String method = settings.getOrDefault("method", election.method());
    if (!METHODS.contains(method)) {
      throw new IllegalArgumentException("unknown method " + method + " (one of " + String.join(", ", METHODS) + ")");
    }
    int seats = Integer.parseInt(settings.getOrDefault("seats", Integer.toString(election.seats())));
    long seed = Long.parseLong(settings.getOrDefault("seed", Long.toString(election.seed())));
    StringBuilder out = new StringBuilder();
    out.append("Method: ").append(method).append('\n');
    out.append("Options: ").append(String.join(", ", election.options())).append('\n');
    switch (method) {
      case "majority", "supermajority" -> {
        long yes = election.choices().getOrDefault("yes", 0L);
        long no = election.choices().getOrDefault("no", 0L);
        long abstain = election.choices().getOrDefault("abstain", 0L);
        Majority.Result result = method.equals("majority")
            ? Majority.simple(yes, no, abstain)
            : Majority.supermajority(yes, no, abstain, election.threshold());
        out.append("Yes: ").append(yes).append(", no: ").append(no).append(", abstain: ").append(abstain).append('\n');
        out.append("Threshold: ").append(method.equals("majority") ? "more yes than no" : result.threshold() + " of yes + no")
            .append('\n');
        out.append("Passed: ").append(result.passed() ? "yes" : "no").append('\n');
      }
      case "schulze" -> {
        Schulze.Strength strength = "margins".equals(settings.get("strength"))
            ? Schulze.Strength.MARGINS : Schulze.Strength.WINNING_VOTES;
        SchulzeResult result = Schulze.count(election.options(), election.ranked(), strength);
        out.append("Strength: ").append(strength.name().toLowerCase(Locale.ROOT).replace('_', ' ')).append('\n');
        out.append(matrix("d (ballots preferring row to column)", election.options(), result.d()));
        out.append(matrix("p (strongest paths)", election.options(), result.p()));
        out.append("Ranking: ").append(result.rankingText()).append('\n');
        out.append("Winner: ").append(String.join(" = ", result.winners())).append('\n');
      }
      case "irv" -> {
        InstantRunoff.Result result = InstantRunoff.count(election.options(), election.ranked(),
            settings.containsKey("skip-overvotes"), new TieBreak(seed));
        int round = 1;
        for (InstantRunoff.Round r : result.rounds()) {
          out.append("Round ").append(round++).append(':');
          for (int o = 0; o < r.votes().length; o++) {
            if (r.votes()[o] >= 0) {
              out.append(' ').append(election.options().get(o)).append('=').append(r.votes()[o]);
            }
          }
          out.append(" exhausted=").append(r.exhausted());
          if (r.eliminated() >= 0) {
            out.append(" → eliminated ").append(election.options().get(r.eliminated()));
            if (!r.tieRule().isEmpty()) {
              out.append(" (tie: ").append(r.tieRule()).append(')');
            }
          }
          out.append('\n');
        }
        out.append("Winner: ").append(result.winnerName()).append('\n');
      }
      case "scottish-stv" -> {
        ScottishStv.Result result = ScottishStv.count(election.options(), seats, election.stv(), new TieBreak(seed));
        out.append("Seats: ").append(seats).append(", quota: ").append(ScottishStv.Result.votes(result.quota())).append('\n');
        int stage = 1;
        for (ScottishStv.Stage s : result.stages()) {
          out.append("Stage ").append(stage++).append(" (").append(s.action().name().toLowerCase(Locale.ROOT).replace('_', ' '));
          if (s.candidate() >= 0) {
            out.append(' ').append(election.options().get(s.candidate()));
          }
          out.append("):");
          for (int c = 0; c < s.votes().length; c++) {
            out.append(' ').append(election.options().get(c)).append('=').append(ScottishStv.Result.votes(s.votes()[c]));
          }
          out.append(" non-transferable=").append(ScottishStv.Result.votes(s.nonTransferable()));
          if (!s.electedNow().isEmpty()) {
            out.append(" elected: ").append(String.join(", ", s.electedNow().stream().map(election.options()::get).toList()));
          }
          out.append('\n');
        }
        out.append("Elected: ").append(String.join(", ", result.electedNames())).append('\n');
      }
      case "meek-stv" -> {
        MeekStv.Result result = MeekStv.count(election.options(), seats, election.stv(), new TieBreak(seed));
        int stage = 1;
        for (MeekStv.Stage s : result.stages()) {
          out.append("Stage ").append(stage++).append(" (").append(s.action()).append("):");
          for (int c = 0; c < s.votes().length; c++) {
            out.append(' ').append(election.options().get(c)).append('=')
                .append(MeekStv.Result.votes(s.votes()[c]).setScale(5, java.math.RoundingMode.DOWN));
          }
          out.append(" excess=").append(MeekStv.Result.votes(s.excess()).setScale(5, java.math.RoundingMode.DOWN));
          out.append(" quota=").append(MeekStv.Result.votes(s.quota()).setScale(5, java.math.RoundingMode.DOWN)).append('\n');
        }
        out.append("Elected: ").append(String.join(", ", result.electedNames())).append('\n');
      }
      case "approval" -> {
        Approval.Result result = Approval.count(election.options(), election.approval(), 0, election.options().size());
        for (int o = 0; o < result.approvals().length; o++) {
          out.append(election.options().get(o)).append(": ").append(result.approvals()[o]).append('\n');
        }
        out.append("Winner: ").append(String.join(" = ", result.winners().stream().map(election.options()::get).toList())).append('\n');
      }
      default -> {
        Score.Result result = Score.count(election.options(), election.score(), election.maxScore());
        for (int o = 0; o < result.totals().length; o++) {
          out.append(election.options().get(o)).append(": total ").append(result.totals()[o])
              .append(", mean ").append(result.means()[o]).append('\n');
        }
        if (method.equals("star")) {
          out.append("Runoff: ").append(election.options().get(result.finalistA())).append(' ').append(result.preferA())
              .append(" – ").append(result.preferB()).append(' ').append(election.options().get(result.finalistB())).append('\n');
          out.append("Winner: ").append(String.join(" = ", result.starWinners().stream().map(election.options()::get).toList())).append('\n');
        } else {
          out.append("Winner: ").append(String.join(" = ", result.scoreWinners().stream().map(election.options()::get).toList())).append('\n');
        }
      }
    }
    return out.toString();
  }

  private static String matrix(String title, List<String> options, long[][] m) {
    StringBuilder out = new StringBuilder(title).append(":\n");
    for (int a = 0; a < options.size(); a++) {
      out.append("  ").append(options.get(a)).append(':');
      for (int b = 0; b < options.size(); b++) {
        out.append(' ').append(a == b ? "-" : Long.toString(m[a][b]));
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** Ballots read from a file, in every form a method may need. */
  private record Election(String method, List<String> options, int seats, long seed, List<RankedBallot> ranked,
      List<ScottishStv.Ballot> stv, List<Approval.Ballot> approval, List<Score.Ballot> score, int maxScore,
      Map<String, Long> choices, Fraction threshold) {}

  private static Election fromBlt(String text) {
    Blt.Election blt = Blt.parse(text);
    List<RankedBallot> ranked = new ArrayList<>();
    for (ScottishStv.Ballot ballot : blt.ballots()) {
      int[] ranks = new int[blt.candidates().size()];
      for (int p = 0; p < ballot.preferences().length; p++) {
        ranks[ballot.preferences()[p]] = p + 1;
      }
      ranked.add(new RankedBallot(ranks, ballot.count()));
    }
    return new Election("scottish-stv", blt.candidates(), blt.seats(), 1, ranked, blt.ballots(), List.of(), List.of(), 0,
        Map.of(), Fraction.HALF);
  }

  private static Election fromJson(String text) {
    JsonNode root = JsonMapper.builder().build().readTree(text);
    List<String> options = new ArrayList<>();
    root.path("options").forEach(o -> options.add(o.asString()));
    if (options.isEmpty()) {
      throw new IllegalArgumentException("the export names no options");
    }
    List<RankedBallot> ranked = new ArrayList<>();
    List<ScottishStv.Ballot> stv = new ArrayList<>();
    List<Approval.Ballot> approval = new ArrayList<>();
    List<Score.Ballot> score = new ArrayList<>();
    int maxScore = root.path("maxScore").asInt(5);
    Map<String, Long> choices = new TreeMap<>();
    for (JsonNode ballot : root.path("ballots")) {
      long weight = ballot.path("weight").asLong(1);
      if (ballot.has("choice")) {
        String choice = ballot.get("choice").asString();
        if (!List.of("yes", "no", "abstain").contains(choice)) {
          throw new IllegalArgumentException("a yes/no ballot says " + choice);
        }
        choices.merge(choice, weight, Long::sum);
      } else if (ballot.has("ranks")) {
        int[] ranks = new int[options.size()];
        for (int o = 0; o < options.size(); o++) {
          ranks[o] = ballot.get("ranks").path(o).asInt(0);
        }
        RankedBallot rankedBallot = new RankedBallot(ranks, weight);
        ranked.add(rankedBallot);
        stv.add(new ScottishStv.Ballot(strictOrder(ranks), weight));
      } else if (ballot.has("approved")) {
        Set<Integer> approved = new HashSet<>();
        ballot.get("approved").forEach(a -> approved.add(a.asInt()));
        approval.add(new Approval.Ballot(approved, weight));
      } else if (ballot.has("scores")) {
        int[] scores = new int[options.size()];
        for (int o = 0; o < options.size(); o++) {
          scores[o] = ballot.get("scores").path(o).asInt(0);
        }
        score.add(new Score.Ballot(scores, weight));
      } else {
        throw new IllegalArgumentException("a ballot has neither ranks, approved nor scores");
      }
    }
    String[] threshold = root.path("threshold").asString("2/3").split("/");
    return new Election(root.path("method").asString("schulze"), options, root.path("seats").asInt(1),
        root.path("seed").asLong(1), ranked, stv, approval, score, maxScore, choices,
        new Fraction(Long.parseLong(threshold[0].strip()), Long.parseLong(threshold[1].strip())));
  }

  /** The options in rank order; options sharing a rank (or unranked) end the usable order. */
  private static int[] strictOrder(int[] ranks) {
    List<Integer> order = new ArrayList<>();
    for (int rank = 1; ; rank++) {
      int found = -1;
      int count = 0;
      for (int o = 0; o < ranks.length; o++) {
        if (ranks[o] == rank) {
          found = o;
          count++;
        }
      }
      if (count != 1) {
        break;
      }
      order.add(found);
    }
    return order.stream().mapToInt(Integer::intValue).toArray();
  }

  private static int usage(String problem) {
    System.err.println("tally: " + problem);
    System.err.println("Usage: commune tally <file.blt|export.json> [--method " + String.join("|", METHODS)
        + "] [--seats N] [--strength winning-votes|margins] [--seed N] [--skip-overvotes]");
    return 2;
  }
}
