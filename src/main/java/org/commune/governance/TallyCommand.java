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
import org.commune.governance.counting.CountReport;
import org.commune.governance.counting.Fraction;
import org.commune.governance.counting.InstantRunoff;
import org.commune.governance.counting.IrvReport;
import org.commune.governance.counting.IrvRules;
import org.commune.governance.counting.Majority;
import org.commune.governance.counting.MeekStv;
import org.commune.governance.counting.RankedBallot;
import org.commune.governance.counting.Schulze;
import org.commune.governance.counting.SchulzeResult;
import org.commune.governance.counting.Score;
import org.commune.governance.counting.ScottishStv;
import org.commune.governance.counting.TieBreak;
import org.commune.governance.counting.formats.DebianTallySheet;
import org.commune.governance.counting.formats.ImportedBallots;
import org.commune.governance.counting.formats.NistCvrFormat;
import org.commune.governance.counting.formats.PrefLibFormat;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code ./commune tally FILE [--method M] [--seats N] [--strength winning-votes|margins] [--seed N]
 * [--skip-overvotes] [--format preflib|nist|debian] [IRV rules]}: recounts ballots from a BLT file, a
 * Commune ballot export (JSON), or another tabulator's file (docs/counting.md) with any method and
 * prints the full count. Exit 0 on success, 2 on a usage or input error.
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
          case "--method", "--seats", "--strength", "--seed", "--format", "--contest", "--ties", "--overvotes",
              "--max-skipped", "--max-rankings", "--overvote-label" -> {
            if (i + 1 >= args.length) {
              throw new IllegalArgumentException(args[i] + " needs a value");
            }
            options.put(args[i].substring(2), args[++i]);
          }
          case "--skip-overvotes" -> options.put("overvotes", "skip");
          case "--batch-elimination", "--until-two" -> options.put(args[i].substring(2), "true");
          default -> throw new IllegalArgumentException("unknown option " + args[i]);
        }
      }
      String text = options.containsKey("format")
          ? ImportedBallots.decode(Files.readAllBytes(Path.of(args[0]))) : Files.readString(Path.of(args[0]));
      System.out.print(tally(text, args[0].toLowerCase(Locale.ROOT).endsWith(".blt"), options));
      return 0;
    } catch (IOException e) {
      return usage("cannot read " + args[0] + ": " + e.getMessage());
    } catch (RuntimeException e) {
      return usage(e.getMessage());
    }
  }

  /** The printed count of the ballots in {@code text} (BLT or Commune JSON) with the chosen settings, in English. */
  public static String tally(String text, boolean blt, Map<String, String> settings) {
    return report(text, blt, settings).print(TallyCommand::english);
  }

  private static final java.util.ResourceBundle ENGLISH = java.util.ResourceBundle.getBundle("messages", Locale.ENGLISH);

  static String english(String key, Object[] args) {
    return new java.text.MessageFormat(ENGLISH.getString(key), Locale.ENGLISH).format(args);
  }

  /** The count of the ballots in {@code text}: the same report the result page draws. */
  public static CountReport report(String text, boolean blt, Map<String, String> settings) {
    Election election = settings.containsKey("format") ? imported(text, settings)
        : blt ? fromBlt(text) : fromJson(text);
    String method = settings.getOrDefault("method", election.method());
    if (!METHODS.contains(method)) {
      throw new IllegalArgumentException("unknown method " + method + " (one of " + String.join(", ", METHODS) + ")");
    }
    int seats = Integer.parseInt(settings.getOrDefault("seats", Integer.toString(election.seats())));
    long seed = Long.parseLong(settings.getOrDefault("seed", Long.toString(election.seed())));
    List<String> names = election.options();
    CountReport.Builder out = new CountReport.Builder();
    out.fact("count.method", method);
    out.fact("count.options", String.join(", ", names));
    election.notes().forEach(note -> out.fact("count.import.note", note));
    switch (method) {
      case "majority", "supermajority" -> {
        long yes = election.choices().getOrDefault("yes", 0L);
        long no = election.choices().getOrDefault("no", 0L);
        long abstain = election.choices().getOrDefault("abstain", 0L);
        Majority.Result result = method.equals("majority")
            ? Majority.simple(yes, no, abstain)
            : Majority.supermajority(yes, no, abstain, election.threshold());
        out.fact("count.yes-no", yes, no, abstain);
        if (method.equals("majority")) {
          out.fact("count.threshold.majority");
        } else {
          out.fact("count.threshold.fraction", result.threshold());
        }
        out.bar("yes", yes, Long.toString(yes)).bar("no", no, Long.toString(no))
            .bar("abstain", abstain, Long.toString(abstain));
        out.fact(result.passed() ? "count.passed.yes" : "count.passed.no").passed(result.passed());
      }
      case "schulze" -> {
        Schulze.Strength strength = "margins".equals(settings.get("strength"))
            ? Schulze.Strength.MARGINS : Schulze.Strength.WINNING_VOTES;
        SchulzeResult result = Schulze.count(names, election.ranked(), strength);
        out.fact(strength == Schulze.Strength.MARGINS ? "count.strength.margins" : "count.strength.winning-votes");
        out.table(matrix("count.table.d", names, result.d()));
        out.table(matrix("count.table.p", names, result.p()));
        for (int o = 0; o < names.size(); o++) {
          long wins = 0;
          for (int other = 0; other < names.size(); other++) {
            if (other != o && result.p()[o][other] > result.p()[other][o]) {
              wins++;
            }
          }
          out.bar(names.get(o), wins, Long.toString(wins));
        }
        out.fact("count.ranking", result.rankingText());
        out.fact("count.ties.declared");
        out.fact("count.winner", String.join(" = ", result.winners())).winners(result.winners());
      }
      case "irv" -> {
        InstantRunoff.Result result = InstantRunoff.count(names, election.ranked(), irvRules(settings), new TieBreak(seed));
        IrvReport.write(out, result, seed);
      }
      case "scottish-stv" -> {
        ScottishStv.Result result = ScottishStv.count(names, seats, election.stv(), new TieBreak(seed));
        out.fact("count.ties", seed);
        out.fact("count.seats", seats, ScottishStv.Result.votes(result.quota()));
        List<CountReport.Row> rows = new ArrayList<>();
        int stage = 1;
        long[] last = new long[names.size()];
        for (ScottishStv.Stage s : result.stages()) {
          List<CountReport.Cell> cells = new ArrayList<>();
          for (int c = 0; c < s.votes().length; c++) {
            cells.add(CountReport.Cell.text(ScottishStv.Result.votes(s.votes()[c]).toPlainString()));
          }
          cells.add(CountReport.Cell.text(ScottishStv.Result.votes(s.nonTransferable()).toPlainString()));
          String action = "count.stv." + s.action().name().toLowerCase(Locale.ROOT).replace('_', '-');
          String who = s.candidate() >= 0 ? names.get(s.candidate()) : "";
          if (!s.electedNow().isEmpty()) {
            who = (who.isEmpty() ? "" : who + "; ") + "elected: "
                + String.join(", ", s.electedNow().stream().map(names::get).toList());
          }
          cells.add(CountReport.Cell.word(action, who));
          rows.add(new CountReport.Row(CountReport.Cell.word("count.stage", Integer.toString(stage++)), cells));
          last = s.votes();
        }
        out.table(new CountReport.Table("count.table.stages", header(names, "count.non-transferable", "count.action"), rows));
        for (int c = 0; c < names.size(); c++) {
          java.math.BigDecimal v = ScottishStv.Result.votes(last[c]);
          out.bar(names.get(c), v.doubleValue(), v.toPlainString());
        }
        out.fact("count.elected", String.join(", ", result.electedNames())).winners(result.electedNames());
      }
      case "meek-stv" -> {
        MeekStv.Result result = MeekStv.count(names, seats, election.stv(), new TieBreak(seed));
        out.fact("count.ties", seed);
        out.fact("count.seats.meek", seats);
        List<CountReport.Row> rows = new ArrayList<>();
        int stage = 1;
        long[] last = new long[names.size()];
        for (MeekStv.Stage s : result.stages()) {
          List<CountReport.Cell> cells = new ArrayList<>();
          for (int c = 0; c < s.votes().length; c++) {
            cells.add(CountReport.Cell.text(meek(s.votes()[c])));
          }
          cells.add(CountReport.Cell.text(meek(s.excess())));
          cells.add(CountReport.Cell.text(meek(s.quota())));
          cells.add(CountReport.Cell.text(s.action()));
          rows.add(new CountReport.Row(CountReport.Cell.word("count.stage", Integer.toString(stage++)), cells));
          last = s.votes();
        }
        List<CountReport.Cell> head = new ArrayList<>(header(names, "count.excess", "count.quota"));
        head.add(CountReport.Cell.word("count.action", ""));
        out.table(new CountReport.Table("count.table.stages", head, rows));
        for (int c = 0; c < names.size(); c++) {
          out.bar(names.get(c), MeekStv.Result.votes(last[c]).doubleValue(), meek(last[c]));
        }
        out.fact("count.elected", String.join(", ", result.electedNames())).winners(result.electedNames());
      }
      case "approval" -> {
        Approval.Result result = Approval.count(names, election.approval(), 0,
            election.maxApprovals() > 0 ? election.maxApprovals() : names.size());
        if (election.maxApprovals() > 0) {
          out.fact("count.max-approvals", election.maxApprovals());
        }
        for (int o = 0; o < result.approvals().length; o++) {
          out.fact("count.approvals", names.get(o), result.approvals()[o]);
          out.bar(names.get(o), result.approvals()[o], Long.toString(result.approvals()[o]));
        }
        List<String> winners = result.winners().stream().map(names::get).toList();
        out.fact("count.winner", String.join(" = ", winners)).winners(winners);
      }
      default -> {
        Score.Result result = Score.count(names, election.score(), election.maxScore());
        out.fact("count.max-score", election.maxScore());
        for (int o = 0; o < result.totals().length; o++) {
          out.fact("count.score", names.get(o), result.totals()[o], result.means()[o]);
          out.bar(names.get(o), result.totals()[o], Long.toString(result.totals()[o]));
        }
        List<Integer> chosen = method.equals("star") ? result.starWinners() : result.scoreWinners();
        if (method.equals("star")) {
          out.fact("count.runoff", names.get(result.finalistA()), result.preferA(), result.preferB(),
              names.get(result.finalistB()));
        }
        List<String> winners = chosen.stream().map(names::get).toList();
        out.fact("count.winner", String.join(" = ", winners)).winners(winners);
      }
    }
    return out.build();
  }

  private static String meek(long units) {
    return MeekStv.Result.votes(units).setScale(5, java.math.RoundingMode.DOWN).toPlainString();
  }

  private static List<CountReport.Cell> header(List<String> names, String... extraKeys) {
    List<CountReport.Cell> header = new ArrayList<>();
    names.forEach(n -> header.add(CountReport.Cell.text(n)));
    for (String key : extraKeys) {
      header.add(CountReport.Cell.word(key, ""));
    }
    return header;
  }

  private static CountReport.Table matrix(String titleKey, List<String> options, long[][] m) {
    List<CountReport.Row> rows = new ArrayList<>();
    for (int a = 0; a < options.size(); a++) {
      List<CountReport.Cell> cells = new ArrayList<>();
      for (int b = 0; b < options.size(); b++) {
        cells.add(CountReport.Cell.text(a == b ? "-" : Long.toString(m[a][b])));
      }
      rows.add(new CountReport.Row(CountReport.Cell.text(options.get(a)), cells));
    }
    return new CountReport.Table(titleKey, options.stream().map(CountReport.Cell::text).toList(), rows);
  }

  /** Ballots read from a file, in every form a method may need. */
  private record Election(String method, List<String> options, int seats, long seed, List<RankedBallot> ranked,
      List<ScottishStv.Ballot> stv, List<Approval.Ballot> approval, List<Score.Ballot> score, int maxScore,
      Map<String, Long> choices, Fraction threshold, int maxApprovals, List<String> notes) {

    Election(String method, List<String> options, int seats, long seed, List<RankedBallot> ranked,
        List<ScottishStv.Ballot> stv, List<Approval.Ballot> approval, List<Score.Ballot> score, int maxScore,
        Map<String, Long> choices, Fraction threshold, int maxApprovals) {
      this(method, options, seats, seed, ranked, stv, approval, score, maxScore, choices, threshold, maxApprovals,
          List.of());
    }
  }

  /** The IRV rules named by {@code --overvotes}, {@code --max-skipped}, {@code --max-rankings}, {@code --batch-elimination}, {@code --until-two}. */
  static IrvRules irvRules(Map<String, String> settings) {
    IrvRules.OvervoteRule overvotes = switch (settings.getOrDefault("overvotes", "exhaust-if-multiple-continuing")) {
      case "exhaust-immediately" -> IrvRules.OvervoteRule.EXHAUST_IMMEDIATELY;
      case "exhaust-if-multiple-continuing" -> IrvRules.OvervoteRule.EXHAUST_IF_MULTIPLE_CONTINUING;
      case "skip" -> IrvRules.OvervoteRule.SKIP_TO_NEXT;
      default -> throw new IllegalArgumentException("--overvotes is exhaust-immediately, exhaust-if-multiple-continuing"
          + " or skip, not " + settings.get("overvotes"));
    };
    return new IrvRules(settings.containsKey("batch-elimination"),
        count(settings, "max-skipped", 0), overvotes, count(settings, "max-rankings", 1), settings.containsKey("until-two"));
  }

  private static int count(Map<String, String> settings, String name, int least) {
    String value = settings.get(name);
    if (value == null) {
      return IrvRules.UNLIMITED;
    }
    if (!value.matches("\\d{1,6}") || Integer.parseInt(value) < least) {
      throw new IllegalArgumentException("--" + name + " must be a whole number from " + least + ", not " + value);
    }
    return Integer.parseInt(value);
  }

  /** Ranked ballots from another tabulator's format ({@code --format preflib|nist|debian}). */
  private static Election imported(String text, Map<String, String> settings) {
    String format = settings.get("format");
    ImportedBallots file = switch (format) {
      case "preflib" -> PrefLibFormat.parse(text, switch (settings.getOrDefault("ties", "equal")) {
        case "equal" -> PrefLibFormat.Ties.EQUAL_RANK;
        case "refuse" -> PrefLibFormat.Ties.REFUSE;
        default -> throw new IllegalArgumentException("--ties is equal or refuse, not " + settings.get("ties"));
      });
      case "nist" -> NistCvrFormat.parse(text, settings.get("contest"), settings.get("overvote-label"));
      case "debian" -> DebianTallySheet.parse(text);
      default -> throw new IllegalArgumentException("--format is preflib, nist or debian, not " + format);
    };
    List<ScottishStv.Ballot> stv = file.ballots().stream()
        .map(b -> new ScottishStv.Ballot(strictOrder(b.ranks()), b.weight())).toList();
    return new Election(format.equals("nist") ? "irv" : "schulze", file.options(), 1, 1, file.ballots(), stv,
        List.of(), List.of(), 0, Map.of(), Fraction.HALF, 0, file.notes());
  }

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
        Map.of(), Fraction.HALF, 0);
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
        new Fraction(Long.parseLong(threshold[0].strip()), Long.parseLong(threshold[1].strip())),
        root.path("maxApprovals").asInt(0));
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
        + "] [--seats N] [--strength winning-votes|margins] [--seed N] [--format preflib|nist|debian]"
        + " [--contest NAME] [--overvote-label NAME] [--ties equal|refuse] [--overvotes exhaust-immediately|exhaust-if-multiple-continuing|skip]"
        + " [--skip-overvotes] [--max-skipped N] [--max-rankings N] [--batch-elimination] [--until-two]");
    return 2;
  }
}
