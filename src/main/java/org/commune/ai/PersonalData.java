package org.commune.ai;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Finds and redacts personal data before text goes to a provider the charter does not trust with it:
 * email addresses (also written "(at)", "[at] [dot]", "at … dot", with spaces or a full-width ＠),
 * phone numbers (Latin, Arabic-Indic, Eastern Arabic-Indic and full-width digits; spaces, no-break
 * spaces, dashes, slashes, dots, brackets, direction marks between them; glued to words), and the
 * names and usernames of members, present and former, however they are spelt (see {@link NameKeys}).
 * Amounts, dates, years, year ranges and article numbers are not phone numbers.
 *
 * <p>Detection runs on a normalised view of the text (digits folded to ASCII, full-width forms to
 * ASCII, every space to a space, every dash to '-', invisible marks removed) whose positions map back
 * to the original, so the spans it reports are spans of the text as written. The text handed to the
 * model is then made safe: no carriage returns, control characters, direction marks or chat-template
 * control tokens ({@link #safeForModel}).
 *
 * <p>Recall and precision are measured on a hand-annotated corpus of organisers' messages
 * ({@code redaction/corpus.txt}) by {@code PersonalDataRecallTest}, shown on the AI admin page and
 * reported in docs/ai.md.
 */
public final class PersonalData {

  private PersonalData() {}

  /** What kind of personal data a span is. */
  public enum Kind {
    EMAIL("[email]"), PHONE("[phone]"), MEMBER("[member]");

    private final String marker;

    Kind(String marker) {
      this.marker = marker;
    }

    public String marker() {
      return marker;
    }
  }

  /** A found piece of personal data: {@code text.substring(start, end)}. */
  public record Span(int start, int end, Kind kind) {}

  /** The text with personal data replaced by markers, and how many replacements were made. */
  public record Redacted(String text, int count) {}

  /**
   * @param names members' display names and usernames (names shorter than three letters are ignored,
   *     so that common short words are not mistaken for a member)
   */
  public static Redacted redact(String text, Collection<String> names) {
    return names(names).redact(text);
  }

  /** The members' names compiled once into one matcher. */
  public static Names names(Collection<String> names) {
    // Lower-case single words (salma, karim_n, omar.f) are taken for usernames: matched as written.
    List<String> usernames = names.stream().map(String::strip)
        .filter(n -> !n.contains(" ") && n.equals(n.toLowerCase(Locale.ROOT)) && !NameKeys.isArabic(n)).toList();
    List<String> displayNames = names.stream().map(String::strip).filter(n -> !usernames.contains(n)).toList();
    return new Names(displayNames, usernames, frame -> false);
  }

  /**
   * The directory of members: display names are recognised in any spelling (see {@link NameKeys}),
   * usernames as written; {@code former} answers whether a frame (see {@link #frames}) belonged to a
   * former member, of whom only keyed hashes are kept.
   */
  public static Names names(Collection<String> displayNames, Collection<String> usernames, Predicate<String> former) {
    return new Names(displayNames, usernames, former);
  }


  /** The frames (see {@link NameKeys#frame}) of a member's display name, as remembered (keyed-hashed) for former members. */
  public static Set<String> frames(String name) {
    Set<String> out = new LinkedHashSet<>();
    for (String token : nameTokens(name)) {
      for (String key : NameKeys.keys(token)) {
        String frame = NameKeys.frame(key);
        if (consonants(frame) >= 2) {
          out.add(frame);
        }
      }
    }
    return out;
  }

  private static int consonants(String frame) {
    int n = 0;
    for (char c : frame.toCharArray()) {
      if (Character.isUpperCase(c)) {
        n++;
      }
    }
    return n;
  }

  // ---------------------------------------------------------------- the normalised view

  /** The text with look-alike characters folded; {@code at[i]} is the original index of view char i. */
  record View(String text, int[] at) {

    static View of(String original) {
      StringBuilder out = new StringBuilder(original.length());
      int[] at = new int[original.length() + 1];
      for (int i = 0; i < original.length(); i++) {
        char c = original.charAt(i);
        if (ignorable(c)) {
          continue;
        }
        char f = fold(c);
        at[out.length()] = i;
        out.append(f);
      }
      at[out.length()] = original.length();
      return new View(out.toString(), at);
    }

    int start(int viewIndex) {
      return at[viewIndex];
    }

    /** The original end index (exclusive) of a view span ending (exclusive) at viewEnd. */
    int end(int viewEnd) {
      return viewEnd == 0 ? 0 : at[viewEnd - 1] + 1;
    }
  }

  /** Invisible marks that people (or copy and paste) put inside numbers and words. */
  static boolean ignorable(char c) {
    return c == '\u200E' || c == '\u200F' || c == '\u061C' || (c >= '\u202A' && c <= '\u202E')
        || (c >= '\u2066' && c <= '\u2069') || c == '\u200B' || c == '\u2060' || c == '\uFEFF' || c == '\u00AD'
        || c == '\u0640' || (c >= '\u064B' && c <= '\u065F') || c == '\u0670';
  }

  private static char fold(char c) {
    if (c >= '\uFF01' && c <= '\uFF5E') {
      return (char) (c - 0xFEE0);
    }
    if (Character.isDigit(c)) {
      int d = Character.digit(c, 10);
      return d >= 0 ? (char) ('0' + d) : c;
    }
    if (Character.isSpaceChar(c) || c == '\t') {
      return ' ';
    }
    return switch (c) {
      case '\u2010', '\u2011', '\u2012', '\u2013', '\u2014', '\u2015', '\u2212', '\uFE63', '\uFE58' -> '-';
      case '\u060C', '\u066C', '\uFE50' -> ',';
      case '\u066B', '\u06D4', '\uFE52' -> '.';
      case '\u2044', '\u2215' -> '/';
      case '\uFE6B' -> '@';
      case '\u066A' -> '%';
      case '\u2019', '\u02BC', '\u2018' -> '\'';
      default -> c;
    };
  }

  // ---------------------------------------------------------------- emails

  private static final String TLDS = "com|org|net|edu|gov|info|io|me|co|lb|eg|fr|uk|de|jo|sy|iq|ps|ae|sa|qa|kw|bh|om|ma|"
      + "tn|dz|ly|sd|ca|us|be|ch|nl|it|es|tr|ngo|coop|email";
  private static final String AT_WORD = "(?:\\s{0,2}[(\\[{<]\\s?(?:at|@|على|آت)\\s?[)\\]}>]\\s{0,2}"
      + "|\\s{1,2}(?:at|على|آت)\\s{1,2}|\\s{0,2}[_-]at[_-]\\s{0,2}|\\s{0,2}@\\s{0,2})";
  private static final String DOT_WORD = "(?:\\s{0,2}[(\\[{<]\\s?(?:dot|point|نقطة|نقطه|\\.)\\s?[)\\]}>]\\s{0,2}"
      + "|\\s{1,2}(?:dot|point|نقطة|نقطه|دوت)\\s{1,2}|\\s{0,2}[_-]dot[_-]\\s{0,2}|\\s?\\.\\s?)";
  private static final Pattern EMAIL = Pattern.compile(
      "(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*\\s{0,2}@\\s{0,2}[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}(?![A-Za-z])");
  private static final Pattern EMAIL_WRITTEN_OUT = Pattern.compile(
      "(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9_%+-]*(?:" + DOT_WORD + "[A-Za-z0-9_%+-]+)*" + AT_WORD
          + "[A-Za-z0-9-]+(?:" + DOT_WORD + "[A-Za-z0-9-]+)*?" + DOT_WORD + "(?:" + TLDS + ")(?![A-Za-z])",
      Pattern.CASE_INSENSITIVE);

  // ---------------------------------------------------------------- phones

  private static final Pattern PHONE = Pattern.compile(
      "(?<![0-9])\\(?(?:\\+|00)?\\s?\\(?[0-9](?:(?: {1,2}| ?[-./] ?| ?\\( ?| ?\\) ?|,(?=[0-9]))?[0-9]){6,15}(?![0-9])");
  private static final Pattern DATE = Pattern.compile(
      "\\d{1,2} ?[./-] ?\\d{1,2} ?[./-] ?\\d{2,4}|\\d{4} ?[./-] ?\\d{1,2} ?[./-] ?\\d{1,2}");
  private static final Pattern GROUPS = Pattern.compile("\\d+");
  private static final Pattern CURRENCY_AFTER = Pattern.compile(
      "^\\s?(?:lbp|l\\.l|ll\\b|ل\\.ل|ل ل|ليرة|ليره|الف|ألف|مليون|million|usd|us\\$|\\$|eur|€|£|gbp|egp|ج\\.م|جنيه|دولار|"
          + "يورو|دينار|ريال|درهم|aed|sar|jod|kwd|qar|k\\b|m\\b)", Pattern.CASE_INSENSITIVE);
  private static final Pattern CURRENCY_BEFORE = Pattern.compile(
      "(?:lbp|l\\.l\\.?|ل\\.ل\\.?|usd|us\\$|\\$|eur|€|£|gbp|egp|aed|sar|jod)\\s?$", Pattern.CASE_INSENSITIVE);

  private static boolean isPhone(String view, int start, int end) {
    String s = view.substring(start, end).strip();
    List<String> groups = new ArrayList<>();
    Matcher g = GROUPS.matcher(s);
    int digits = 0;
    while (g.find()) {
      groups.add(g.group());
      digits += g.group().length();
    }
    if (digits < 7 || digits > 15) {
      return false;
    }
    boolean international = s.startsWith("+") || s.startsWith("(+") || s.startsWith("00");
    if (!international && DATE.matcher(s).matches()) {
      return false;
    }
    if (!international && groups.stream().allMatch(x -> x.length() == 4 && (x.startsWith("19") || x.startsWith("20")))) {
      return false; // years: "2024 2025", "2024-2026"
    }
    if (!international && groups.size() == 2 && groups.get(0).length() == 4
        && (groups.get(0).startsWith("19") || groups.get(0).startsWith("20")) && groups.get(1).length() <= 4) {
      return false; // a reference such as decision 2024/117
    }
    if (!international && groups.size() == 2 && s.contains("/") && groups.get(0).length() <= 4 && groups.get(1).length() == 4
        && (groups.get(1).startsWith("19") || groups.get(1).startsWith("20"))) {
      return false; // a law, decree or case number: 160/1992, 8740/2021
    }
    if (view.substring(Math.max(0, start - 30), start).toUpperCase(Locale.ROOT).contains("ISBN")) {
      return false;
    }
    for (String piece : s.split("[ ./()\\-]+")) {
      if (!international && piece.matches("[1-9][0-9]{0,2}(,[0-9]{3})+")) {
        return false; // amounts side by side: 1,000 / 1,000; 17,527 – 18,223
      }
    }
    if (!international && groups.size() == 1 && !s.startsWith("0") && s.endsWith("0000")) {
      return false; // 1000000
    }
    if (!international && groups.stream().allMatch(x -> x.length() <= 2) && !s.startsWith("0") && s.contains("/")) {
      return false; // counts and codes: 42/26/15/17
    }
    for (String piece : s.split("[ /()\\-]+")) {
      if (!international && piece.matches("[0-9]+\\.[0-9]{1,2}")) {
        return false; // decimals: 8.8 – 9.0 / 11.7 – 13.9
      }
    }
    if (!international && view.substring(end, Math.min(view.length(), end + 5)).matches("^(?:\\.[0-9]{1,2})? ?%.*")) {
      return false; // a share: 73 / 97 (75.3 %)
    }
    String after = view.substring(end, Math.min(view.length(), end + 12));
    String before = view.substring(Math.max(0, start - 6), start);
    boolean currency = CURRENCY_AFTER.matcher(after).find() || CURRENCY_BEFORE.matcher(before).find();
    if (currency && !international) {
      return false;
    }
    boolean thousands = !international && groups.size() >= 2 && groups.get(0).length() <= 3 && !groups.get(0).startsWith("0")
        && groups.subList(1, groups.size()).stream().allMatch(x -> x.length() == 3);
    if (thousands) {
      String separators = s.replaceAll("\\d", "");
      boolean commas = !separators.isEmpty() && separators.chars().allMatch(ch -> ch == ',');
      // 1,250,000; 1 200 000; 15.000.000 (a phone number never starts with one digit nor ends in 000)
      if (commas || groups.get(0).length() == 1 || groups.get(groups.size() - 1).equals("000")) {
        return false;
      }
    }
    return true;
  }

  // ---------------------------------------------------------------- names

  /** Parts of names that are not names by themselves. */
  private static final Set<String> PARTICLES = words("al el bin ben ibn bint abu abou bou abd abdel abdul abdal de la le van von da di du the ال بن ابن "
          + "بنت ابو عبد ام بو");
  /** Heads that join the next word into one name: عبد الله, Abdel Rahman, Abu Ali. */
  private static final Set<String> COMPOUND_HEADS = Set.of("abd", "abdel", "abdul", "abdal", "abu", "abou", "عبد", "ابو");
  /** Tails that join the word before: شمس الدين (Shamseddine, the article not heard), عبد الله. */
  private static final Set<String> COMPOUND_TAILS = Set.of("الدين", "الله");

  private static String join(String head, String tail) {
    return head + ("الدين".equals(tail) ? "دين" : tail);
  }

  /**
   * Words that are also names (صالح in لصالح "in favour of", أمين in أمين الصندوق "treasurer", على
   * "on" and علي Ali, الكريم "the generous", common English words; Arabic in the light form of
   * {@link #light}): they count as a member's name only next to another part of a
   * name, after a title or an @, or (Latin) capitalised inside a sentence.
   */
  private static final Set<String> COMMON = words("صالح صلح صلة نصر ليلة امن كامل الكامل فوارق قرعة امين امينة حسن حسين كمال الكمال النور الكريم الكريمة مني من امل سلام جميل جميلة "
          + "سعيد سعيدة فرح هدى وفاء رجاء نبيل عادل فريد بشير منير رشيد شريف لطيف مجد عيد صباح سحر ربيع حياة نجاح "
          + "ايمان احلام زهرة وردة ياسمين هادي سامي عالية رحمة نعمة عزيز سالم على امر امير مر ما مع مسا مساء اما "
          + "امس الى عن في كان قال هذا هذه ذلك تلك لكن كل بعد قبل عند اول اخر غير بين حتى حين انا انت نحن هم هو "
          + "هي نعم لا كما ايضا فقط جدا الان اليوم غدا مرة سنة شهر يوم ساعة عضو اعضاء لجنة جنة جلسة رقم هاتف بريد "
          + "اجتماع قرار مادة بند نقطة صوت اصوات مشروع تقرير محضر رئيس سر مال صندوق موازنة ميزانية تاريخ will may "
          + "june april august hope grace rose mark bill joy faith ruby sky rich nor near norm more mine many "
          + "money same some sum salami amen omen man men main mean moon headed camel gorgeous mood hadn hasn "
          + "karma cream crime rain ran run the and for from with this that those these there their them then "
          + "than have has had was were are our your you not but all any one two who why how what when where "
          + "which also just only said say says call meet met team time item items note notes vote votes motion "
          + "minutes member members phone email mail number article sabah salam name names query queries allies ally newer");

  /** Words before a name that make it a name: titles, forms of address, greetings. */
  private static final Set<String> TITLES = words("السيد السيده الاستاذ الاستاذه استاذ استاذه الزميل الزميله زميل زميله الرفيق الرفيقه رفيق رفيقه د ا "
          + "الدكتور الدكتوره دكتور دكتوره الحاج الحاجه حاج حاجه يا اخ الاخ الاخت اخت المهندس المهندسه "
          + "الشيخ الست ست مدام عزيزي عزيزتي مرحبا شكرا السلام اهلا سيد سيده mr mrs ms miss dr prof sister "
          + "brother comrade sis bro dear hi hello hey thanks thank madam mme mlle monsieur sir cc by with to "
          + "from ask asked told tell call called contact eng ustaz ustaza sayed sayyed hajj haj "
          + "ustadh sheikh");

  private static Set<String> words(String spaced) {
    return Set.copyOf(new HashSet<>(List.of(spaced.split(" "))));
  }

  private static final String[] ARABIC_PREFIXES = {"وبال", "وال", "بال", "فال", "كال", "ولل", "فلل", "لل", "ال", "وب", "ول",
      "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك"};

  private static final Pattern USERNAME_RUN = Pattern.compile("[\\p{L}\\p{N}_.@-]+");
  private static final Pattern WORD = Pattern.compile("[\\p{L}\\p{M}]+(?:'[\\p{L}\\p{M}]+)*");

  /** The parts of a display name that identify a member by themselves (particles skipped, compounds joined). */
  static List<String> nameTokens(String name) {
    List<String> words = new ArrayList<>();
    Matcher m = WORD.matcher(View.of(name).text());
    while (m.find()) {
      words.add(NameKeys.normalise(m.group()));
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      if (i + 1 < words.size() && (COMPOUND_HEADS.contains(w) || COMPOUND_TAILS.contains(words.get(i + 1)))) {
        out.add(join(w, words.get(i + 1)));
        i++;
        continue;
      }
      for (String candidate : stripped(w, false)) {
        if (!PARTICLES.contains(candidate) && candidate.codePointCount(0, candidate.length()) >= 3) {
          out.add(candidate);
          break;
        }
      }
    }
    return out;
  }

  /** A normalised word and the forms it may hide a name in: Arabic attached prefixes, Latin al-/el- and 's. */
  private static List<String> stripped(String w, boolean withPrefixes) {
    List<String> out = new ArrayList<>();
    if (NameKeys.isArabic(w)) {
      if (w.startsWith("ال") && w.length() - 2 >= 3) {
        out.add(w.substring(2));
      }
      out.add(w);
      if (withPrefixes) {
        for (String p : ARABIC_PREFIXES) {
          if (w.startsWith(p) && w.length() - p.length() >= 3) {
            String rest = w.substring(p.length());
            // و glued to a Latin name in mixed text: وRita
            out.add(NameKeys.isArabic(rest) ? rest : NameKeys.normalise(rest));
          }
        }
      }
      return out;
    }
    String base = w.endsWith("'s") ? w.substring(0, w.length() - 2) : w;
    out.add(base);
    if ((base.startsWith("al") || base.startsWith("el")) && base.length() - 2 >= 4) {
      out.add(base.substring(2));
    }
    return out;
  }

  /**
   * The form in which a word is looked up among {@link #COMMON} words: Arabic letters normalised
   * except ى and ة, which tell على ("on") from علي (Ali) and منى (Mona) from مني ("from me").
   */
  private static String light(String word) {
    return NameKeys.isArabic(word) ? word.replace('أ', 'ا').replace('إ', 'ا').replace('آ', 'ا') : word;
  }

  private record NameKey(String key, boolean arabic, int member) {}

  private record Word(int start, int end, String normalised, String light, boolean capitalised) {}

  /** How a word matched: not at all (null), and if so which members and whether it is also a common word. */
  private record WordMatch(Set<Integer> members, boolean common) {}

  /** Member number for a former member (known only by keyed hashes of the frames of their names). */
  private static final int FORMER = -1;

  /** A compiled directory of names; finds and redacts emails, phone numbers and these names. */
  public static final class Names {
    private final Map<String, List<NameKey>> byFrame = new HashMap<>();
    private final Map<String, Set<Integer>> arabicNames = new HashMap<>();
    /** Usernames, lower-cased, matched as written (a set: a directory may hold thousands). */
    private final Set<String> usernames = new HashSet<>();
    /** Display names as written, whole, by first word (one marker for "Name of ai-salma", whatever its words). */
    private final Map<String, List<List<String>>> fullNames = new HashMap<>();
    private final Predicate<String> former;

    private Names(Collection<String> names, Collection<String> usernameList, Predicate<String> former) {
      this.former = former;
      int member = 0;
      for (String name : names) {
        member++;
        for (String token : nameTokens(name.strip())) {
          boolean arabic = NameKeys.isArabic(token);
          if (arabic) {
            arabicNames.computeIfAbsent(token, t -> new HashSet<>()).add(member);
          }
          for (String key : NameKeys.keys(token)) {
            byFrame.computeIfAbsent(NameKeys.frame(key), f -> new ArrayList<>()).add(new NameKey(key, arabic, member));
          }
        }
      }
      for (String name : names) {
        List<String> words = new ArrayList<>();
        Matcher w = WORD.matcher(View.of(name.strip()).text());
        while (w.find()) {
          words.add(NameKeys.normalise(w.group()));
        }
        if (words.size() > 1) {
          fullNames.computeIfAbsent(words.get(0), f -> new ArrayList<>()).add(words);
        }
      }
      for (String username : usernameList) {
        String u = username.strip().toLowerCase(Locale.ROOT);
        if (u.codePointCount(0, u.length()) >= 3) {
          usernames.add(u);
        }
      }
    }

    /** The text with personal data replaced by markers, made safe for a model ({@link #safeForModel}). */
    public Redacted redact(String text) {
      List<Span> spans = find(text);
      StringBuilder out = new StringBuilder(text.length());
      int at = 0;
      for (Span span : spans) {
        out.append(text, at, span.start()).append(span.kind().marker());
        at = span.end();
      }
      out.append(text, at, text.length());
      return new Redacted(safeForModel(out.toString()), spans.size());
    }

    /** The personal data in the text, in order, not overlapping, as spans of the text as given. */
    public List<Span> find(String text) {
      View view = View.of(text);
      String v = view.text();
      boolean[] taken = new boolean[v.length() + 1];
      List<int[]> found = new ArrayList<>();
      for (Pattern email : List.of(EMAIL, EMAIL_WRITTEN_OUT)) {
        Matcher m = email.matcher(v);
        while (m.find()) {
          claim(found, taken, m.start(), m.end(), Kind.EMAIL);
        }
      }
      Matcher phone = PHONE.matcher(v);
      while (phone.find()) {
        int s = phone.start();
        int e = phone.end();
        while (s < e && (v.charAt(s) == ' ' || v.charAt(s) == '(')) {
          s++;
        }
        while (e > s && v.charAt(e - 1) == ' ') {
          e--;
        }
        if (isPhone(v, s, e)) {
          claim(found, taken, s, e, Kind.PHONE);
        }
      }
      List<Word> words = words(v);
      findFullNames(v, words, taken, found);
      Matcher run = USERNAME_RUN.matcher(v);
      while (run.find()) {
        int s = run.start();
        int e = run.end();
        if (v.charAt(s) == '@') {
          s++;
        }
        while (e > s && (v.charAt(e - 1) == '.' || v.charAt(e - 1) == '-')) {
          e--;
        }
        if (usernames.contains(v.substring(s, e).toLowerCase(Locale.ROOT))) {
          claim(found, taken, run.start(), e, Kind.MEMBER);
        }
      }
      findNames(v, words, taken, found);
      found.sort(Comparator.comparingInt(a -> a[0]));
      List<Span> spans = new ArrayList<>();
      int[] previous = null;
      for (int[] f : found) {
        // The parts of one full name become one marker: the model need not learn how many there were.
        if (previous != null && previous[2] == Kind.MEMBER.ordinal() && f[2] == Kind.MEMBER.ordinal()
            && f[0] - previous[1] <= 2 && v.substring(previous[1], f[0]).chars().allMatch(c -> c == ' ' || c == '-')) {
          Span last = spans.remove(spans.size() - 1);
          spans.add(new Span(last.start(), view.end(f[1]), Kind.MEMBER));
          previous = new int[] {previous[0], f[1], f[2]};
          continue;
        }
        spans.add(new Span(view.start(f[0]), view.end(f[1]), Kind.values()[f[2]]));
        previous = f;
      }
      return spans;
    }

    private static void claim(List<int[]> found, boolean[] taken, int start, int end, Kind kind) {
      for (int i = start; i < end; i++) {
        if (taken[i]) {
          return;
        }
      }
      for (int i = start; i < end; i++) {
        taken[i] = true;
      }
      found.add(new int[] {start, end, kind.ordinal()});
    }

    private static List<Word> words(String v) {
      List<Word> words = new ArrayList<>();
      Matcher m = WORD.matcher(v);
      while (m.find()) {
        String raw = m.group();
        String normalised = NameKeys.normalise(raw);
        words.add(new Word(m.start(), m.end(), normalised, light(NameKeys.isArabic(raw) ? raw : normalised),
            Character.isUpperCase(raw.codePointAt(0))));
      }
      return words;
    }

    private void findFullNames(String v, List<Word> words, boolean[] taken, List<int[]> found) {
      int n = words.size();
      for (int i = 0; i < n; i++) {
        for (List<String> full : fullNames.getOrDefault(words.get(i).normalised(), List.of())) {
          int k = 1;
          while (k < full.size() && i + k < n && words.get(i + k).normalised().equals(full.get(k))
              && adjacent(v, words.get(i + k - 1), words.get(i + k))) {
            k++;
          }
          if (k == full.size()) {
            claim(found, taken, words.get(i).start(), words.get(i + k - 1).end(), Kind.MEMBER);
          }
        }
      }
    }

    private void findNames(String v, List<Word> words, boolean[] taken, List<int[]> found) {
      int n = words.size();
      WordMatch[] match = new WordMatch[n];
      boolean[] joined = new boolean[n];
      for (int i = 0; i < n; i++) {
        Word w = words.get(i);
        if (i + 1 < n && (COMPOUND_HEADS.contains(w.normalised()) || COMPOUND_TAILS.contains(words.get(i + 1).normalised()))
            && adjacent(v, w, words.get(i + 1))) {
          Word next = words.get(i + 1);
          WordMatch r = matchWord(join(w.normalised(), next.normalised()), join(w.light(), next.light()));
          if (r != null) {
            match[i] = r;
            joined[i] = true;
            i++;
            continue;
          }
        }
        match[i] = matchWord(w.normalised(), w.light());
      }
      for (int i = 0; i < n; i++) {
        if (match[i] == null) {
          continue;
        }
        Word w = words.get(i);
        if (match[i].common()) {
          boolean named = sameMember(v, words, match, i, -1) || sameMember(v, words, match, i, 1)
              || (i > 0 && TITLES.contains(words.get(i - 1).normalised()) && adjacent(v, words.get(i - 1), w))
              || (w.start() > 0 && v.charAt(w.start() - 1) == '@')
              || (w.capitalised() && !NameKeys.isArabic(w.normalised()) && !sentenceStart(v, w.start()));
          if (!named) {
            continue;
          }
        }
        int start = w.start();
        // A particle before a name is part of it: Al-Haddad, El Haddad, Abou Jaoude.
        if (i > 0 && PARTICLES.contains(words.get(i - 1).normalised()) && adjacent(v, words.get(i - 1), w)) {
          start = words.get(i - 1).start();
        }
        int end = joined[i] ? words.get(i + 1).end() : w.end();
        claim(found, taken, start, end, Kind.MEMBER);
      }
    }

    private @Nullable WordMatch matchWord(String normalised, String lightForm) {
      boolean arabic = NameKeys.isArabic(normalised);
      List<String> candidates = stripped(normalised, true);
      List<String> lights = stripped(lightForm, true);
      Set<Integer> members = new HashSet<>();
      Set<Integer> commonMembers = new HashSet<>();
      for (int c = 0; c < candidates.size(); c++) {
        String candidate = candidates.get(c);
        if (candidate.codePointCount(0, candidate.length()) < 3 || PARTICLES.contains(candidate)) {
          continue;
        }
        boolean candidateArabic = NameKeys.isArabic(candidate);
        String lightCandidate = c < lights.size() ? lights.get(c) : candidate;
        boolean common = COMMON.contains(lightCandidate) || COMMON.contains(lightForm);
        if (candidateArabic && arabicNames.containsKey(candidate)) {
          for (int member : arabicNames.get(candidate)) {
            (common ? commonMembers : members).add(member);
          }
        }
        for (String key : NameKeys.keys(candidate)) {
          String frame = NameKeys.frame(key);
          for (NameKey name : byFrame.getOrDefault(frame, List.of())) {
            if (candidateArabic && name.arabic()) {
              continue; // two Arabic spellings are compared letter for letter (above)
            }
            if (NameKeys.match(key, candidateArabic, name.key(), name.arabic())) {
              (common ? commonMembers : members).add(name.member());
            }
          }
          if (consonants(frame) >= 2 && former.test(frame)) {
            (common ? commonMembers : members).add(FORMER);
          }
        }
      }
      if (!members.isEmpty()) {
        return new WordMatch(members, false);
      }
      return commonMembers.isEmpty() ? null : new WordMatch(commonMembers, true);
    }

    /**
     * Whether the next word on one side (through a particle: Samer Al Ali) names the same member,
     * so that a name that is also a word (صالح, أمين) counts when written with the rest of the name.
     */
    private static boolean sameMember(String v, List<Word> words, WordMatch[] match, int i, int step) {
      int j = i + step;
      Word here = words.get(i);
      while (j >= 0 && j < words.size()) {
        Word there = words.get(j);
        if (!(step < 0 ? adjacent(v, there, here) : adjacent(v, here, there))) {
          return false;
        }
        if (match[j] != null) {
          return match[j].members().stream().anyMatch(match[i].members()::contains);
        }
        if (!PARTICLES.contains(there.normalised())) {
          return false;
        }
        here = there;
        j += step;
      }
      return false;
    }

    private static boolean adjacent(String v, Word a, Word b) {
      for (int i = a.end(); i < b.start(); i++) {
        char c = v.charAt(i);
        if (c != ' ' && c != '-') {
          return false;
        }
      }
      return b.start() - a.end() <= 2;
    }

    private static boolean sentenceStart(String v, int start) {
      int i = start - 1;
      while (i >= 0 && (v.charAt(i) == ' ' || v.charAt(i) == '"' || v.charAt(i) == '(')) {
        i--;
      }
      return i < 0 || ".!?:\n-*•".indexOf(v.charAt(i)) >= 0;
    }
  }

  // ---------------------------------------------------------------- what the model may see

  private static final Pattern CONTROL_TOKEN = Pattern.compile(
      "<\\|[^|<>\\n]{0,64}\\|>|\\[/?INST\\]|<</?SYS>>|</?s>|<(?:start|end)_of_turn>|<bos>|<eos>|<unk>|<pad>"
          + "|<\\|?(?:im_start|im_end|endoftext|eot_id|start_header_id|end_header_id|system|user|assistant)\\|?>",
      Pattern.CASE_INSENSITIVE);
  private static final Pattern UNSAFE_CHARS = Pattern.compile(
      "[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F\\u0080-\\u009F\\u200B\\u200E\\u200F\\u061C\\u202A-\\u202E\\u2066-\\u2069"
          + "\\u2060\\uFEFF\\u2028\\u2029]");

  /**
   * The text made safe to hand to a model: line ends are \n, and there are no control characters,
   * direction marks or zero-width characters (which hide text from a person reading the record), and
   * no chat-template control tokens such as {@code <|im_start|>} or {@code [INST]} — removed until none
   * is left, then any remaining {@code <|} or {@code |>} broken apart so none can be re-formed.
   */
  public static String safeForModel(String text) {
    String out = text.replace("\r\n", "\n").replace('\r', '\n');
    out = UNSAFE_CHARS.matcher(out).replaceAll("");
    for (int i = 0; i < 16; i++) {
      String next = CONTROL_TOKEN.matcher(out).replaceAll("");
      if (next.equals(out)) {
        break;
      }
      out = next;
    }
    return out.replace("<|", "< |").replace("|>", "| >");
  }

  private static final Pattern PLACEHOLDER = Pattern.compile(
      "\\[\\s*(?:email|e-mail|phone|member|عضو|هاتف|رقم هاتف|البريد|بريد|بريد إلكتروني|بريد الكتروني)(?:[-_ ]?\\d+)?\\s*\\]",
      Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);

  /**
   * Whether text still holds redaction markers ({@code [member]}, {@code [phone]}, {@code [email]}, as
   * a model may echo, number or translate them). Such text must not be published: the reviewer
   * writes the real name or number (the markers cannot be restored: the gateway never keeps what it
   * removed).
   */
  public static boolean hasPlaceholders(String text) {
    return text != null && PLACEHOLDER.matcher(text).find();
  }
}
