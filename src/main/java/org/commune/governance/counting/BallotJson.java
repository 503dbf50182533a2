package org.commune.governance.counting;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.commune.web.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@link BallotSet} as the JSON a vote's export holds and {@code ./commune tally} reads:
 * {@code {"method": "schulze", "options": [...], "seats": 1, "seed": 42, "threshold": "2/3", "maxScore": 5,
 * "maxApprovals": 0, "ballots": [{"ranks": [1, 0, 2], "weight": 1} | {"approved": [0, 2]} |
 * {"scores": [5, 0, 3]} | {"choice": "yes"}]}}. Reading is strict: a value of the wrong type
 * ({@code "x"}, {@code true}, {@code 2.9}, {@code 1e20}), out of range or of an unknown field is
 * refused with the ballot's number and the field, never coerced; a syntax error names its line and
 * column.
 */
public final class BallotJson {

  /** Its own mapper, not the shared one: a ballot file with a key twice is refused, never read by the last one. */
  private static final JsonMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
  private static final Set<String> BALLOT_FIELDS = Set.of("choice", "ranks", "approved", "scores");
  /** The fields of an export; "proposal" and "title" are the header a vote's export writes first. */
  private static final Set<String> FIELDS = Set.of("proposal", "title", "method", "options", "seats", "seed",
      "threshold", "maxScore", "maxApprovals", "strength", "skipOvervotes", "withdrawn", "ballots");

  private BallotJson() {}

  /** How deep a ballot file's arrays and objects may nest: an export needs 3, a NIST record about 12. */
  public static final int MAX_DEPTH = 64;

  /**
   * Refuses JSON whose arrays and objects nest deeper than {@link #MAX_DEPTH}, with the line and column
   * where it passes the limit: the parser's own limit names no position.
   */
  public static void requireShallow(String json) {
    int depth = 0;
    int line = 1;
    int column = 0;
    boolean inString = false;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      column++;
      if (c == '\n') {
        line++;
        column = 0;
      } else if (inString) {
        if (c == '\\') {
          i++;
          column++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '[' || c == '{') {
        if (++depth > MAX_DEPTH) {
          throw new IllegalArgumentException("the JSON nests arrays and objects more than " + MAX_DEPTH
              + " deep at line " + line + ", column " + column);
        }
      } else if (c == ']' || c == '}') {
        depth--;
      }
    }
  }

