package org.commune.ai;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds and redacts personal data before text goes to a provider the charter does not trust with it:
 * email addresses, phone numbers (Latin and Arabic-Indic digits, international and local forms), and
 * the names and usernames of members. Recall is measured in {@code PersonalDataRecallTest} and reported
 * in docs/ai.md.
 */
public final class PersonalData {

  private static final Pattern EMAIL = Pattern.compile(
      "[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}.-]+\\.[\\p{L}]{2,}", Pattern.UNICODE_CHARACTER_CLASS);
  /** A run of 7–15 digits, allowing a leading + or 00, spaces, dots, dashes and brackets between them. */
  private static final Pattern PHONE = Pattern.compile(
      "(?<![\\p{N}\\w])(?:\\+|00)?[\\d٠-٩۰-۹](?:[\\s.\\-()]{0,2}[\\d٠-٩۰-۹]){6,14}(?![\\p{N}])");

  private PersonalData() {}

  /** The text with personal data replaced by markers, and how many replacements were made. */
  public record Redacted(String text, int count) {}

  /**
   * @param names members' display names and usernames (names shorter than three letters are ignored,
   *     so that common short words are not mistaken for a member)
   */
  public static Redacted redact(String text, Collection<String> names) {
    return names(names).redact(text);
  }

  /** The members' names compiled once into one matcher (longest names first, so a full name wins over a part). */
  public static Names names(Collection<String> names) {
    List<String> sorted = names.stream().map(String::strip).filter(n -> n.codePointCount(0, n.length()) >= 3)
        .distinct().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    if (sorted.isEmpty()) {
      return new Names(null);
    }
    StringBuilder alternation = new StringBuilder("(?<![\\p{L}\\p{N}])(?:");
    for (int i = 0; i < sorted.size(); i++) {
      alternation.append(i == 0 ? "" : "|").append(Pattern.quote(sorted.get(i)));
    }
    alternation.append(")(?![\\p{L}\\p{N}])");
    return new Names(Pattern.compile(alternation.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
  }

  /** A compiled directory of names; redacts emails, phone numbers and these names. */
  public static final class Names {
    private final @org.jspecify.annotations.Nullable Pattern pattern;

    private Names(@org.jspecify.annotations.Nullable Pattern pattern) {
      this.pattern = pattern;
    }

    public Redacted redact(String text) {
      int[] count = {0};
      String out = replace(EMAIL, text, "[email]", count);
      out = replacePhones(out, count);
      if (pattern != null) {
        out = replace(pattern, out, "[member]", count);
      }
      return new Redacted(out, count[0]);
    }
  }

  /** Dates written with dashes (2026-11-27) have as many digits as a phone number; they stay. */
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}|\\d{2}-\\d{2}-\\d{4}");

  private static String replacePhones(String text, int[] count) {
    Matcher m = PHONE.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      if (DATE.matcher(m.group()).matches()) {
        m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
      } else {
        count[0]++;
        m.appendReplacement(out, "[phone]");
      }
    }
    m.appendTail(out);
    return out.toString();
  }

  private static String replace(Pattern pattern, String text, String marker, int[] count) {
    Matcher m = pattern.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      count[0]++;
      m.appendReplacement(out, Matcher.quoteReplacement(marker));
    }
    m.appendTail(out);
    return out.toString();
  }
}
