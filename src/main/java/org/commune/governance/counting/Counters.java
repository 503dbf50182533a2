package org.commune.governance.counting;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@link Counter} of each {@link CountingMethod}: each turns the pure count into the report that
 * the result page draws and {@code ./commune tally} prints (facts as message keys, names and numbers
 * as data).
 */
final class Counters {

  private Counters() {}

  static void majority(BallotSet set, CountReport.Builder out) {
    yesNo(set, out, false);
  }

  static void supermajority(BallotSet set, CountReport.Builder out) {
    yesNo(set, out, true);
  }

  private static void yesNo(BallotSet set, CountReport.Builder out, boolean supermajority) {
    long[] counts = new long[YesNoBallot.Answer.values().length];
    for (YesNoBallot ballot : set.ballotsOf(YesNoBallot.class)) {
      counts[ballot.answer().ordinal()] = Math.addExact(counts[ballot.answer().ordinal()], ballot.weight());
    }
    long yes = counts[YesNoBallot.Answer.YES.ordinal()];
    long no = counts[YesNoBallot.Answer.NO.ordinal()];
    long abstain = counts[YesNoBallot.Answer.ABSTAIN.ordinal()];
    Majority.Result result = supermajority ? Majority.supermajority(yes, no, abstain, set.threshold())
        : Majority.simple(yes, no, abstain);
    out.fact("count.yes-no", yes, no, abstain);
    if (supermajority) {
      out.fact("count.threshold.fraction", result.threshold());
    } else {
      out.fact("count.threshold.majority");
    }
    out.bar("yes", yes, Long.toString(yes)).bar("no", no, Long.toString(no))
        .bar("abstain", abstain, Long.toString(abstain));
    out.fact(result.passed() ? "count.passed.yes" : "count.passed.no").passed(result.passed());
  }

  static void schulze(BallotSet set, CountReport.Builder out) {
    List<String> names = set.options();
    SchulzeResult result = Schulze.count(names, set.ballotsOf(RankedBallot.class), set.strength());
    out.fact(set.strength() == Schulze.Strength.MARGINS ? "count.strength.margins" : "count.strength.winning-votes");
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

  static void irv(BallotSet set, CountReport.Builder out) {
    boolean[] none = new boolean[set.options().size()];
    if (set.ballotsOf(RankedBallot.class).stream().allMatch(b -> InstantRunoff.walk(b.ranks(), none, set.irvRules()) < 0)) {
      // Every ballot is inactive in the first round (overvotes, skipped rankings): no draw among options nobody chose.
      out.fact("count.none-countable");
      return;
    }
    InstantRunoff.Result result = InstantRunoff.count(set.options(), set.ballotsOf(RankedBallot.class), set.irvRules(),
        new TieBreak(set.seed()));
    IrvReport.write(out, result, set.seed());
  }

  static void scottishStv(BallotSet set, CountReport.Builder out) {
    List<String> names = set.options();
    List<ScottishStv.Ballot> orders = strictOrders(set);
    if (noneCountable(orders, out)) {
      return;
    }
    ScottishStv.Result result = ScottishStv.count(names, set.seats(), orders, new TieBreak(set.seed()));
    out.fact("count.ties", set.seed());
    out.fact("count.seats", set.seats(), ScottishStv.Result.votes(result.quota()));
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
      BigDecimal v = ScottishStv.Result.votes(last[c]);
      out.bar(names.get(c), v.doubleValue(), v.toPlainString());
    }
    out.fact("count.elected", String.join(", ", result.electedNames())).winners(result.electedNames());
  }

  static void meekStv(BallotSet set, CountReport.Builder out) {
    List<String> names = set.options();
    List<ScottishStv.Ballot> orders = strictOrders(set);
    if (noneCountable(orders, out)) {
      return;
    }
    MeekStv.Result result = MeekStv.count(names, set.seats(), orders, new TieBreak(set.seed()));
    out.fact("count.ties", set.seed());
    out.fact("count.seats.meek", set.seats());
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

  static void approval(BallotSet set, CountReport.Builder out) {
    List<String> names = set.options();
    int max = set.maxApprovals() > 0 ? set.maxApprovals() : names.size();
    Approval.Result result = Approval.count(names, set.ballotsOf(Approval.Ballot.class), 0, max);
    if (set.maxApprovals() > 0) {
      out.fact("count.max-approvals", set.maxApprovals());
    }
    for (int o = 0; o < result.approvals().length; o++) {
      out.fact("count.approvals", names.get(o), result.approvals()[o]);
      out.bar(names.get(o), result.approvals()[o], Long.toString(result.approvals()[o]));
    }
    List<String> winners = result.winners().stream().map(names::get).toList();
    out.fact("count.winner", String.join(" = ", winners)).winners(winners);
  }

  static void score(BallotSet set, CountReport.Builder out) {
    scores(set, out, false);
  }

  static void star(BallotSet set, CountReport.Builder out) {
    scores(set, out, true);
  }

  private static void scores(BallotSet set, CountReport.Builder out, boolean star) {
    List<String> names = set.options();
    Score.Result result = Score.count(names, set.ballotsOf(Score.Ballot.class), set.maxScore(), new TieBreak(set.seed()));
    out.fact("count.max-score", set.maxScore());
    for (int o = 0; o < result.totals().length; o++) {
      out.fact("count.score", names.get(o), result.totals()[o], result.means()[o]);
      out.bar(names.get(o), result.totals()[o], Long.toString(result.totals()[o]));
    }
    List<Integer> chosen = star ? result.starWinners() : result.scoreWinners();
    if (star && !result.finalistTie().isEmpty()) {
      out.fact("count.star.finalists-drawn", String.join(", ", result.finalistTie().stream().map(names::get).toList()),
          set.seed());
    }
    if (star) {
      out.fact("count.runoff", names.get(result.finalistA()), result.preferA(), result.preferB(),
          names.get(result.finalistB()));
    }
    List<String> winners = chosen.stream().map(names::get).toList();
    out.fact("count.winner", String.join(" = ", winners)).winners(winners);
  }

  /**
   * True (and said in the report) when no ballot has a first preference STV can count (each ties its
   * first ranks): nobody is elected, rather than the seeded draw electing someone with 0 votes.
   */
  private static boolean noneCountable(List<ScottishStv.Ballot> orders, CountReport.Builder out) {
    if (orders.stream().allMatch(o -> o.preferences().length == 0)) {
      out.fact("count.none-countable");
      return true;
    }
    return false;
  }

  /** Ranked ballots as STV reads them: strict orders, best first. */
  private static List<ScottishStv.Ballot> strictOrders(BallotSet set) {
    List<ScottishStv.Ballot> orders = new ArrayList<>(set.ballots().size());
    for (RankedBallot ballot : set.ballotsOf(RankedBallot.class)) {
      orders.add(new ScottishStv.Ballot(ballot.strictOrder(), ballot.weight()));
    }
    return orders;
  }

  private static String meek(long units) {
    return MeekStv.Result.votes(units).setScale(5, RoundingMode.DOWN).toPlainString();
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
}