  /** The ballot set a JSON export holds. */
  public static BallotSet parse(String text) {
    requireShallow(text);
    JsonNode root;
    try {
      root = JSON.readTree(text.startsWith("\uFEFF") ? text.substring(1) : text);
    } catch (JacksonException e) {
      TokenStreamLocation at = e.getLocation();
      throw new IllegalArgumentException("the JSON is not well formed"
          + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr()) + ": "
          + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("the JSON is not an object with \"options\" and \"ballots\"");
    }
    for (String field : root.propertyNames()) {
      if (!FIELDS.contains(field)) {
        throw new IllegalArgumentException("unknown field \"" + field + "\" (an export has "
            + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
      }
    }
    JsonNode optionList = root.path("options");
    if (!optionList.isArray()) {
      throw new IllegalArgumentException("the export names no options (\"options\" must be a list of names)");
    }
    List<String> options = new ArrayList<>();
    for (int o = 0; o < optionList.size(); o++) {
      JsonNode name = optionList.get(o);
      if (!name.isString()) {
        throw new IllegalArgumentException("options[" + o + "] is " + name + ", not a name in quotes");
      }
      options.add(name.asString());
    }
    if (options.isEmpty()) {
      throw new IllegalArgumentException("the export names no options");
    }
    BallotSet.requireFewOptions(options.size(), "\"options\"");
    int maxScore = (int) whole(root, "maxScore", 5, 1, 1_000_000, "");
    int maxApprovals = (int) whole(root, "maxApprovals", 0, 0, Integer.MAX_VALUE, "");
    List<WeightedBallot> ballots = new ArrayList<>();
    JsonNode list = root.path("ballots");
    if (!list.isArray()) {
      throw new IllegalArgumentException("\"ballots\" must be a list");
    }
    for (int b = 0; b < list.size(); b++) {
      ballots.add(ballot(list.get(b), b + 1, options.size()));
    }
    CountingMethod method = root.has("method") ? CountingMethod.of(text(root, "method"))
        : ballots.isEmpty() ? CountingMethod.SCHULZE : defaultFor(ballots.getFirst().kind());
    Schulze.Strength strength = root.has("strength") ? strength(text(root, "strength")) : Schulze.Strength.WINNING_VOTES;
    JsonNode skip = root.path("skipOvervotes");
    if (!skip.isMissingNode() && !skip.isBoolean()) {
      throw new IllegalArgumentException("\"skipOvervotes\" is " + skip + ", not true or false");
    }
    Fraction threshold = root.has("threshold") ? Fraction.parse(text(root, "threshold")) : new Fraction(2, 3);
    if (threshold.numerator() == 0) {
      throw new IllegalArgumentException("\"threshold\" is " + threshold + ": a threshold is more than 0 and at most 1"
          + " (a majority is 1/2, a supermajority such as 2/3)");
    }
    return new BallotSet(method, options, (int) whole(root, "seats", 1, 1, Integer.MAX_VALUE, ""),
        whole(root, "seed", 1, Long.MIN_VALUE, Long.MAX_VALUE, ""), threshold, maxScore, maxApprovals,
        strength, IrvRules.withOvervotes(skip.asBoolean(false)), ballots, withdrawn(root, options), List.of());
  }

  /**
   * The withdrawn candidates' names: a list of distinct names in quotes, none of them among the
   * options (a withdrawn candidate is not counted, so it cannot be an option as well).
   */
  private static List<String> withdrawn(JsonNode root, List<String> options) {
    JsonNode list = root.get("withdrawn");
    List<String> withdrawn = new ArrayList<>();
    if (list == null) {
      return withdrawn;
    }
    if (!list.isArray()) {
      throw new IllegalArgumentException("\"withdrawn\" is " + list + ", not a list of names");
    }
    for (int w = 0; w < list.size(); w++) {
      JsonNode name = list.get(w);
      if (!name.isString()) {
        throw new IllegalArgumentException("withdrawn[" + w + "] is " + name + ", not a name in quotes");
      }
      if (options.contains(name.asString())) {
        throw new IllegalArgumentException("withdrawn[" + w + "] \"" + name.asString()
            + "\" is also an option: a withdrawn candidate is left out of \"options\"");
      }
      if (withdrawn.contains(name.asString())) {
        throw new IllegalArgumentException("withdrawn[" + w + "] \"" + name.asString() + "\" is listed twice");
      }
      withdrawn.add(name.asString());
    }
    return withdrawn;
  }

  /** The strength a code names: only {@code winning-votes} and {@code margins}. */
  public static Schulze.Strength strength(String code) {
    return switch (code) {
      case "winning-votes" -> Schulze.Strength.WINNING_VOTES;
      case "margins" -> Schulze.Strength.MARGINS;
      default -> throw new IllegalArgumentException("strength \"" + code + "\" is neither winning-votes nor margins");
    };
  }

  private static CountingMethod defaultFor(WeightedBallot.BallotKind kind) {
    return switch (kind) {
      case CHOICE -> CountingMethod.MAJORITY;
      case RANKS -> CountingMethod.SCHULZE;
      case APPROVAL -> CountingMethod.APPROVAL;
      case SCORES -> CountingMethod.SCORE;
    };
  }

  /**
   * One ballot as a vote stores it ({@code {"ranks": [...]}} and the like), with its weight; {@code number}
   * (from 1) names it in messages.
   */
  public static WeightedBallot ballot(String json, long weight, int number, int options) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JacksonException e) {
      throw new IllegalArgumentException("ballot " + number + " is not well-formed JSON");
    }
    if (!(node instanceof ObjectNode stored)) {
      throw new IllegalArgumentException("ballot " + number + " is not an object");
    }
    stored.put("weight", weight);
    return ballot(stored, number, options);
  }

  private static WeightedBallot ballot(JsonNode node, int number, int options) {
    String where = "ballot " + number;
    if (!node.isObject()) {
      throw new IllegalArgumentException(where + " is " + node + ", not an object");
    }
    List<String> kinds = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      if (BALLOT_FIELDS.contains(field.getKey())) {
        kinds.add(field.getKey());
      } else if (!field.getKey().equals("weight")) {
        throw new IllegalArgumentException(where + " has an unknown field \"" + field.getKey() + "\"");
      }
    }
    if (kinds.size() != 1) {
      throw new IllegalArgumentException(where + (kinds.isEmpty() ? " has neither choice, ranks, approved nor scores"
          : " has both " + String.join(" and ", kinds) + ": a ballot holds one"));
    }
    long weight = whole(node, "weight", 1, 1, Long.MAX_VALUE, where + ", ");
    String kind = kinds.getFirst();
    JsonNode value = node.get(kind);
    if (kind.equals("choice")) {
      String choice = value.isString() ? value.asString() : value.toString();
      for (YesNoBallot.Answer answer : YesNoBallot.Answer.values()) {
        if (answer.code().equals(choice) && value.isString()) {
          return new YesNoBallot(answer, weight);
        }
      }
      throw new IllegalArgumentException(where + ", field choice: " + value + " is not \"yes\", \"no\" or \"abstain\"");
    }
    if (!value.isArray()) {
      throw new IllegalArgumentException(where + ", field " + kind + ": " + value + " is not a list");
    }
    int[] numbers = new int[value.size()];
    for (int i = 0; i < numbers.length; i++) {
      numbers[i] = (int) number(value.get(i), where + ", field " + kind + "[" + i + "]", 0, Integer.MAX_VALUE);
    }
    return switch (kind) {
      case "ranks" -> {
        if (numbers.length != options) {
          throw new IllegalArgumentException(where + ", field ranks: " + numbers.length + " ranks for " + options
              + " options (0 for an unranked option)");
        }
        yield new RankedBallot(numbers, weight);
      }
      case "approved" -> {
        Set<Integer> approved = new HashSet<>();
        for (int i = 0; i < numbers.length; i++) {
          if (!approved.add(numbers[i])) {
            throw new IllegalArgumentException(where + ", field approved[" + i + "]: option " + numbers[i] + " approved twice");
          }
        }
        yield new Approval.Ballot(approved, weight);
      }
      default -> new Score.Ballot(numbers, weight);
    };
  }

  private static String text(JsonNode root, String field) {
    JsonNode value = root.get(field);
    if (!value.isString()) {
      throw new IllegalArgumentException("\"" + field + "\" is " + value + ", not text in quotes");
    }
    return value.asString();
  }

  private static long whole(JsonNode node, String field, long absent, long min, long max, String where) {
    JsonNode value = node.get(field);
    return value == null ? absent : number(value, where + "field " + field, min, max);
  }

  /** A whole number within [min, max]; anything else (text, true, 2.9, 1e20) is refused, never coerced. */
  private static long number(JsonNode value, String where, long min, long max) {
    if (!value.isIntegralNumber()) {
      throw new IllegalArgumentException(where + ": " + value + " is not a whole number");
    }
    if (!value.canConvertToLong() || value.longValue() < min || value.longValue() > max) {
      throw new IllegalArgumentException(where + ": " + value + " is outside " + min + " to " + max);
    }
    return value.longValue();
  }

  /** The JSON of a ballot set: {@code header} first (e.g. the proposal's id), then the set. */
  public static String write(BallotSet set, Map<String, Object> header) {
    Map<String, Object> out = new LinkedHashMap<>(header);
    out.put("method", set.method().code());
    out.put("options", set.options());
    out.put("seats", set.seats());
    out.put("maxScore", set.maxScore());
    out.put("maxApprovals", set.maxApprovals());
    out.put("threshold", set.threshold().toString());
    out.put("seed", set.seed());
    if (set.strength() != Schulze.Strength.WINNING_VOTES) {
      out.put("strength", "margins");
    }
    if (set.skipOvervotes()) {
      out.put("skipOvervotes", true);
    }
    if (!set.withdrawn().isEmpty()) {
      out.put("withdrawn", set.withdrawn());
    }
    out.put("ballots", set.ballots().stream().map(BallotJson::fields).toList());
    return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(out);
  }

  /** A ballot's fields as stored and exported. */
  static Map<String, Object> fields(WeightedBallot ballot) {
    Map<String, Object> out = new LinkedHashMap<>();
    switch (ballot) {
      case YesNoBallot yesNo -> out.put("choice", yesNo.answer().code());
      case RankedBallot ranked -> out.put("ranks", ranked.ranks());
      case Approval.Ballot approval -> out.put("approved", new TreeSet<>(approval.approved()));
      case Score.Ballot score -> out.put("scores", score.scores());
    }
    out.put("weight", ballot.weight());
    return out;
  }

  /**
   * The ballots sorted by their content: an export's order then says nothing about who voted when, and
   * the count reads the same order as the export.
   */
  public static List<WeightedBallot> sorted(List<WeightedBallot> ballots) {
    List<WeightedBallot> sorted = new ArrayList<>(ballots);
    sorted.sort(Comparator.comparing(b -> Json.MAPPER.writeValueAsString(fields(b))));
    return sorted;
  }
}
