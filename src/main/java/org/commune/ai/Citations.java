package org.commune.ai;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a deliberation summary: every sentence must cite at least one comment ([c3]), and every
 * cited comment must exist. Only lines of pure markup (a rule, a bare bullet or hash) cite nothing:
 * a heading is text members read, so "# Everyone backs the strike" or "Members agree:" must cite like
 * any sentence (they used to pass unchecked).
 */
public final class Citations {

  private static final Pattern CITATION = Pattern.compile("\\[c(\\d{1,4})]");
  /** A sentence ends at . ! ? or the Arabic question mark, followed by a space or the end; or at a line break. */
  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?؟])\\s+|\\n+");

  private Citations() {}

  /** Why the summary is refused, or empty when every sentence cites existing comments. */
  public static Optional<String> problem(String summary, int comments) {
    List<String> sentences = new ArrayList<>();
    for (String part : SENTENCE_END.split(summary.strip())) {
      String s = part.strip().replaceFirst("^[-*•]\\s*", "");
      if (!s.isEmpty() && !pureMarkup(s)) {
        sentences.add(s);
      }
    }
    if (sentences.isEmpty()) {
      return Optional.of("the summary has no sentences");
    }
    for (String sentence : sentences) {
      Matcher m = CITATION.matcher(sentence);
      boolean any = false;
      while (m.find()) {
        any = true;
        int n = Integer.parseInt(m.group(1));
        if (n < 1 || n > comments) {
          return Optional.of("a sentence cites comment c" + n + ", which does not exist: \"" + clip(sentence) + "\"");
        }
      }
      if (!any && !onlyCitations(sentence)) {
        return Optional.of("a sentence cites no comment: \"" + clip(sentence) + "\"");
      }
    }
    return Optional.empty();
  }

  /** Nothing but markup characters: no letter or digit in any script. */
  private static boolean pureMarkup(String sentence) {
    return sentence.codePoints().noneMatch(Character::isLetterOrDigit);
  }

  /** "[c1][c2]." on a line of its own belongs to the sentence before it. */
  private static boolean onlyCitations(String sentence) {
    return sentence.replaceAll("\\[c\\d+]", "").replaceAll("[\\s.]", "").isEmpty();
  }

  private static String clip(String sentence) {
    return sentence.length() > 80 ? sentence.substring(0, 80) + "…" : sentence;
  }
}
