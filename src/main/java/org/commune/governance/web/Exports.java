package org.commune.governance.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.commune.governance.ProposalView;
import org.commune.governance.counting.Approval;
import org.commune.governance.counting.BallotJson;
import org.commune.governance.counting.BallotSet;
import org.commune.governance.counting.CountReport;
import org.commune.governance.counting.RankedBallot;
import org.commune.governance.counting.Score;
import org.commune.governance.counting.WeightedBallot;
import org.commune.governance.counting.YesNoBallot;
import org.commune.web.Csv;
import org.commune.web.Json;

/**
 * The count's downloads besides the recountable JSON export: ballots, weights and results as CSV (written
 * by {@link Csv}: byte order mark, formula cells neutralised), and the result as JSON. Header cells are
 * stable column codes, the same in both languages, for the programs that read these files.
 */
final class Exports {

  private Exports() {}

  /** One row per ballot: weight, then the ballot's value for each option (choice, approval 0/1, rank or score). */
  static Csv ballotsCsv(ProposalView proposal, String export) {
    BallotSet set = BallotJson.parse(export);
    List<String> header = new ArrayList<>(List.of("weight"));
    if (proposal.method().hasOptions()) {
      header.addAll(set.options());
    } else {
      header.add("choice");
    }
    Csv out = Csv.withHeader(header);
    for (WeightedBallot ballot : set.ballots()) {
      List<Object> cells = new ArrayList<>(List.of(ballot.weight()));
      switch (ballot) {
        case YesNoBallot yesNo -> cells.add(yesNo.answer().code());
        case Approval.Ballot approval -> {
          for (int o = 0; o < set.options().size(); o++) {
            cells.add(approval.approved().contains(o) ? 1 : 0);
          }
        }
        case RankedBallot ranked -> Arrays.stream(ranked.ranks()).forEach(cells::add);
        case Score.Ballot score -> Arrays.stream(score.scores()).forEach(cells::add);
      }
      out.row(cells);
    }
    return out;
  }

  /** How many ballots carried each weight (1 = the voter alone; more = delegated votes). */
  static Csv weightsCsv(String export) {
    Map<Long, Integer> counts = new TreeMap<>();
    for (WeightedBallot ballot : BallotJson.parse(export).ballots()) {
      counts.merge(ballot.weight(), 1, Integer::sum);
    }
    Csv out = Csv.withHeader("weight", "ballots");
    counts.forEach((weight, n) -> out.row(weight, n));
    return out;
  }

  /** The result: final totals (the bars), winners, and whether it passed. */
  static Csv resultCsv(CountReport report) {
    Csv out = Csv.withHeader("option", "value", "chosen");
    if (report.passed() != null) {
      // A yes/no vote chooses no option: it passes or not (a newcomer review read "chosen: no" on
      // every row of a vote that passed 4 to 1).
      for (CountReport.Bar bar : report.bars()) {
        out.row(bar.label(), bar.shown(), "");
      }
      out.row("passed", report.passed() ? "yes" : "no", "");
      return out;
    }
    for (CountReport.Bar bar : report.bars()) {
      out.row(bar.label(), bar.shown(), report.winners().contains(bar.label()) ? "yes" : "no");
    }
    return out;
  }

  static String resultJson(ProposalView proposal, CountReport report) {
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("proposal", proposal.id().toString());
    result.put("title", proposal.title());
    result.put("method", proposal.method().code());
    result.put("outcome", proposal.outcome() == null ? null : proposal.outcome().code());
    result.put("eligible", proposal.eligible());
    result.put("turnout", proposal.ballots());
    result.put("quorum", proposal.quorum());
    result.put("report", report);
    return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(result);
  }
}
