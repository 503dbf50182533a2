package org.commune.governance.counting;

import java.util.ArrayList;
import java.util.List;
import org.commune.governance.counting.InstantRunoff.Inactive;

/**
 * The instant-runoff count as a {@link CountReport}: the rules it was counted under, then every round
 * with its threshold and each category of inactive ballots, as RCTab's summary shows them, so a
 * recount can be compared line by line.
 */
public final class IrvReport {

  private IrvReport() {}

  public static void write(CountReport.Builder out, InstantRunoff.Result result, long seed) {
    IrvRules rules = result.rules();
    List<String> names = result.options();
    out.fact(switch (rules.overvoteRule()) {
      case EXHAUST_IMMEDIATELY -> "count.irv.overvotes.exhaust-immediately";
      case EXHAUST_IF_MULTIPLE_CONTINUING -> "count.overvotes.exhaust";
      case SKIP_TO_NEXT -> "count.overvotes.skip";
    });
    if (rules.maxSkippedRankings() == IrvRules.UNLIMITED) {
      out.fact("count.irv.skipped.any");
    } else {
      out.fact("count.irv.skipped.limit", rules.maxSkippedRankings());
    }
    if (rules.maxRankings() != IrvRules.UNLIMITED) {
      out.fact("count.irv.max-rankings", rules.maxRankings());
    }
    if (rules.batchElimination()) {
      out.fact("count.irv.batch");
    }
    if (rules.continueUntilTwo()) {
      out.fact("count.irv.until-two");
    }
    out.fact("count.ties", seed);
    List<CountReport.Row> rows = new ArrayList<>();
    int round = 1;
    long[] last = new long[names.size()];
    for (InstantRunoff.Round r : result.rounds()) {
      List<CountReport.Cell> cells = new ArrayList<>();
      for (int o = 0; o < r.votes().length; o++) {
        cells.add(CountReport.Cell.text(r.votes()[o] >= 0 ? Long.toString(r.votes()[o]) : "—"));
      }
      cells.add(CountReport.Cell.text(Long.toString(r.threshold())));
      for (Inactive category : Inactive.values()) {
        cells.add(CountReport.Cell.text(Long.toString(r.inactive(category))));
      }
      if (r.eliminatedAll().size() > 1) {
        cells.add(CountReport.Cell.word("count.irv.eliminated.batch",
            String.join(", ", r.eliminatedAll().stream().map(names::get).toList())));
      } else if (r.eliminated() >= 0) {
        cells.add(CountReport.Cell.word(r.tieRule().isEmpty() ? "count.eliminated" : "count.eliminated.tie",
            names.get(r.eliminated()) + (r.tieRule().isEmpty() ? "" : " (" + r.tieRule() + ")")));
      } else {
        cells.add(CountReport.Cell.text(""));
      }
      rows.add(new CountReport.Row(CountReport.Cell.word("count.round", Integer.toString(round++)), cells));
      last = r.votes();
    }
    List<CountReport.Cell> header = new ArrayList<>();
    names.forEach(n -> header.add(CountReport.Cell.text(n)));
    for (String key : List.of("count.irv.threshold", "count.irv.inactive.no-rankings",
        "count.irv.inactive.exhausted-choices", "count.irv.inactive.overvotes", "count.irv.inactive.skipped-rankings",
        "count.irv.inactive.max-rankings", "count.action")) {
      header.add(CountReport.Cell.word(key, ""));
    }
    out.table(new CountReport.Table("count.table.rounds", header, rows));
    for (int o = 0; o < names.size(); o++) {
      out.bar(names.get(o), Math.max(0, last[o]), last[o] >= 0 ? Long.toString(last[o]) : "—");
    }
    out.fact("count.winner", result.winnerName()).winners(List.of(result.winnerName()));
  }
}
