package org.commune.governance.counting;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads the BLT ballot format used by STV counting programs: "candidates seats", then lines "count
 * pref pref … 0" (the trailing 0 may be missing), a lone "0", then the candidates' names in quotes,
 * then optionally the election's title. Lines starting with # are comments; lines may be padded.
 */
public final class Blt {

  private Blt() {}

  public record Election(List<String> candidates, int seats, List<ScottishStv.Ballot> ballots) {}

  public static Election parse(String text) {
    List<String> lines = new ArrayList<>();
    for (String line : text.split("\\R")) {
      String trimmed = line.strip();
      if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
        lines.add(trimmed);
      }
    }
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("empty BLT file");
    }
    String[] header = lines.get(0).split("\\s+");
    int candidateCount = Integer.parseInt(header[0]);
    int seats = Integer.parseInt(header[1]);
    List<int[]> preferences = new ArrayList<>();
    List<Long> counts = new ArrayList<>();
    int i = 1;
    for (; i < lines.size(); i++) {
      String[] fields = lines.get(i).split("\\s+");
      if (fields.length == 1 && fields[0].equals("0")) {
        i++;
        break;
      }
      long count = Long.parseLong(fields[0]);
      List<Integer> prefs = new ArrayList<>();
      for (int f = 1; f < fields.length; f++) {
        int candidate = Integer.parseInt(fields[f]);
        if (candidate == 0) {
          break;
        }
        if (candidate < 1 || candidate > candidateCount) {
          throw new IllegalArgumentException("line " + (i + 1) + " names candidate " + candidate);
        }
        if (prefs.contains(candidate - 1)) {
          throw new IllegalArgumentException("line " + (i + 1) + " ranks candidate " + candidate + " twice");
        }
        prefs.add(candidate - 1);
      }
      counts.add(count);
      preferences.add(prefs.stream().mapToInt(Integer::intValue).toArray());
    }
    List<String> names = new ArrayList<>();
    for (int c = 0; c < candidateCount && i < lines.size(); c++, i++) {
      names.add(unquote(lines.get(i)));
    }
    if (names.size() != candidateCount) {
      throw new IllegalArgumentException("the file names " + names.size() + " of " + candidateCount + " candidates");
    }
    List<ScottishStv.Ballot> ballots = new ArrayList<>();
    for (int b = 0; b < preferences.size(); b++) {
      ballots.add(new ScottishStv.Ballot(preferences.get(b), counts.get(b)));
    }
    return new Election(names, seats, ballots);
  }

  private static String unquote(String line) {
    return line.startsWith("\"") && line.endsWith("\"") && line.length() >= 2 ? line.substring(1, line.length() - 1) : line;
  }
}
