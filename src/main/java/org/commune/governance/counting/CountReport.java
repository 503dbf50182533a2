package org.commune.governance.counting;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * A count as both the result page and {@code ./commune tally} show it: facts (lines), tables (rounds,
 * stages, pairwise matrices) and bars (the final totals, drawn as SVG on the page). Words are message
 * keys, so the page shows them in the member's language and the command in English; names and
 * numbers are data.
 *
 * @param winners the options chosen (several for STV; several when tied)
 * @param passed for yes/no decisions, whether it passed; null otherwise
 */
public record CountReport(List<Fact> facts, List<Table> tables, List<Bar> bars, List<String> winners,
    @Nullable Boolean passed) {

  /** A line: a message key and its arguments. */
  public record Fact(String key, List<String> args) {}

  /** A table cell: plain text, or (when key is not empty) a message with the text as its argument. */
  public record Cell(String key, String text) {
    public static Cell text(String text) {
      return new Cell("", text);
    }

    public static Cell word(String key, String argument) {
      return new Cell(key, argument);
    }
  }

  public record Table(String titleKey, List<Cell> header, List<Row> rows) {}

  public record Row(Cell label, List<Cell> cells) {}

  /** One bar: a label, its value, and the value as shown. */
  public record Bar(String label, double value, String shown) {}

  /** The largest bar value, for scaling (at least 1, so an empty count draws nothing). */
  public double maxBar() {
    return bars.stream().mapToDouble(Bar::value).max().orElse(1) <= 0 ? 1
        : bars.stream().mapToDouble(Bar::value).max().orElse(1);
  }

  /** The count as text, with {@code words} turning a key and its arguments into words. */
  public String print(BiFunction<String, Object[], String> words) {
    StringBuilder out = new StringBuilder();
    for (Fact fact : facts) {
      out.append(words.apply(fact.key(), fact.args().stream().map(CountReport::visible).toArray())).append('\n');
    }
    for (Table table : tables) {
      out.append(words.apply(table.titleKey(), new Object[0])).append(":\n");
      out.append("   ");
      for (Cell cell : table.header()) {
        out.append(' ').append(cell(cell, words));
      }
      out.append('\n');
      for (Row row : table.rows()) {
        out.append("  ").append(cell(row.label(), words)).append(':');
        for (Cell cell : row.cells()) {
          out.append(' ').append(cell(cell, words));
        }
        out.append('\n');
      }
    }
    return out.toString();
  }

  private static String cell(Cell cell, BiFunction<String, Object[], String> words) {
    return cell.key().isEmpty() ? visible(cell.text()) : words.apply(cell.key(), new Object[] {visible(cell.text())});
  }

  /**
   * {@code text} with every control and format character (line breaks, ANSI escapes, NUL, zero-width
   * and direction marks) and the backslash written as a visible escape ({@code \\n}, {@code \\u001b},
   * {@code \\u200b}, {@code \\\\}): a name from a file can then never print a line of its own, such as a
   * fake "Winner:", nor move the terminal's cursor.
   */
  public static String visible(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      int type = Character.getType(c);
      boolean hidden = c == '\\' || type == Character.CONTROL || type == Character.FORMAT
          || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR;
      if (hidden && out == null) {
        out = new StringBuilder(text.substring(0, i));
      }
      if (out == null) {
        continue;
      }
      if (!hidden) {
        out.append(c);
      } else {
        out.append(switch (c) {
          case '\n' -> "\\n";
          case '\r' -> "\\r";
          case '\t' -> "\\t";
          case '\\' -> "\\\\";
          default -> String.format("\\u%04x", (int) c);
        });
      }
    }
    return out == null ? text : out.toString();
  }

  /** Builds a report step by step. */
  public static final class Builder {
    private final List<Fact> facts = new ArrayList<>();
    private final List<Table> tables = new ArrayList<>();
    private final List<Bar> bars = new ArrayList<>();
    private final List<String> winners = new ArrayList<>();
    private @Nullable Boolean passed;

    public Builder fact(String key, Object... args) {
      facts.add(new Fact(key, Arrays.stream(args).map(String::valueOf).toList()));
      return this;
    }

    public Builder table(Table table) {
      tables.add(table);
      return this;
    }

    public Builder bar(String label, double value, String shown) {
      bars.add(new Bar(label, value, shown));
      return this;
    }

    public Builder winners(List<String> names) {
      winners.addAll(names);
      return this;
    }

    public Builder passed(boolean yes) {
      passed = yes;
      return this;
    }

    public CountReport build() {
      return new CountReport(List.copyOf(facts), List.copyOf(tables), List.copyOf(bars), List.copyOf(winners), passed);
    }
  }
}
