package org.commune.governance.deliberation;

import com.github.difflib.DiffUtils;
import com.github.difflib.patch.AbstractDelta;
import com.github.difflib.patch.DeltaType;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A word-level comparison of two texts, as a page shows it: parts that stay, parts taken out, parts put
 * in. Words are runs of non-space characters, so an Arabic word stays whole with its diacritics (they
 * are marks, not spaces) and a change of one vowel mark shows the whole word changed, never half a
 * letter. Parts are plain text: the template escapes them like any member-written text.
 *
 * @param parts in reading order; a line break is a part of its own
 */
public record TextDiff(List<Part> parts) {

  /** Longer texts than this are shown whole, old then new, not compared word by word. */
  static final int MAX_TOKENS = 20_000;

  private static final Pattern TOKEN = Pattern.compile("\\r\\n|\\n|\\r|[^\\S\\r\\n]+|\\S+");

  /** What happened to a part. */
  public enum Change { SAME, DELETED, INSERTED }

  /** A run of words and spaces with the same fate, or one line break. */
  public record Part(Change change, String text, boolean lineBreak) {

    public boolean deleted() {
      return change == Change.DELETED;
    }

    public boolean inserted() {
      return change == Change.INSERTED;
    }
  }

  public static TextDiff of(String before, String after) {
    List<String> from = tokens(before);
    List<String> to = tokens(after);
    List<Part> parts = new ArrayList<>();
    if (from.size() + to.size() > MAX_TOKENS) {
      add(parts, Change.DELETED, from);
      add(parts, Change.INSERTED, to);
      return new TextDiff(List.copyOf(parts));
    }
    int at = 0;
    for (AbstractDelta<String> delta : DiffUtils.diff(from, to).getDeltas()) {
      add(parts, Change.SAME, from.subList(at, delta.getSource().getPosition()));
      if (delta.getType() != DeltaType.INSERT) {
        add(parts, Change.DELETED, delta.getSource().getLines());
      }
      if (delta.getType() != DeltaType.DELETE) {
        add(parts, Change.INSERTED, delta.getTarget().getLines());
      }
      at = delta.getSource().getPosition() + delta.getSource().size();
    }
    add(parts, Change.SAME, from.subList(at, from.size()));
    return new TextDiff(List.copyOf(parts));
  }

  /** Whether anything changed at all. */
  public boolean changed() {
    return parts.stream().anyMatch(p -> p.change() != Change.SAME);
  }

  static List<String> tokens(String text) {
    List<String> tokens = new ArrayList<>();
    Matcher m = TOKEN.matcher(text);
    while (m.find()) {
      tokens.add(m.group());
    }
    return tokens;
  }

  /** Appends the tokens, joining neighbours with the same fate into one part; a line break stays alone. */
  private static void add(List<Part> parts, Change change, List<String> tokens) {
    for (String token : tokens) {
      boolean lineBreak = token.charAt(0) == '\n' || token.charAt(0) == '\r';
      Part last = parts.isEmpty() ? null : parts.getLast();
      if (!lineBreak && last != null && !last.lineBreak() && last.change() == change) {
        parts.set(parts.size() - 1, new Part(change, last.text() + token, false));
      } else {
        parts.add(new Part(change, lineBreak ? "\n" : token, lineBreak));
      }
    }
  }
}
