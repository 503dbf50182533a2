package org.commune.governance.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.commune.governance.ProposalView;
import org.commune.governance.counting.CountReport;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The count's downloads besides the recountable JSON export: ballots, weights and results as CSV,
 * and the result as JSON. Cells that a spreadsheet would run as a formula are prefixed with a quote.
 */
final class Exports {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private Exports() {}

  /** One row per ballot: weight, then the ballot's value for each option (choice, approval 0/1, rank or score). */
  static String ballotsCsv(ProposalView proposal, String export) {
    JsonNode root = JSON.readTree(export);
    List<String> options = new ArrayList<>();
    root.path("options").forEach(o -> options.add(o.asString()));
    StringBuilder out = new StringBuilder();
    List<String> header = new ArrayList<>(List.of("weight"));
    if (proposal.method().hasOptions()) {
      header.addAll(options);
    } else {
      header.add("choice");
    }
    row(out, header);
    for (JsonNode ballot : root.path("ballots")) {
      List<String> cells = new ArrayList<>(List.of(ballot.path("weight").asString("1")));
      if (ballot.has("choice")) {
        cells.add(ballot.get("choice").asString());
      } else if (ballot.has("approved")) {
        for (int o = 0; o < options.size(); o++) {
          boolean approved = false;
          for (JsonNode a : ballot.get("approved")) {
            approved |= a.asInt() == o;
          }
          cells.add(approved ? "1" : "0");
        }
      } else {
        JsonNode values = ballot.has("ranks") ? ballot.get("ranks") : ballot.path("scores");
        for (int o = 0; o < options.size(); o++) {
          cells.add(values.path(o).asString("0"));
        }
      }
      row(out, cells);
    }
    return out.toString();
  }

  /** How many ballots carried each weight (1 = the voter alone; more = delegated votes). */
  static String weightsCsv(String export) {
    Map<String, Integer> counts = new java.util.TreeMap<>(java.util.Comparator.comparingInt(Integer::parseInt));
    for (JsonNode ballot : JSON.readTree(export).path("ballots")) {
      counts.merge(ballot.path("weight").asString("1"), 1, Integer::sum);
    }
    StringBuilder out = new StringBuilder();
    row(out, List.of("weight", "ballots"));
    counts.forEach((weight, n) -> row(out, List.of(weight, Integer.toString(n))));
    return out.toString();
  }

  /** The result: final totals (the bars), winners, and whether it passed. */
  static String resultCsv(CountReport report) {
    StringBuilder out = new StringBuilder();
    row(out, List.of("option", "value", "chosen"));
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
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(result);
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
