package org.commune.governance.deliberation;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The usernames a comment mentions as {@code @username}. A username as members choose them (letters,
 * digits, dot, dash, underscore); an address such as {@code a@b.org} is no mention (a letter before the
 * {@code @}), and a dot that ends the sentence is not part of the name.
 */
final class Mentions {

  private static final Pattern MENTION =
      Pattern.compile("(?<![\\p{L}\\p{N}_.@-])@([A-Za-z0-9][A-Za-z0-9_.-]{1,40})");

  private Mentions() {}

  /** The distinct usernames mentioned, in lower case, in the order they first appear. */
  static Set<String> in(String text) {
    Set<String> names = new LinkedHashSet<>();
    Matcher m = MENTION.matcher(text);
    while (m.find()) {
      String name = m.group(1).replaceAll("[.\\-]+$", "").toLowerCase(Locale.ROOT);
      if (name.length() >= 3) {
        names.add(name);
      }
    }
    return names;
  }
}
