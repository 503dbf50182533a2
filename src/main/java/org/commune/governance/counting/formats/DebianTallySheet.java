package org.commune.governance.counting.formats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commune.governance.counting.BallotSet;
import org.commune.governance.counting.RankedBallot;

/**
 * Reads a Debian tally sheet as devotee publishes it (debian.org/vote/YYYY/vote_NNN_tally.txt): option
 * names in lines {@code Option N--->: Name}, then one line per voter {@code V: 3-311-56 <hash>}, where
 * the n-th character is the rank the voter gave option n ({@code 1}–{@code 9}, then {@code A}–{@code Z}
 * for 10–35, {@code -} for unranked). Equal characters are equal ranks. As Debian's constitution (A.6)
 * prescribes, an unranked option ranks below every ranked one, which is what {@link RankedBallot}'s 0
 * means; only the order counts, so ranks are renumbered 1, 2, 3 ... without gaps ({@link #dense}). The
 * hash column is ignored. Devotee wrote older sheets in ISO-8859-1: read the file with
 * {@link ImportedBallots#decode}.
 */
public final class DebianTallySheet {

  private static final Pattern OPTION = Pattern.compile("Option\\s+([0-9]+)-*>:\\s*(.*?)\\s*$");
  private static final Pattern VOTE = Pattern.compile("^V:\\s+(\\S+)(?:\\s+\\S+)?\\s*$");

  private DebianTallySheet() {}

  public static ImportedBallots parse(String text) {
    List<String> lines = text.lines().toList();
    List<String> names = new ArrayList<>();
    List<RankedBallot> ballots = new ArrayList<>();
    String title = "";
    for (int l = 0; l < lines.size(); l++) {
      String line = lines.get(l).strip();
      if (l == 0 && line.startsWith("\uFEFF")) {
        line = line.substring(1).strip();
      }
      Matcher option = OPTION.matcher(line);
      if (line.startsWith("V:")) {
        Matcher vote = VOTE.matcher(line);
        if (!vote.matches()) {
          throw new IllegalArgumentException("line " + (l + 1) + ": expected \"V: <ranks> <hash>\"");
        }
        if (names.isEmpty()) {
          throw new IllegalArgumentException("line " + (l + 1) + ": a vote comes before any \"Option N--->:\" line");
        }
        ballots.add(ballot(vote.group(1), names.size(), l + 1, lines.get(l).indexOf(vote.group(1)) + 1));
      } else if (option.find()) {
        if (option.group(1).length() > 4) {
          throw new IllegalArgumentException("line " + (l + 1) + ": option number " + option.group(1)
              + " is too large (a count takes at most " + BallotSet.MAX_OPTIONS + " options)");
        }
        int number = Integer.parseInt(option.group(1));
        if (!ballots.isEmpty()) {
          throw new IllegalArgumentException("line " + (l + 1) + ": option " + number + " is named after the votes");
        }
        if (number != names.size() + 1) {
          throw new IllegalArgumentException("line " + (l + 1) + ": expected option " + (names.size() + 1)
              + ", found option " + number);
        }
        BallotSet.requireFewOptions(number, "line " + (l + 1));
        names.add(option.group(2));
      } else if (title.isEmpty() && line.startsWith("Tally Sheet")) {
        title = line;
      }
    }
    if (ballots.isEmpty()) {
      throw new IllegalArgumentException("no \"V:\" lines: this is not a Debian tally sheet");
    }
    ImportedBallots.requireDistinct(names, "tally sheet");
    return new ImportedBallots(title, names, ImportedBallots.merged(ballots), List.of(
        "Debian tally sheet: an unranked option ranks below every ranked one; equal digits are equal ranks"));
  }

  /**
   * The ranks renumbered 1, 2, 3 ... keeping their order and ties ({@code 3-5-5} becomes {@code 1-2-2}):
   * Debian's constitution (A.6) reads only the order of a voter's marks, and voters often skip numbers,
   * which Commune's ranked methods other than IRV refuse as a gap.
   */
  static int[] dense(int[] ranks) {
    int[] used = Arrays.stream(ranks).filter(r -> r > 0).distinct().sorted().toArray();
    int[] out = new int[ranks.length];
    for (int o = 0; o < ranks.length; o++) {
      out[o] = ranks[o] == 0 ? 0 : Arrays.binarySearch(used, ranks[o]) + 1;
    }
    return out;
  }

  private static RankedBallot ballot(String marks, int optionCount, int line, int column) {
    if (marks.length() != optionCount) {
      throw new IllegalArgumentException("line " + line + ", column " + column + ": " + marks.length()
          + " marks for " + optionCount + " options");
    }
    int[] ranks = new int[optionCount];
    for (int o = 0; o < optionCount; o++) {
      char c = marks.charAt(o);
      if (c == '-') {
        continue;
      }
      // Only what devotee writes: ASCII 1-9 and capital A-Z (never lowercase or other scripts' digits).
      int rank = c >= '1' && c <= '9' ? c - '0' : c >= 'A' && c <= 'Z' ? c - 'A' + 10 : 0;
      if (rank < 1) {
        throw new IllegalArgumentException("line " + line + ", column " + (column + o) + ": \"" + c
            + "\" is not a rank (1-9, A-Z or -)");
      }
      ranks[o] = rank;
    }
    return new RankedBallot(dense(ranks), 1);
  }
}
