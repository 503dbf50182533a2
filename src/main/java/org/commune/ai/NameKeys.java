package org.commune.ai;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;

/**
 * Spelling-independent keys for personal names, so that one member is recognised however the name
 * is written: Youssef, Yousef, Yusuf and يوسف; Mohammed, Muhammad and محمد; Salma and سلمى.
 *
 * <p>The method, documented in docs/ai.md ("Redaction"):
 *
 * <ol>
 *   <li>Arabic letters are normalised: hamza forms of alef (أ إ آ ٱ) become ا, ة becomes ه, ى
 *       becomes ي, and the diacritics (harakat, shadda, sukun) and tatweel are dropped. Two Arabic
 *       spellings are the same name when they are equal after this.
 *   <li>Both scripts are mapped to one alphabet of consonant classes (B T D S Z J K G H X F L M N R
 *       W Y; e.g. ص and س and s are S, ق and ك and k and q are K, خ and kh are K, ش and sh and ch are
 *       X, ج and j and g are J) and vowel slots. A Latin vowel run keeps its quality (a; i, y; o, u,
 *       w; a lone interior e matches any vowel, as in Youssef/Yusuf, Mohammed/Muhammad). In Arabic
 *       only long vowels are written (ا is a, و is u, ي is i) and ء ع at any place, or a leading ا,
 *       is a vowel of any quality.
 *   <li>Two keys match when their consonants are the same and each vowel slot agrees. Between two
 *       Latin spellings every slot must agree in presence and quality; between Arabic and Latin,
 *       an interior Latin vowel may stand for an unwritten Arabic short vowel, but a first or last
 *       vowel must be written in both (so منى is Mona, but من is not).
 * </ol>
 */
final class NameKeys {

  private NameKeys() {}

  static boolean isArabic(String word) {
    for (int i = 0; i < word.length(); i++) {
      Character.UnicodeBlock block = Character.UnicodeBlock.of(word.charAt(i));
      if (block == Character.UnicodeBlock.ARABIC || block == Character.UnicodeBlock.ARABIC_PRESENTATION_FORMS_A
          || block == Character.UnicodeBlock.ARABIC_PRESENTATION_FORMS_B || block == Character.UnicodeBlock.ARABIC_SUPPLEMENT) {
        return true;
      }
    }
    return false;
  }

