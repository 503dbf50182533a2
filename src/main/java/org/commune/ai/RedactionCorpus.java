package org.commune.ai;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hand-annotated redaction corpus ({@code redaction/corpus.txt}, shipped with the application)
 * and how redaction is scored on it. An expected span counts as found when every letter and digit
 * in it is inside something redaction found (of any kind: a name inside an email address is hidden
 * all the same); something redaction found counts as right when it overlaps an expected span.
 * Recall is per kind of expected span; precision is per kind of what was found, and overall.
 */
public final class RedactionCorpus {

  /** One sentence: its text (marks removed, invisible characters decoded) and its expected spans. */
  public record Sentence(String text, List<PersonalData.Span> expected) {}

  /** Counts for one kind. */
  public record KindFigures(int expected, int found, int detected, int correct) {

    public double recall() {
      return expected == 0 ? 1 : (double) found / expected;
    }

    public double precision() {
      return detected == 0 ? 1 : (double) correct / detected;
    }

    public String recallPercent() {
      return percent(recall());
    }

    public String precisionPercent() {
      return percent(precision());
    }
  }

  static String percent(double share) {
    return String.format(Locale.ROOT, "%.1f %%", 100 * share);
  }

  /** The figures on the whole corpus, and what was missed or found wrongly (for a person to read). */
  public record Figures(int sentences, int withoutPersonalData, Map<PersonalData.Kind, KindFigures> byKind,
      List<String> missed, List<String> falseAlarms) {

    public KindFigures kind(PersonalData.Kind kind) {
      return byKind.get(kind);
    }

    public double precision() {
      int detected = byKind.values().stream().mapToInt(KindFigures::detected).sum();
      int correct = byKind.values().stream().mapToInt(KindFigures::correct).sum();
      return detected == 0 ? 1 : (double) correct / detected;
    }

    public String precisionPercent() {
      return percent(precision());
    }

    public int detected() {
      return byKind.values().stream().mapToInt(KindFigures::detected).sum();
    }

    public int correct() {
      return byKind.values().stream().mapToInt(KindFigures::correct).sum();
    }
  }

  private static final Pattern MARK = Pattern.compile("\\[\\[(email|phone|name):(.+?)]]");
  private static final Pattern ESCAPE = Pattern.compile("\\\\u([0-9A-Fa-f]{4})");

  private final List<String> members;
  private final List<String> usernames;
  private final List<Sentence> sentences;

  private RedactionCorpus(List<String> members, List<String> usernames, List<Sentence> sentences) {
    this.members = members;
    this.usernames = usernames;
    this.sentences = sentences;
  }

  /** The corpus shipped with the application. */
  public static RedactionCorpus load() {
    try (InputStream in = RedactionCorpus.class.getResourceAsStream("/redaction/corpus.txt")) {
      if (in == null) {
        throw new IllegalStateException("redaction/corpus.txt is missing from the application");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static RedactionCorpus parse(String file) {
    List<String> members = new ArrayList<>();
    List<String> usernames = new ArrayList<>();
    List<Sentence> sentences = new ArrayList<>();
    for (String line : file.lines().toList()) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("members:") || line.startsWith("usernames:")) {
        List<String> into = line.startsWith("members:") ? members : usernames;
        for (String name : line.substring(line.indexOf(':') + 1).split("\\|")) {
          into.add(name.strip());
        }
        continue;
      }
      String decoded = ESCAPE.matcher(line).replaceAll(m -> String.valueOf((char) Integer.parseInt(m.group(1), 16)));
      StringBuilder text = new StringBuilder();
      List<PersonalData.Span> expected = new ArrayList<>();
      Matcher m = MARK.matcher(decoded);
      int at = 0;
      while (m.find()) {
        text.append(decoded, at, m.start());
        int start = text.length();
        text.append(m.group(2));
        PersonalData.Kind kind = switch (m.group(1)) {
          case "email" -> PersonalData.Kind.EMAIL;
          case "phone" -> PersonalData.Kind.PHONE;
          default -> PersonalData.Kind.MEMBER;
        };
        expected.add(new PersonalData.Span(start, text.length(), kind));
        at = m.end();
      }
      text.append(decoded.substring(at));
      sentences.add(new Sentence(text.toString(), List.copyOf(expected)));
    }
    return new RedactionCorpus(List.copyOf(members), List.copyOf(usernames), List.copyOf(sentences));
  }

  public List<String> members() {
    return members;
  }

  public List<String> usernames() {
    return usernames;
  }

  public List<Sentence> sentences() {
    return sentences;
  }

  /** Scores a detector (the text in, the spans it finds out) on this corpus. */
  public Figures measure(Function<String, List<PersonalData.Span>> detector) {
    Map<PersonalData.Kind, int[]> counts = new EnumMap<>(PersonalData.Kind.class);
    for (PersonalData.Kind kind : PersonalData.Kind.values()) {
      counts.put(kind, new int[4]);
    }
    List<String> missed = new ArrayList<>();
    List<String> falseAlarms = new ArrayList<>();
    int withoutPersonalData = 0;
    for (Sentence sentence : sentences) {
      String text = sentence.text();
      List<PersonalData.Span> found = detector.apply(text);
      if (sentence.expected().isEmpty()) {
        withoutPersonalData++;
      }
      for (PersonalData.Span expected : sentence.expected()) {
        int[] c = counts.get(expected.kind());
        c[0]++;
        if (covered(text, expected, found)) {
          c[1]++;
        } else {
          missed.add(expected.kind() + " \"" + text.substring(expected.start(), expected.end()) + "\" in: " + text);
        }
      }
      for (PersonalData.Span span : found) {
        int[] c = counts.get(span.kind());
        c[2]++;
        boolean right = sentence.expected().stream().anyMatch(e -> e.start() < span.end() && span.start() < e.end());
        if (right) {
          c[3]++;
        } else {
          falseAlarms.add(span.kind() + " \"" + text.substring(span.start(), span.end()) + "\" in: " + text);
        }
      }
    }
    Map<PersonalData.Kind, KindFigures> byKind = new EnumMap<>(PersonalData.Kind.class);
    counts.forEach((kind, c) -> byKind.put(kind, new KindFigures(c[0], c[1], c[2], c[3])));
    return new Figures(sentences.size(), withoutPersonalData, byKind, missed, falseAlarms);
  }

  /** Redaction with this corpus's member directory, scored. */
  public Figures measure() {
    PersonalData.Names names = PersonalData.names(members, usernames, frame -> false);
    return measure(names::find);
  }

  private static boolean covered(String text, PersonalData.Span expected, List<PersonalData.Span> found) {
    for (int i = expected.start(); i < expected.end(); i++) {
      if (!Character.isLetterOrDigit(text.charAt(i))) {
        continue;
      }
      int at = i;
      if (found.stream().noneMatch(f -> f.start() <= at && at < f.end())) {
        return false;
      }
    }
    return true;
  }
}
