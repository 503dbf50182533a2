package org.commune.governance.web;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.commune.web.Json;
import tools.jackson.databind.JsonNode;

/**
 * The viewer's own ballot as they cast it, to show it back to them ("1. Ali, 2. Bea") and to fill the
 * form that changes it. Read from the stored content (the ballot JSON of the export): an open ballot by
 * its voter, a secret one found by the voter's own receipts (see {@code SecretBallots.own}).
 *
 * @param choice "yes", "no" or "abstain" for a yes/no vote; "" otherwise
 * @param ranks the rank given to each option (0 = not ranked); empty when not ranked
 * @param scores the score given to each option; empty when not scored
 */
public record OwnBallot(String choice, List<Integer> ranks, List<Integer> scores, Set<Integer> approved,
    List<String> options, boolean approval) {

  /** An option with the rank or score the viewer gave it. */
  public record Marked(int place, String option) {}

  static OwnBallot of(String content, List<String> options) {
    JsonNode node = Json.MAPPER.readTree(content);
    String choice = node.has("choice") ? node.get("choice").asString() : "";
    List<Integer> ranks = ints(node.get("ranks"));
    List<Integer> scores = ints(node.get("scores"));
    Set<Integer> approved = new HashSet<>(ints(node.get("approved")));
    return new OwnBallot(choice, ranks, scores, approved, options, node.has("approved"));
  }

  private static List<Integer> ints(JsonNode array) {
    List<Integer> out = new ArrayList<>();
    if (array != null) {
      array.forEach(v -> out.add(v.asInt()));
    }
    return out;
  }

  /** The ranked options in rank order (equal ranks share a number). */
  public List<Marked> ranked() {
    List<Marked> out = new ArrayList<>();
    for (int i = 0; i < ranks.size() && i < options.size(); i++) {
      if (ranks.get(i) > 0) {
        out.add(new Marked(ranks.get(i), options.get(i)));
      }
    }
    out.sort(Comparator.comparingInt(Marked::place));
    return out;
  }

  /** Each option with its score, in the options' order. */
  public List<Marked> scored() {
    List<Marked> out = new ArrayList<>();
    for (int i = 0; i < scores.size() && i < options.size(); i++) {
      out.add(new Marked(scores.get(i), options.get(i)));
    }
    return out;
  }

  /** The approved options, in the options' order. */
  public List<String> approvedOptions() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < options.size(); i++) {
      if (approved.contains(i)) {
        out.add(options.get(i));
      }
    }
    return out;
  }

  public int rankOf(int option) {
    return option < ranks.size() ? ranks.get(option) : 0;
  }

  public int scoreOf(int option) {
    return option < scores.size() ? scores.get(option) : 0;
  }

  public boolean approves(int option) {
    return approved.contains(option);
  }
}
