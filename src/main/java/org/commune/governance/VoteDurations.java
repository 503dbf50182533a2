package org.commune.governance;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.commune.members.InvalidInput;

/**
 * A voting time as a form gives it: a whole amount and a unit (minutes, hours, days, weeks). Shared by
 * the proposal form and every other form that opens or extends a vote (the general assembly's quick
 * votes), so that all refuse the same input with the same messages.
 */
public final class VoteDurations {

  /** The units a form offers, in this order; each has the message key {@code vote.unit.<code>}. */
  public static final List<String> UNITS = List.of("minutes", "hours", "days", "weeks");

  /** A guard against overflow long before any constitution's bound (a year and a bit). */
  private static final long MAX_MINUTES = 600_000;

  private VoteDurations() {}

  /**
   * The duration, or {@link InvalidInput} on {@code field}: "vote.duration.amount" for a missing, non-numeric
   * or non-positive amount, "vote.duration.unit" for an unknown unit. The constitution's bounds are
   * checked where the vote is opened (they can change between the form and the post).
   */
  public static Duration parse(String field, String amount, String unit) {
    long n;
    try {
      n = Long.parseLong(amount == null ? "" : amount.strip());
    } catch (NumberFormatException e) {
      throw InvalidInput.of(field, "vote.duration.amount");
    }
    if (n < 1 || n > MAX_MINUTES) {
      throw InvalidInput.of(field, "vote.duration.amount");
    }
    Duration d = switch (unit == null ? "" : unit.strip().toLowerCase(Locale.ROOT)) {
      case "minutes" -> Duration.ofMinutes(n);
      case "hours" -> Duration.ofHours(n);
      case "days" -> Duration.ofDays(n);
      case "weeks" -> Duration.ofDays(7 * n);
      default -> throw InvalidInput.of(field, "vote.duration.unit");
    };
    if (d.toMinutes() > MAX_MINUTES) {
      throw InvalidInput.of(field, "vote.duration.amount");
    }
    return d;
  }

  /** The largest unit that expresses the duration exactly, as {amount, unit} for a form's fields. */
  public static String[] split(Duration d) {
    long minutes = d.toMinutes();
    if (minutes % (7 * 24 * 60) == 0) {
      return new String[] {Long.toString(minutes / (7 * 24 * 60)), "weeks"};
    }
    if (minutes % (24 * 60) == 0) {
      return new String[] {Long.toString(minutes / (24 * 60)), "days"};
    }
    if (minutes % 60 == 0) {
      return new String[] {Long.toString(minutes / 60), "hours"};
    }
    return new String[] {Long.toString(minutes), "minutes"};
  }
}
