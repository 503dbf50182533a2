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
    return new Names(names, frame -> false);
  }

  /**
   * As {@link #names(Collection)}, also recognising former members, of whom only keyed hashes of the
   * spelling-independent frames of their names are kept: {@code former} answers whether a frame
   * belonged to one.
   */
  public static Names names(Collection<String> names, Predicate<String> former) {
    return new Names(names, former);
  }

  /** The frames (see {@link NameKeys#frame}) of a member's display name or username, as remembered for former members. */
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
    String username = name.strip().toLowerCase(Locale.ROOT);
    if (username.length() >= 3 && !username.contains(" ")) {
      out.add("@" + username);
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
      if (!separators.isEmpty() && separators.chars().allMatch(ch -> ch == ',')) {
        return false; // 1,250,000
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

  /**
   * Words that are also names (صالح in لصالح "in favour of", أمين in أمين الصندوق "treasurer", نور
   * "light", common English words): they count as a member's name only next to another part of a
   * name, after a title or an @, or (Latin) capitalised inside a sentence.
   */
  private static final Set<String> COMMON = words("صالح امين امينه حسن حسين كمال نور كريم مني امل سلام جميل جميله سعيد سعيده فرح هدي وفاء رجاء نبيل "
          + "عادل فريد بشير منير رشيد شريف لطيف مجد عيد صباح سحر ربيع حياه نجاح ايمان احلام زهره ورده ياسمين هادي "
          + "سامي عاليه رحمه نعمه عزيز سالم علي امر امير مر من ما مع مسا مساء اما امس الى الي على عن في كان قال "
          + "هذا هذه ذلك تلك لكن كل بعد قبل عند اول اخر غير بين حتى حين انا انت نحن هم هو هي نعم لا كما ايضا فقط "
          + "جدا الان اليوم غدا مرة سنه شهر يوم ساعه عضو اعضاء لجنه جلسه رقم هاتف بريد اجتماع قرار ماده بند نقطه "
          + "صوت اصوات مشروع تقرير محضر رئيس سر مال صندوق موازنه ميزانيه will may june april august hope grace "
          + "rose mark bill joy faith ruby sky rich nor near norm more mine many money same some sum salami amen "
          + "omen man men main mean moon mood hadn hasn karma cream crime rain ran run the and for from with this "
          + "that those these there their them then than have has had was were are our your you not but all any "
          + "one two who why how what when where which also just only said say says call meet met team time item "
          + "items note notes vote votes motion minutes member members phone email mail number article sabah "
          + "salam");

  /** Words before a name that make it a name: titles, forms of address, greetings. */
  private static final Set<String> TITLES = words("السيد السيده الاستاذ الاستاذه استاذ استاذه الزميل الزميله زميل زميله الرفيق الرفيقه رفيق رفيقه د ا "
          + "الدكتور الدكتوره دكتور دكتوره الحاج الحاجه حاج حاجه يا اخ الاخ الاخت اخت ابو ام المهندس المهندسه "
          + "الشيخ الست ست مدام عزيزي عزيزتي مرحبا شكرا السلام اهلا سيد سيده mr mrs ms miss dr prof sister "
          + "brother comrade sis bro dear hi hello hey thanks thank madam mme mlle monsieur sir cc by with to "
          + "from ask asked told tell call called contact eng ustaz ustaza sayed sayyed hajj haj abu um umm "
          + "ustadh sheikh");

  private static Set<String> words(String spaced) {
    return Set.copyOf(new HashSet<>(List.of(spaced.split(" "))));
  }

  private static final String[] ARABIC_PREFIXES = {"وبال", "وال", "بال", "فال", "كال", "ولل", "فلل", "لل", "ال", "وب", "ول",
      "وك", "فب", "فل", "و", "ف", "ب", "ل", "ك"};

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
      if (COMPOUND_HEADS.contains(w) && i + 1 < words.size()) {
        out.add(w + words.get(i + 1));
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
            out.add(w.substring(p.length()));
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

  private record NameKey(String key, boolean arabic, String normalised, boolean common) {}

  private record Word(int start, int end, String normalised, boolean capitalised) {}

  /** A compiled directory of names; finds and redacts emails, phone numbers and these names. */
  public static final class Names {
    private final Map<String, List<NameKey>> byFrame = new HashMap<>();
    private final Set<String> arabicNames = new HashSet<>();
    private final @Nullable Pattern usernames;
    private final Predicate<String> former;

    private Names(Collection<String> names, Predicate<String> former) {
      this.former = former;
      Set<String> usernameSet = new HashSet<>();
      for (String name : names) {
        String stripped = name.strip();
        if (stripped.codePointCount(0, stripped.length()) < 3) {
          continue;
        }
        if (!stripped.contains(" ") && stripped.matches(".*[0-9_.@-].*")) {
          usernameSet.add(stripped);
        }
        for (String token : nameTokens(stripped)) {
          boolean arabic = NameKeys.isArabic(token);
          if (arabic) {
            arabicNames.add(token);
          }
          for (String key : NameKeys.keys(token)) {
            byFrame.computeIfAbsent(NameKeys.frame(key), f -> new ArrayList<>())
                .add(new NameKey(key, arabic, token, COMMON.contains(token)));
          }
        }
      }
      if (usernameSet.isEmpty()) {
        usernames = null;
      } else {
        StringBuilder alternation = new StringBuilder("(?<![\\p{L}\\p{N}_.])(?:");
        List<String> sorted = usernameSet.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
        for (int i = 0; i < sorted.size(); i++) {
          alternation.append(i == 0 ? "" : "|").append(Pattern.quote(sorted.get(i)));
        }
        alternation.append(")(?![\\p{L}\\p{N}_])");
        usernames = Pattern.compile(alternation.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
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
      if (usernames != null) {
        Matcher m = usernames.matcher(v);
        while (m.find()) {
          claim(found, taken, m.start(), m.end(), Kind.MEMBER);
        }
      }
      findNames(v, taken, found);
      found.sort(Comparator.comparingInt(a -> a[0]));
      List<Span> spans = new ArrayList<>();
      for (int[] f : found) {
        spans.add(new Span(view.start(f[0]), view.end(f[1]), Kind.values()[f[2]]));
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

    private void findNames(String v, boolean[] taken, List<int[]> found) {
      List<Word> words = new ArrayList<>();
      Matcher m = WORD.matcher(v);
      while (m.find()) {
        String raw = m.group();
        words.add(new Word(m.start(), m.end(), NameKeys.normalise(raw), Character.isUpperCase(raw.codePointAt(0))));
      }
      int n = words.size();
      // 0: no name; 1: a name; 2: a name that is also a common word (needs context); 3: joined with the next word.
      int[] match = new int[n];
      for (int i = 0; i < n; i++) {
        if (match[i] != 0) {
          continue;
        }
        Word w = words.get(i);
        if (COMPOUND_HEADS.contains(w.normalised()) && i + 1 < n && adjacent(v, w, words.get(i + 1))) {
          int r = matchWord(w.normalised() + words.get(i + 1).normalised());
          if (r != 0) {
            match[i] = 3;
            match[i + 1] = 1;
            continue;
          }
        }
        match[i] = matchWord(w.normalised());
      }
      for (int i = 0; i < n; i++) {
        if (match[i] == 0) {
          continue;
        }
        Word w = words.get(i);
        if (match[i] == 2) {
          boolean named = (i > 0 && match[i - 1] != 0 && adjacent(v, words.get(i - 1), w))
              || (i + 1 < n && match[i + 1] != 0 && adjacent(v, w, words.get(i + 1)))
              || (i > 0 && TITLES.contains(words.get(i - 1).normalised()) && adjacent(v, words.get(i - 1), w))
              || (w.start() > 0 && v.charAt(w.start() - 1) == '@')
              || (w.capitalised() && !sentenceStart(v, w.start()));
          if (!named) {
            continue;
          }
        }
        int end = w.end();
        if (match[i] == 3) {
          end = words.get(i + 1).end();
          i++;
        }
        claim(found, taken, w.start(), end, Kind.MEMBER);
      }
    }

    /** 0 no, 1 a member's name, 2 a member's name that is also a common word. */
    private int matchWord(String normalised) {
      boolean arabic = NameKeys.isArabic(normalised);
      int best = 0;
      for (String candidate : stripped(normalised, true)) {
        if (candidate.codePointCount(0, candidate.length()) < 3 || PARTICLES.contains(candidate)) {
          continue;
        }
        boolean common = COMMON.contains(candidate);
        if (arabic && arabicNames.contains(candidate)) {
          return common ? 2 : 1;
        }
        for (String key : NameKeys.keys(candidate)) {
          String frame = NameKeys.frame(key);
          for (NameKey name : byFrame.getOrDefault(frame, List.of())) {
            if (arabic && name.arabic()) {
              continue; // two Arabic spellings are compared letter for letter (above)
            }
            if (NameKeys.match(key, arabic, name.key(), name.arabic())) {
              int r = common || name.common() ? 2 : 1;
              if (r == 1) {
                return 1;
              }
              best = 2;
            }
          }
          if (best == 0 && consonants(frame) >= 2 && former.test(frame)) {
            best = common ? 2 : 1;
          }
        }
        if (best == 1) {
          return 1;
        }
      }
      return best;
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
