package org.commune.governance.counting;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the BLT ballot format used by STV counting programs: "candidates seats"; optionally a line of
 * withdrawn candidates as negative numbers ({@code -2 -5}); lines "count pref pref … 0" (the
 * trailing 0 may be missing; nothing may follow it); a lone "0"; the candidates' names in quotes, each
 * optionally followed by a party ({@code "Ann Smith" "Green"}); then optionally the election's title.
 * Lines starting with # before the names are comments (a name line starting with # is refused, and so
 * is any line after the names and the title); lines may be padded; a UTF-8 byte-order mark is skipped;
 * at most {@link BallotSet#MAX_OPTIONS} candidates. Every error names its line and column.
 */
public final class Blt {

  private Blt() {}

  /**
   * A BLT election. The withdrawn candidates are left out of {@code candidates} (and of the ballots,
   * whose preferences for them are skipped), so the count never sees them.
   */
  public record Election(List<String> candidates, int seats, List<ScottishStv.Ballot> ballots, List<String> parties,
      List<String> withdrawn, String title) {

    /** The ballot set counted by {@code method} with the tie-break {@code seed}. */
    public BallotSet ballotSet(CountingMethod method, long seed) {
      List<WeightedBallot> ranked = new ArrayList<>(ballots.size());
      for (ScottishStv.Ballot ballot : ballots) {
        int[] ranks = new int[candidates.size()];
        for (int p = 0; p < ballot.preferences().length; p++) {
          ranks[ballot.preferences()[p]] = p + 1;
        }
        ranked.add(new RankedBallot(ranks, ballot.count()));
      }
      boolean anyParty = parties.stream().anyMatch(p -> !p.isEmpty());
      return new BallotSet(method, candidates, seats, seed, Fraction.HALF, 5, 0, Schulze.Strength.WINNING_VOTES, IrvRules.DEFAULT,
          ranked, withdrawn, anyParty ? parties : List.of());
    }
  }

  /** One whitespace-separated field of a line, with its 1-based column. */
  private record Field(String text, int column) {}

  /** A line that is not blank or a comment, with its 1-based number in the file. */
  private record Line(int number, String text) {
    List<Field> fields() {
      List<Field> fields = new ArrayList<>();
      int i = 0;
      while (i < text.length()) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
          i++;
        }
        int start = i;
        while (i < text.length() && !Character.isWhitespace(text.charAt(i))) {
          i++;
        }
        if (i > start) {
          fields.add(new Field(text.substring(start, i), start + 1));
        }
      }
      return fields;
    }

    IllegalArgumentException error(int column, String problem) {
      return new IllegalArgumentException("line " + number + ", column " + column + ": " + problem);
    }

    long number(Field field, long min, long max, String what) {
      if (!field.text().matches("-?\\d{1,19}")) {
        throw error(field.column(), "\"" + field.text() + "\" is not a whole number (" + what + ")");
      }
      long value;
      try {
        value = Long.parseLong(field.text());
      } catch (NumberFormatException tooLarge) {
        throw error(field.column(), field.text() + " is too large (" + what + ")");
      }
      if (value < min || value > max) {
        throw error(field.column(), field.text() + " is outside " + min + " to " + max + " (" + what + ")");
      }
      return value;
    }
  }

  public static Election parse(String text) {
    String[] raw = (text.startsWith("\uFEFF") ? text.substring(1) : text).split("\\R", -1);
    // Every non-blank line; a # comment is dropped only before the names (see below).
    List<Line> all = new ArrayList<>();
    for (int n = 0; n < raw.length; n++) {
      if (!raw[n].isBlank()) {
        all.add(new Line(n + 1, raw[n]));
      }
    }
    List<Line> lines = all.stream().filter(l -> !l.text().strip().startsWith("#")).toList();
    if (lines.isEmpty()) {
      throw new IllegalArgumentException("empty BLT file");
    }
    Line head = lines.get(0);
    List<Field> header = head.fields();
    if (header.size() != 2) {
      throw head.error(1, "the first line must be \"candidates seats\" (two numbers), not \"" + head.text().strip() + "\"");
    }
    int candidateCount = (int) head.number(header.get(0), 1, BallotSet.MAX_OPTIONS, "the number of candidates");
    int seats = (int) head.number(header.get(1), 1, candidateCount, "the number of seats");
    int i = 1;
    Set<Integer> withdrawn = new HashSet<>();
    if (i < lines.size() && lines.get(i).fields().getFirst().text().startsWith("-")) {
      Line line = lines.get(i++);
      for (Field field : line.fields()) {
        int candidate = (int) -line.number(field, -candidateCount, -1, "a withdrawn candidate, as -number");
        if (!withdrawn.add(candidate - 1)) {
          throw line.error(field.column(), "candidate " + candidate + " is withdrawn twice");
        }
      }
    }
    List<int[]> preferences = new ArrayList<>();
    List<Long> counts = new ArrayList<>();
    boolean ended = false;
    int namesFrom = all.size();
    for (; i < lines.size(); i++) {
      Line line = lines.get(i);
      List<Field> fields = line.fields();
      if (fields.size() == 1 && fields.get(0).text().equals("0")) {
        namesFrom = all.indexOf(line) + 1;
        i++;
        ended = true;
        break;
      }
      long count = line.number(fields.get(0), 1, Long.MAX_VALUE, "a ballot's count");
      List<Integer> prefs = new ArrayList<>();
      Set<Integer> seen = new HashSet<>();
      for (int f = 1; f < fields.size(); f++) {
        Field field = fields.get(f);
        if (field.text().contains("=")) {
          throw line.error(field.column(), "equal preferences (\"" + field.text() + "\") cannot be counted by STV");
        }
        int candidate = (int) line.number(field, 0, candidateCount, "a candidate's number, or 0 to end the ballot");
        if (candidate == 0) {
          if (f + 1 < fields.size()) {
            throw line.error(fields.get(f + 1).column(), "a preference after the 0 that ends the ballot");
          }
          break;
        }
        if (!seen.add(candidate)) {
          throw line.error(field.column(), "candidate " + candidate + " is ranked twice");
        }
        if (!withdrawn.contains(candidate - 1)) {
          prefs.add(candidate - 1);
        }
      }
      counts.add(count);
      preferences.add(prefs.stream().mapToInt(Integer::intValue).toArray());
    }
    if (!ended) {
      throw new IllegalArgumentException("line " + lines.getLast().number() + ": no line holding a lone 0 ends the ballots");
    }
    // The names section keeps its # lines: a name line starting with # is refused, never read as a comment.
    lines = all.subList(namesFrom, all.size());
    i = 0;
    List<String> names = new ArrayList<>();
    List<String> parties = new ArrayList<>();
    for (int c = 0; c < candidateCount; c++, i++) {
      if (i >= lines.size()) {
        throw new IllegalArgumentException("the file names " + c + " of " + candidateCount + " candidates");
      }
      String[] nameAndParty = nameAndParty(lines.get(i));
      names.add(nameAndParty[0]);
      parties.add(nameAndParty[1]);
    }
    String title = i < lines.size() ? unquote(lines.get(i).text().strip()) : "";
    if (i + 1 < lines.size()) {
      throw lines.get(i + 1).error(1, "a line after the " + candidateCount + " names and the title: the file names"
          + " more candidates than its first line declares");
    }
    // Withdrawn candidates leave the list: candidate numbers are renumbered over those who stand.
    int[] renumber = new int[candidateCount];
    List<String> standing = new ArrayList<>();
    List<String> standingParties = new ArrayList<>();
    List<String> withdrawnNames = new ArrayList<>();
    for (int c = 0; c < candidateCount; c++) {
      if (withdrawn.contains(c)) {
        withdrawnNames.add(names.get(c));
        renumber[c] = -1;
      } else {
        renumber[c] = standing.size();
        standing.add(names.get(c));
        standingParties.add(parties.get(c));
      }
    }
    if (seats > standing.size()) {
      throw head.error(header.get(1).column(), seats + " seats for " + standing.size() + " candidates still standing");
    }
    List<ScottishStv.Ballot> ballots = new ArrayList<>();
    for (int b = 0; b < preferences.size(); b++) {
      int[] prefs = preferences.get(b);
      for (int p = 0; p < prefs.length; p++) {
        prefs[p] = renumber[prefs[p]];
      }
      ballots.add(new ScottishStv.Ballot(prefs, counts.get(b)));
    }
    return new Election(standing, seats, ballots, standingParties, withdrawnNames, title);
  }

  /** A candidate line: a name (in quotes, or the first field), then optionally a party. */
  private static String[] nameAndParty(Line line) {
    String text = line.text().strip();
    if (text.startsWith("\"")) {
      int close = text.indexOf('"', 1);
      if (close < 0) {
        throw line.error(line.text().indexOf('"') + 1, "a name's quotes are not closed");
      }
      return new String[] {text.substring(1, close), unquote(text.substring(close + 1).strip())};
    }
    if (text.startsWith("#")) {
      throw line.error(line.text().indexOf('#') + 1, "a name line starting with # (put the name in quotes: \""
          + text + "\")");
    }
    return new String[] {text, ""};
  }

  private static String unquote(String text) {
    return text.startsWith("\"") && text.endsWith("\"") && text.length() >= 2 ? text.substring(1, text.length() - 1) : text;
  }
}
