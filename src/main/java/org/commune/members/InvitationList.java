package org.commune.members;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads a list of people to invite, pasted or uploaded: one person a line, "name, email, group" (email
 * and group optional), separated by commas, semicolons, tabs or Arabic commas; a cell may be quoted
 * ("Salma, the treasurer"). A header line (name/الاسم) and blank lines are skipped; a byte order mark
 * is ignored. Every line is checked and every problem reported with its line number, so the steward
 * fixes the list once; a list with any problem creates nothing.
 */
final class InvitationList {

  static final int MAX_LINES = 1000;
  static final int MAX_NAME = 60;
  /** Only so many problems are listed; the count of the rest follows. */
  static final int MAX_REPORTED = 50;

  private static final Set<String> HEADER_NAMES = Set.of("name", "display name", "الاسم", "اسم");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");

  /** One person to invite; group null when the line names none (the form's group then applies). */
  record Entry(int line, String name, @Nullable String email, @Nullable GroupId group) {}

  private InvitationList() {}

  /**
   * The entries of the list, or {@link InvalidList} naming every bad line. {@code groups} finds a
   * group by short name or by its name in either language.
   */
  static List<Entry> parse(@Nullable String text, Function<String, Optional<GroupId>> groups) {
    String body = text == null ? "" : text;
    if (body.startsWith("\uFEFF")) {
      body = body.substring(1);
    }
    String[] lines = body.split("\r\n|\n|\r", -1);
    List<Entry> entries = new ArrayList<>();
    List<InvalidList.Problem> problems = new ArrayList<>();
    boolean first = true;
    int people = 0;
    for (int i = 0; i < lines.length; i++) {
      int number = i + 1;
      String line = lines[i];
      if (line.isBlank()) {
        continue;
      }
      List<String> cells;
      try {
        cells = cells(line);
      } catch (IllegalArgumentException unbalanced) {
        problems.add(new InvalidList.Problem(number, "invitations.bulk.quote"));
        first = false;
        people++;
        continue;
      }
      if (first && HEADER_NAMES.contains(cells.getFirst().strip().toLowerCase(Locale.ROOT))) {
        first = false;
        continue;
      }
      first = false;
      people++;
      if (people > MAX_LINES) {
        continue;
      }
      String problem = check(cells);
      if (problem != null) {
        problems.add(new InvalidList.Problem(number, problem));
        continue;
      }
      String name = cells.getFirst().strip();
      String email = cells.size() > 1 && !cells.get(1).isBlank() ? cells.get(1).strip() : null;
      String groupName = cells.size() > 2 && !cells.get(2).isBlank() ? cells.get(2).strip() : null;
      GroupId group = null;
      if (groupName != null) {
        Optional<GroupId> found = groups.apply(groupName);
        if (found.isEmpty()) {
          problems.add(new InvalidList.Problem(number, "invitations.bulk.group.unknown"));
          continue;
        }
        group = found.get();
      }
      entries.add(new Entry(number, name, email, group));
    }
    if (people > MAX_LINES) {
      throw new InvalidList(List.of(new InvalidList.Problem(0, "invitations.bulk.too-many")), people);
    }
    if (people == 0) {
      throw new InvalidList(List.of(new InvalidList.Problem(0, "invitations.bulk.empty")), 0);
    }
    if (!problems.isEmpty()) {
      throw new InvalidList(problems, people);
    }
    return entries;
  }

  /** The message key of the line's first problem, or null when it is fine. */
  private static @Nullable String check(List<String> cells) {
    if (cells.size() > 3) {
      return "invitations.bulk.columns";
    }
    for (String cell : cells) {
      if (cell.chars().anyMatch(Character::isISOControl)) {
        return "invitations.bulk.control";
      }
      if (formula(cell)) {
        return "invitations.bulk.formula";
      }
    }
    String name = cells.getFirst().strip();
    if (name.isEmpty()) {
      return "invitations.bulk.name.missing";
    }
    if (name.length() > MAX_NAME) {
      return "invitations.bulk.name.long";
    }
    if (cells.size() > 1 && !cells.get(1).isBlank()) {
      String email = cells.get(1).strip();
      if (email.length() > 254 || !EMAIL.matcher(email).matches()) {
        return "invitations.bulk.email.invalid";
      }
    }
    return null;
  }

  /**
   * A cell a spreadsheet would run as a formula when the list (or an export of it) is opened there:
   * refused rather than stored, since a name never needs to start with these.
   */
  static boolean formula(String cell) {
    String s = cell.stripLeading();
    return !s.isEmpty() && "=+-@".indexOf(s.charAt(0)) >= 0;
  }

  /** Splits one line into cells; quotes group a cell and "" inside them is a quote. */
  static List<String> cells(String line) {
    List<String> cells = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"' && cell.toString().isBlank()) {
        quoted = true;
        cell.setLength(0);
      } else if (c == ',' || c == ';' || c == '\t' || c == '\u060C') {
        cells.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    if (quoted) {
      throw new IllegalArgumentException("unbalanced quote");
    }
    cells.add(cell.toString());
    return cells;
  }
}