  /** Arabic normalisation (alef forms, taa marbuta, alef maqsura, diacritics, tatweel); other text lower-cased without accents. */
  static String normalise(String word) {
    if (isArabic(word)) {
      StringBuilder out = new StringBuilder(word.length());
      for (int i = 0; i < word.length(); i++) {
        char c = word.charAt(i);
        switch (c) {
          case 'أ', 'إ', 'آ', 'ٱ' -> out.append('ا');
          case 'ة' -> out.append('ه');
          case 'ى', 'ی' -> out.append('ي');
          case 'ک' -> out.append('ك');
          case 'ـ' -> { }
          default -> {
            if (!(c >= '\u064B' && c <= '\u065F') && c != '\u0670') {
              out.append(c);
            }
          }
        }
      }
      return out.toString();
    }
    String decomposed = Normalizer.normalize(word, Normalizer.Form.NFD);
    StringBuilder out = new StringBuilder(word.length());
    for (int i = 0; i < decomposed.length(); i++) {
      char c = decomposed.charAt(i);
      if (Character.getType(c) != Character.NON_SPACING_MARK) {
        out.append(c == '’' || c == '`' || c == 'ʼ' || c == 'ʻ' ? '\'' : c);
      }
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }

  /**
   * The keys of one normalised word (several where a spelling is ambiguous: a final ه may be
   * a taa marbuta or a real ha; a final Latin e may be silent). A key is a string of consonant
   * classes (upper case) and vowel-run sets (lower case a, i, u; '*' for any vowel), each run in
   * braces: {@code {*}MR} for عمر.
   */
  static List<String> keys(String normalised) {
    if (isArabic(normalised)) {
      // The article in عبد الله (Abdallah, Abdullah, Abdel) carries whatever vowel the speaker says.
      return arabicKeys(normalised.startsWith("عبدال") ? "عبدء" + normalised.substring(4) : normalised);
    }
    List<String> out = new ArrayList<>(latinKeys(normalised));
    if (normalised.length() > 4 && normalised.endsWith("es")) {
      out.addAll(latinKeys(normalised.substring(0, normalised.length() - 1))); // Georges, George
    }
    return out;
  }

  private static List<String> arabicKeys(String w) {
    List<String> heads = new ArrayList<>();
    heads.add("");
    int n = w.length();
    for (int i = 0; i < n; i++) {
      char c = w.charAt(i);
      boolean first = i == 0;
      boolean last = i == n - 1;
      String unit = switch (c) {
        case 'ا' -> first ? "*" : "a";
        case 'ء', 'ع', 'ئ', 'ؤ' -> "*";
        case 'و' -> first || (i == n - 2 && w.charAt(n - 1) == 'ا') ? "W" : "u"; // سلّموا: a verb's ending, not a vowel
        case 'ي' -> first ? "Y" : last ? "ai" : "i";
        case 'ب', 'پ' -> "B";
        case 'ت', 'ط' -> "T";
        case 'ث' -> "TH";
        case 'ج' -> "J";
        case 'ح' -> "H";
        case 'خ' -> "K";
        case 'د', 'ض' -> "D";
        case 'ذ' -> "DH";
        case 'ر' -> "R";
        case 'ز', 'ظ' -> "Z";
        case 'س', 'ص' -> "S";
        case 'ش', 'چ' -> "X";
        case 'غ', 'گ' -> "G";
        case 'ف', 'ڤ' -> "F";
        case 'ق', 'ك' -> "K";
        case 'ل' -> "L";
        case 'م' -> "M";
        case 'ن' -> "N";
        case 'ه' -> last && !first ? null : "H";
        default -> "";
      };
      if (unit == null) {
        // A final ه: a taa marbuta (Fatima, Fatimah, Hayat), never written o, u or i, or a real ha (Wajih).
        List<String> next = new ArrayList<>();
        for (String h : heads) {
          next.add(h + "a"); // Fatima, Fatme (a lone final Latin e is read as a)
          next.add(h + "aH");
          next.add(h + "aT");
          next.add(h + "H");
        }
        heads = next;
      } else {
        List<String> next = new ArrayList<>();
        for (String h : heads) {
          next.add(h + unit);
        }
        heads = next;
      }
    }
    List<String> out = new ArrayList<>();
    for (String h : heads) {
      out.add(collapse(h));
    }
    return out;
  }

  private static boolean vowel(char c) {
    return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
  }

  private static List<String> latinKeys(String w0) {
    String w = w0.replace("'", "’").replace("’", "'");
    StringBuilder key = new StringBuilder();
    int n = w.length();
    for (int i = 0; i < n; i++) {
      char c = w.charAt(i);
      char next = i + 1 < n ? w.charAt(i + 1) : 0;
      boolean first = i == 0;
      String two = i + 1 < n ? w.substring(i, i + 2) : "";
      switch (two) {
        case "kh" -> { key.append('K'); i++; continue; }
        case "gh" -> { key.append('G'); i++; continue; }
        case "sh", "ch" -> { key.append('X'); i++; continue; }
        case "ph" -> { key.append('F'); i++; continue; }
        case "dj" -> { key.append('J'); i++; continue; }
        case "ck" -> { key.append('K'); i++; continue; }
        default -> { }
      }
      switch (c) {
        case 'a', 'e', 'i', 'o', 'u' -> key.append(c == 'o' ? 'u' : c);
        case 'y' -> key.append(first && vowel(next) ? "Y" : "i");
        case 'w' -> key.append(first && vowel(next) ? "W" : "u");
        case '\'' -> key.append('*');
        case 'b', 'p' -> key.append('B');
        case 't' -> key.append('T');
        case 'd' -> key.append('D');
        case 's' -> key.append('S');
        case 'z' -> key.append('Z');
        case 'j', 'g' -> key.append('J');
        case 'k', 'q', 'c' -> key.append('K');
        case 'x' -> key.append("KS");
        case 'h' -> key.append('H');
        case 'f', 'v' -> key.append('F');
        case 'l' -> key.append('L');
        case 'm' -> key.append('M');
        case 'n' -> key.append('N');
        case 'r' -> key.append('R');
        default -> { }
      }
    }
    String raw = key.toString();
    List<String> out = new ArrayList<>();
    out.add(collapseLatin(raw));
    // A final e after a consonant is usually silent (Amine, Yasmine, Nadine).
    if (raw.length() > 3 && raw.endsWith("e") && Character.isUpperCase(raw.charAt(raw.length() - 2))) {
      out.add(collapseLatin(raw.substring(0, raw.length() - 1)));
    }
    return out;
  }

  /** Latin vowel runs to sets: ee is i; ei, ey, ai, ay are a or i; a lone interior e is any vowel; a lone final e is a. */
  private static String collapseLatin(String raw) {
    return collapse(raw, (run, last) -> {
      if (run.contains("*")) {
        return "*";
      } else if (run.equals("e")) {
        return last ? "a" : "*";
      } else if (run.equals("ee")) {
        return "i";
      }
      String set = distinct(run.replace("e", ""));
      return set.isEmpty() ? "*" : set;
    });
  }

  /** Arabic units to the same form: adjacent vowels form one run; doubled consonants collapse. */
  private static String collapse(String raw) {
    return collapse(raw, (run, last) -> run.contains("*") ? "*" : distinct(run));
  }

  /**
   * Consonants (upper case) as they are, a doubled one once; each run of vowels between them becomes
   * {@code {set}} as {@code vowels} maps it (told whether the run ends the key).
   */
  private static String collapse(String raw, BiFunction<String, Boolean, String> vowels) {
    StringBuilder out = new StringBuilder();
    int i = 0;
    while (i < raw.length()) {
      char c = raw.charAt(i);
      if (Character.isUpperCase(c)) {
        if (out.length() == 0 || out.charAt(out.length() - 1) != c) {
          out.append(c);
        }
        i++;
        continue;
      }
      int j = i;
      while (j < raw.length() && !Character.isUpperCase(raw.charAt(j))) {
        j++;
      }
      out.append('{').append(vowels.apply(raw.substring(i, j), j == raw.length())).append('}');
      i = j;
    }
    return out.toString();
  }

  /** The characters of {@code run}, each once, in the order they first appear. */
  private static String distinct(String run) {
    StringBuilder s = new StringBuilder();
    run.chars().distinct().forEach(v -> s.append((char) v));
    return s.toString();
  }

  /**
   * The part of a key that any matching spelling shares: its consonants, and whether it starts and
   * ends with a vowel. Used to index names and, keyed-hashed, to remember former members' names.
   */
  static String frame(String key) {
    StringBuilder out = new StringBuilder();
    if (key.startsWith("{")) {
      out.append('^');
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '{') {
        i = key.indexOf('}', i);
      } else {
        out.append(c);
      }
    }
    if (key.endsWith("}")) {
      out.append('$');
    }
    return out.toString();
  }

