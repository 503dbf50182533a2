package org.commune.governance.counting;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.net.URISyntaxException;
import java.net.URL;
import org.commune.web.Json;
import tools.jackson.databind.JsonNode;

/**
 * The reference elections in src/test/resources/reference-elections (each folder with its PROVENANCE.md), read
 * where the tests need them. They are part of the repository, so a missing folder is a broken checkout: the test
 * fails, it is never skipped.
 */
public final class ReferenceData {

  private ReferenceData() {}

  /** The folder on the test class path; fails with a message when it is absent. */
  public static Path folder(String name) {
    URL url = ReferenceData.class.getResource("/reference-elections/" + name);
    if (url == null) {
      throw new IllegalStateException("reference data src/test/resources/reference-elections/" + name
          + " is missing from this checkout: the counting tests need it");
    }
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonNode examples() throws IOException {
    return Json.MAPPER.readTree(Files.readString(folder("canonical-examples").resolve("examples.json")));
  }

  /** Ballots written as strings of one-letter candidates, best first: [[count, "ACBED"], …]. */
  static List<RankedBallot> letterBallots(List<String> options, JsonNode ballots) {
    List<RankedBallot> result = new ArrayList<>();
    for (JsonNode ballot : ballots) {
      long count = ballot.get(0).asLong();
      String order = ballot.get(1).asString();
      List<Integer> best = new ArrayList<>();
      for (char c : order.toCharArray()) {
        best.add(options.indexOf(String.valueOf(c)));
      }
      result.add(RankedBallot.ofOrder(options.size(), best, count));
    }
    return result;
  }

  /** Ballots written as lists of names, best first: [[count, ["Alice", "Bob"]], …]. */
  static List<RankedBallot> namedBallots(List<String> options, JsonNode ballots) {
    List<RankedBallot> result = new ArrayList<>();
    for (JsonNode ballot : ballots) {
      List<Integer> best = new ArrayList<>();
      for (JsonNode name : ballot.get(1)) {
        best.add(options.indexOf(name.asString()));
      }
      result.add(RankedBallot.ofOrder(options.size(), best, ballot.get(0).asLong()));
    }
    return result;
  }

  static List<ScottishStv.Ballot> stvBallots(List<String> options, JsonNode ballots) {
    List<ScottishStv.Ballot> result = new ArrayList<>();
    for (JsonNode ballot : ballots) {
      List<Integer> best = new ArrayList<>();
      for (JsonNode name : ballot.get(1)) {
        best.add(options.indexOf(name.asString()));
      }
      result.add(new ScottishStv.Ballot(best.stream().mapToInt(Integer::intValue).toArray(), ballot.get(0).asLong()));
    }
    return result;
  }

  /** A Debian tally sheet: option names from the header, one ballot per "V:" line. */
  record DebianTally(List<String> options, List<RankedBallot> ballots) {}

  static DebianTally debian(String file) throws IOException {
    String text = Files.readString(folder("debian-dpl-schulze").resolve(file), Charset.forName("ISO-8859-1"));
    List<String> options = new ArrayList<>();
    Matcher option = Pattern.compile("Option (\\d+)-*>: (.+)").matcher(text);
    while (option.find()) {
      options.add(option.group(2).strip());
    }
    List<RankedBallot> ballots = new ArrayList<>();
    Matcher vote = Pattern.compile("(?m)^V: (\\S+)\\s").matcher(text);
    while (vote.find()) {
      String ranks = vote.group(1);
      int[] r = new int[options.size()];
      for (int i = 0; i < ranks.length(); i++) {
        char c = ranks.charAt(i);
        r[i] = c == '-' ? 0 : Character.digit(c, 36);
      }
      ballots.add(new RankedBallot(r, 1));
    }
    return new DebianTally(options, ballots);
  }
}
