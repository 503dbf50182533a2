package org.commune.governance.counting.formats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.commune.governance.counting.BallotSet;
import org.commune.governance.counting.RankedBallot;

/**
 * Reads PrefLib's ordinal formats (preflib.org, format of 2022): SOI (strict orders, incomplete), TOI
 * (orders with ties, incomplete), and their complete forms SOC and TOC. Header lines start with
 * {@code #} ({@code # ALTERNATIVE NAME 3: Name}, {@code # DATA TYPE: toi} ...); each other line is
 * {@code count: 4,{1,3},2}: that many voters put alternative 4 first, 1 and 3 tied second, 2 third.
 *
 * <p>Ties inside a ranking follow the stated rule {@link Ties}: by default tied alternatives share one
 * rank (so Schulze reads them as equal and instant runoff reads them as an overvote, handled by its
 * overvote rule); alternatives a voter left out are unranked, below every ranked one.
 */
public final class PrefLibFormat {

  /** What a tie inside one voter's ranking ({@code {1,3}}) means. */
  public enum Ties {
    /** The tied alternatives share one rank; the next alternative takes the next rank. */
    EQUAL_RANK,
    /** A tie is an error (a strict-order file, SOI or SOC, must not have one). */
    REFUSE
  }

  private PrefLibFormat() {}