  /** Whether two keys with the same frame are spellings of one name (see the class comment). */
  static boolean match(String a, boolean aArabic, String b, boolean bArabic) {
    List<String> sa = slots(a);
    List<String> sb = slots(b);
    if (sa.size() != sb.size()) {
      return false;
    }
    int last = sa.size() - 1;
    for (int i = 0; i <= last; i++) {
      String x = sa.get(i);
      String y = sb.get(i);
      if (i % 2 == 1) {
        if (!x.equals(y)) {
          return false;
        }
        continue;
      }
      if (x.isEmpty() && y.isEmpty()) {
        continue;
      }
      boolean edge = i == 0 || i == last;
      if (x.isEmpty() || y.isEmpty()) {
        // Only an interior vowel may be missing: an unwritten Arabic short vowel, or a Latin
        // spelling that drops one (Fatma, Fatima); Arabic long vowels are always written in Latin.
        boolean missingOnArabic = x.isEmpty() ? aArabic && !bArabic : bArabic && !aArabic;
        if (edge || !(missingOnArabic || (!aArabic && !bArabic))) {
          return false;
        }
        continue;
      }
      if (!compatible(x, y)) {
        return false;
      }
    }
    return true;
  }

  private static boolean compatible(String x, String y) {
    if (x.contains("*") || y.contains("*")) {
      return true;
    }
    for (char c : x.toCharArray()) {
      if (y.indexOf(c) >= 0) {
        return true;
      }
    }
    return false;
  }

  /** Alternating vowel slot, consonant, vowel slot, ...; an absent vowel is "". */
  private static List<String> slots(String key) {
    List<String> out = new ArrayList<>();
    String pending = "";
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '{') {
        int end = key.indexOf('}', i);
        pending = key.substring(i + 1, end);
        i = end;
      } else {
        out.add(pending);
        out.add(String.valueOf(c));
        pending = "";
      }
    }
    out.add(pending);
    return out;
  }
}
