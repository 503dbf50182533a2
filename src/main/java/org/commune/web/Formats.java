package org.commune.web;

import java.text.NumberFormat;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DecimalStyle;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * How a page writes moments and numbers for its reader: in the reader's time zone (their own choice,
 * else the organisation's), in the page's language, with the organisation's digits (Latin 0-9 or
 * Arabic-Indic ٠-٩). UTC stays available: {@link #utc} for hover titles and exports, {@link #iso} for
 * {@code <time datetime>}. Templates use it through {@code @template.components.when(shell, at)} and
 * {@code shell.f().number(n)}.
 */
public final class Formats {

  private static final char ARABIC_INDIC_ZERO = '\u0660';
  private static final char ARABIC_DECIMAL_SEPARATOR = '\u066B';

  private final String lang;
  private final ZoneId zone;
  private final boolean arabicDigits;
  private final DateTimeFormatter dateTime;
  private final DateTimeFormatter date;
  private final DateTimeFormatter time;

  public Formats(String lang, ZoneId zone, boolean arabicDigits) {
    this.lang = lang;
    this.zone = zone;
    this.arabicDigits = arabicDigits;
    Locale locale = Locale.forLanguageTag(lang);
    DecimalStyle digits = arabicDigits ? DecimalStyle.STANDARD.withZeroDigit(ARABIC_INDIC_ZERO) : DecimalStyle.STANDARD;
    boolean ar = "ar".equals(lang);
    this.dateTime = DateTimeFormatter.ofPattern(ar ? "d MMMM yyyy، HH:mm" : "d MMM yyyy, HH:mm", locale)
        .withZone(zone).withDecimalStyle(digits);
    this.date = DateTimeFormatter.ofPattern(ar ? "d MMMM yyyy" : "d MMM yyyy", locale).withZone(zone).withDecimalStyle(digits);
    this.time = DateTimeFormatter.ofPattern("HH:mm", locale).withZone(zone).withDecimalStyle(digits);
  }

  /** A reader's zone from their choice, else the organisation's, else UTC; unknown ids fall back too. */
  public static ZoneId zone(@Nullable String memberZone, @Nullable String organisationZone) {
    for (String candidate : new String[] {memberZone, organisationZone}) {
      if (candidate != null) {
        try {
          return ZoneId.of(candidate);
        } catch (java.time.DateTimeException unknown) {
          // A zone removed from the tz database since it was chosen: try the next.
        }
      }
    }
    return ZoneOffset.UTC;
  }

  public ZoneId zone() {
    return zone;
  }

  public boolean arabicDigits() {
    return arabicDigits;
  }

  /** Date and time in the reader's zone: "28 Nov 2026, 13:05" / "٢٨ نوفمبر ٢٠٢٦، ١٣:٠٥". */
  public String when(Instant at) {
    return dateTime.format(at);
  }

  public String date(Instant at) {
    return date.format(at);
  }

  public String time(Instant at) {
    return time.format(at);
  }

  /** The same moment in UTC, in Latin digits ("2026-11-28 11:05 UTC"): for titles and exports. */
  public String utc(Instant at) {
    return UtcMinute.format(at);
  }

  /** ISO-8601 for {@code <time datetime>}, always Latin digits. */
  public String iso(Instant at) {
    return DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
  }

  /** The reader's zone's id for a note beside times ("Africa/Cairo"). */
  public String zoneName() {
    return zone.getId();
  }

  /** A whole number with grouping in the page's language and the organisation's digits. */
  public String number(long n) {
    NumberFormat format = NumberFormat.getIntegerInstance(numberLocale());
    return format.format(n);
  }

  /** A number with up to {@code decimals} places. */
  public String decimal(double n, int decimals) {
    NumberFormat format = NumberFormat.getNumberInstance(numberLocale());
    format.setMaximumFractionDigits(decimals);
    format.setMinimumFractionDigits(0);
    return format.format(n);
  }

  /** Replaces ASCII digits in a preformatted text ("3/5", "2.50") with the organisation's digits. */
  public String digits(String text) {
    if (!arabicDigits) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean betweenDigits = i > 0 && i + 1 < text.length() && isDigit(text.charAt(i - 1)) && isDigit(text.charAt(i + 1));
      if (isDigit(c)) {
        out.append((char) (ARABIC_INDIC_ZERO + (c - '0')));
      } else if (c == '.' && betweenDigits) {
        out.append(ARABIC_DECIMAL_SEPARATOR);
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * A span of time as the page says it: the two largest non-zero units, at least one minute, each unit's
   * word in the plural form the language needs (keys {@code duration.days.one}, {@code .two}, {@code .few}…:
   * Arabic says "يومان", "٥ أيام", "١١ يومًا").
   */
  public String duration(Duration span, Texts t) {
    long minutes = Math.max(1, (span.getSeconds() + 59) / 60);
    long days = minutes / (24 * 60);
    long hours = (minutes / 60) % 24;
    long mins = minutes % 60;
    StringBuilder out = new StringBuilder();
    if (days > 0) {
      out.append(unit("days", days, t));
      if (hours > 0) {
        out.append(' ').append(unit("hours", hours, t));
      }
    } else if (hours > 0) {
      out.append(unit("hours", hours, t));
      if (mins > 0) {
        out.append(' ').append(unit("minutes", mins, t));
      }
    } else {
      out.append(unit("minutes", mins, t));
    }
    return out.toString();
  }

  private String unit(String unit, long n, Texts t) {
    return t.get("duration." + unit + "." + plural(n), number(n));
  }

  /** The CLDR plural category of a whole number in the page's language (Arabic has six, English two). */
  String plural(long n) {
    if (!"ar".equals(lang)) {
      return n == 1 ? "one" : "other";
    }
    long mod100 = n % 100;
    if (n == 0) {
      return "zero";
    } else if (n == 1) {
      return "one";
    } else if (n == 2) {
      return "two";
    } else if (mod100 >= 3 && mod100 <= 10) {
      return "few";
    } else if (mod100 >= 11) {
      return "many";
    }
    return "other";
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private Locale numberLocale() {
    return Locale.forLanguageTag(lang + "-u-nu-" + (arabicDigits ? "arab" : "latn"));
  }
}