  public static ImportedBallots parse(String text, Ties ties) {
    List<String> lines = text.lines().toList();
    Map<Integer, String> names = new TreeMap<>();
    String title = "";
    String type = "";
    int declared = -1;
    long declaredVoters = -1;
    long declaredOrders = -1;
    List<String[]> body = new ArrayList<>();
    List<Integer> bodyLines = new ArrayList<>();
    for (int l = 0; l < lines.size(); l++) {
      String line = lines.get(l).strip();
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("#")) {
        String header = line.substring(1).strip();
        int colon = header.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String key = header.substring(0, colon).strip().toUpperCase(Locale.ROOT);
        String value = header.substring(colon + 1).strip();
        if (key.startsWith("ALTERNATIVE NAME ")) {
          int number = wholeNumber(key.substring("ALTERNATIVE NAME ".length()), l + 1, 1 + line.indexOf("NAME") + 5);
          BallotSet.requireFewOptions(number, "line " + (l + 1));
          if (names.put(number, value) != null) {
            throw new IllegalArgumentException("line " + (l + 1) + ": alternative " + number + " is named twice");
          }
        } else if (key.equals("TITLE")) {
          title = value;
        } else if (key.equals("DATA TYPE")) {
          type = value.toLowerCase(Locale.ROOT);
        } else if (key.equals("NUMBER VOTERS")) {
          declaredVoters = wholeLong(value, l + 1, line.indexOf(value) + 1);
        } else if (key.equals("NUMBER UNIQUE ORDERS")) {
          declaredOrders = wholeLong(value, l + 1, line.indexOf(value) + 1);
        } else if (key.equals("NUMBER ALTERNATIVES")) {
          declared = wholeNumber(value, l + 1, line.indexOf(value) + 1);
          BallotSet.requireFewOptions(declared, "line " + (l + 1));
        }
        continue;
      }
      body.add(new String[] {lines.get(l)});
      bodyLines.add(l + 1);
    }
    if (!List.of("soi", "toi", "soc", "toc", "").contains(type)) {
      throw new IllegalArgumentException("DATA TYPE " + type + " is not an ordinal PrefLib file (soi, toi, soc, toc)");
    }
    if (type.startsWith("s") && ties == Ties.EQUAL_RANK) {
      ties = Ties.REFUSE; // a strict-order file promises no ties: one is an error in the file
    }
    int n = declared >= 0 ? declared : names.size();
    if (n < 1) {
      throw new IllegalArgumentException("the file declares no alternatives (# NUMBER ALTERNATIVES / # ALTERNATIVE NAME n)");
    }
    List<String> options = new ArrayList<>();
    for (int a = 1; a <= n; a++) {
      String name = names.get(a);
      if (name == null) {
        throw new IllegalArgumentException("no \"# ALTERNATIVE NAME " + a + ":\" line");
      }
      options.add(name);
    }
    if (names.size() != n) {
      throw new IllegalArgumentException("the file names " + names.size() + " alternatives but declares " + n);
    }
    ImportedBallots.requireDistinct(options, "PrefLib file");
    List<RankedBallot> ballots = new ArrayList<>();
    boolean tied = false;
    long voters = 0;
    for (int b = 0; b < body.size(); b++) {
      Order order = order(body.get(b)[0], n, bodyLines.get(b), ties);
      tied |= order.tied;
      if (type.endsWith("c") && Arrays.stream(order.ranks).anyMatch(r -> r == 0)) {
        throw new IllegalArgumentException("line " + bodyLines.get(b) + ": a " + type.toUpperCase(Locale.ROOT)
            + " file holds complete orders, but this one leaves alternatives out");
      }
      voters = ImportedBallots.add(voters, order.count, "line " + bodyLines.get(b));
      ballots.add(new RankedBallot(order.ranks, order.count));
    }
    if (declaredVoters >= 0 && voters != declaredVoters) {
      throw new IllegalArgumentException("the header declares " + declaredVoters + " voters, the orders hold " + voters);
    }
    if (declaredOrders >= 0 && body.size() != declaredOrders) {
      throw new IllegalArgumentException("the header declares " + declaredOrders + " unique orders, the file has "
          + body.size());
    }
    List<String> notes = new ArrayList<>();
    notes.add("PrefLib " + (type.isEmpty() ? "order" : type.toUpperCase(Locale.ROOT))
        + " file: alternatives a voter left out are unranked, below every ranked one");
    if (tied) {
      notes.add("ties inside a ranking share one rank (instant runoff reads them as an overvote)");
    }
    return new ImportedBallots(title, options, ImportedBallots.merged(ballots), notes);
  }

  private record Order(int[] ranks, long count, boolean tied) {}

  /**
   * One line {@code count: a,{b,c},d}, read exactly as PrefLib writes it (ASCII digits, one comma
   * between items, no empty tie), with the column of every error.
   */
  private static Order order(String line, int n, int lineNo, Ties ties) {
    int colon = line.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("line " + lineNo + ": expected \"count: order\"");
    }
    long count = wholeLong(line.substring(0, colon).strip(), lineNo, 1);
    if (count < 1) {
      throw new IllegalArgumentException("line " + lineNo + ", column 1: a count of " + count
          + " voters; each line holds at least 1");
    }
    OrderReader reader = new OrderReader(line, colon + 1, n, lineNo);
    boolean tied = false;
    int rank = 0;
    do {
      reader.skipSpace();
      rank++;
      if (reader.peek() == '{') {
        if (ties == Ties.REFUSE) {
          throw reader.error("a tie in a strict-order file");
        }
        tied = true;
        reader.i++;
        do {
          reader.skipSpace();
          reader.alternative(rank);
          reader.skipSpace();
        } while (reader.accept(','));
        if (reader.atEnd()) {
          throw new IllegalArgumentException("line " + lineNo + ": a tie \"{\" is never closed");
        }
        if (!reader.accept('}')) {
          throw reader.error("expected \",\" or \"}\"");
        }
      } else {
        reader.alternative(rank);
      }
      reader.skipSpace();
    } while (reader.accept(','));
    if (!reader.atEnd()) {
      throw reader.error("unexpected \"" + reader.peek() + "\"");
    }
    return new Order(reader.ranks, count, tied);
  }

  /** Reads the items of one order, keeping each alternative's rank. */
  private static final class OrderReader {
    private final String line;
    private final int n;
    private final int lineNo;
    private final int[] ranks;
    private int i;

    OrderReader(String line, int from, int n, int lineNo) {
      this.line = line;
      this.i = from;
      this.n = n;
      this.lineNo = lineNo;
      this.ranks = new int[n];
    }

    boolean atEnd() {
      return i >= line.length();
    }

    char peek() {
      return atEnd() ? '\n' : line.charAt(i);
    }

    void skipSpace() {
      while (!atEnd() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
        i++;
      }
    }

    boolean accept(char c) {
      if (peek() == c) {
        i++;
        return true;
      }
      return false;
    }

    IllegalArgumentException error(String problem) {
      return new IllegalArgumentException("line " + lineNo + ", column " + (i + 1) + ": " + problem);
    }

    void alternative(int rank) {
      int start = i;
      while (!atEnd() && line.charAt(i) >= '0' && line.charAt(i) <= '9') {
        i++;
      }
      if (start == i) {
        throw error(atEnd() ? "an alternative's number is missing" : "expected an alternative's number, found \""
            + peek() + "\"");
      }
      int alternative = wholeNumber(line.substring(start, i), lineNo, start + 1);
      if (alternative < 1 || alternative > n) {
        throw new IllegalArgumentException("line " + lineNo + ", column " + (start + 1) + ": alternative "
            + alternative + " does not exist (1-" + n + ")");
      }
      if (ranks[alternative - 1] != 0) {
        throw new IllegalArgumentException("line " + lineNo + ", column " + (start + 1) + ": alternative "
            + alternative + " is ranked twice");
      }
      ranks[alternative - 1] = rank;
    }
  }

  private static int wholeNumber(String text, int line, int column) {
    long value = wholeLong(text, line, column);
    if (value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("line " + line + ", column " + column + ": " + text + " is too large");
    }
    return (int) value;
  }

  private static long wholeLong(String text, int line, int column) {
    if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9') || text.length() > 18) {
      throw new IllegalArgumentException("line " + line + ", column " + column + ": expected a whole number, found \""
          + text + "\"");
    }
    return Long.parseLong(text);
  }
}
