package org.commune.governance.web;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.commune.governance.ProposalView;
import java.util.TreeMap;
import org.commune.governance.counting.Approval;
import org.commune.governance.counting.BallotJson;
import org.commune.governance.counting.BallotSet;
import org.commune.governance.counting.CountReport;
import org.commune.governance.counting.RankedBallot;
import org.commune.governance.counting.Score;
import org.commune.governance.counting.WeightedBallot;
import org.commune.governance.counting.YesNoBallot;
import org.commune.web.Json;

/**
 * The count's downloads besides the recountable JSON export: ballots, weights and results as CSV,
 * and the result as Json.MAPPER. Cells that a spreadsheet would run as a formula are prefixed with a quote.
 */
final class Exports {

  private Exports() {}

  /** One row per ballot: weight, then the ballot's value for each option (choice, approval 0/1, rank or score). */
  static String ballotsCsv(ProposalView proposal, String export) {
    BallotSet set = BallotJson.parse(export);
    StringBuilder out = new StringBuilder();
    List<String> header = new ArrayList<>(List.of("weight"));
    if (proposal.method().hasOptions()) {
      header.addAll(set.options());
    } else {
      header.add("choice");
    }
    row(out, header);
    for (WeightedBallot ballot : set.ballots()) {
      List<String> cells = new ArrayList<>(List.of(Long.toString(ballot.weight())));
      switch (ballot) {
        case YesNoBallot yesNo -> cells.add(yesNo.answer().code());
        case Approval.Ballot approval -> {
          for (int o = 0; o < set.options().size(); o++) {
            cells.add(approval.approved().contains(o) ? "1" : "0");
          }
        }
        case RankedBallot ranked -> Arrays.stream(ranked.ranks()).forEach(rank -> cells.add(Integer.toString(rank)));
        case Score.Ballot score -> Arrays.stream(score.scores()).forEach(value -> cells.add(Integer.toString(value)));
      }
      row(out, cells);
    }
    return out.toString();
  }

  /** How many ballots carried each weight (1 = the voter alone; more = delegated votes). */
  static String weightsCsv(String export) {
    Map<Long, Integer> counts = new TreeMap<>();
    for (WeightedBallot ballot : BallotJson.parse(export).ballots()) {
      counts.merge(ballot.weight(), 1, Integer::sum);
    }
    StringBuilder out = new StringBuilder();
    row(out, List.of("weight", "ballots"));
    counts.forEach((weight, n) -> row(out, List.of(Long.toString(weight), Integer.toString(n))));
    return out.toString();
  }

  /** The result: final totals (the bars), winners, and whether it passed. */
  static String resultCsv(CountReport report) {
    StringBuilder out = new StringBuilder();
    row(out, List.of("option", "value", "chosen"));
    if (report.passed() != null) {
      // A yes/no vote chooses no option: it passes or not (a newcomer review read "chosen: no" on
      // every row of a vote that passed 4 to 1).
      for (CountReport.Bar bar : report.bars()) {
        row(out, List.of(bar.label(), bar.shown(), ""));
      }
      row(out, List.of("passed", report.passed() ? "yes" : "no", ""));
      return out.toString();
    }
    for (CountReport.Bar bar : report.bars()) {
      row(out, List.of(bar.label(), bar.shown(), report.winners().contains(bar.label()) ? "yes" : "no"));
    }
    return out.toString();
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

  private static void row(StringBuilder out, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(cell(cells.get(i)));
    }
    out.append("\r\n");
  }

  static String cell(String value) {
    String safe = !value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0 && !value.matches("-?\\d+(\\.\\d+)?")
        ? "'" + value : value;
    if (safe.contains(",") || safe.contains("\"") || safe.contains("\n") || safe.contains("\r")) {
      return '"' + safe.replace("\"", "\"\"") + '"';
    }
    return safe;
  }
}
