package org.commune.members;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The rules for what members type, checked at the edge before anything is stored; the database
 * enforces the same rules with constraints. Collects every problem so a form shows them all at once.
 */
final class InputChecks {

  static final int MIN_PASSWORD = 12;
  /** Argon2 hashes whatever it is given: an upper bound keeps one request from costing too much. */
  static final int MAX_PASSWORD = 128;

  private static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{2,29}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");
  private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{1,39}");

  private final List<InvalidInput.Problem> problems = new ArrayList<>();

  static String normaliseUsername(@Nullable String username) {
    return username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
  }

  static @Nullable String normaliseEmail(@Nullable String email) {
    return email == null || email.isBlank() ? null : email.strip();
  }

  InputChecks problem(String field, String key) {
    problems.add(new InvalidInput.Problem(field, key));
    return this;
  }

  InputChecks username(String field, String username) {
    if (!USERNAME.matcher(username).matches()) {
      problem(field, "input.username.invalid");
    }
    return this;
  }

  InputChecks text(String field, @Nullable String value, int max) {
    if (value == null || value.isBlank()) {
      problem(field, "input.required");
    } else if (value.strip().length() > max || hasControlCharacters(value)) {
      problem(field, "input.too-long");
    }
    return this;
  }

  /**
   * A name others will read as who wrote something: a text without invisible format characters (direction
   * overrides such as U+202E, zero-width spaces and joiners), with which "\u202EanimA" reads "Amina" or
   * "Sal\u200Bma" passes for "Salma" (found in review).
   */
  InputChecks displayName(String field, @Nullable String value) {
    text(field, value, 60);
    if (value != null && value.codePoints().anyMatch(c -> Character.getType(c) == Character.FORMAT)) {
      problem(field, "input.display-name.invisible");
    }
    return this;
  }

  InputChecks optionalText(String field, @Nullable String value, int max) {
    if (value != null && (value.strip().length() > max || hasControlCharacters(value))) {
      problem(field, "input.too-long");
    }
    return this;
  }

  InputChecks email(String field, @Nullable String email) {
    if (email != null && (email.length() > 254 || !EMAIL.matcher(email).matches())) {
      problem(field, "input.email.invalid");
    }
    return this;
  }

  InputChecks password(String field, @Nullable String password, String username) {
    if (password == null || password.length() < MIN_PASSWORD) {
      problem(field, "input.password.short");
    } else if (password.length() > MAX_PASSWORD) {
      problem(field, "input.password.long");
    } else if (password.strip().equalsIgnoreCase(username)) {
      problem(field, "input.password.username");
    }
    return this;
  }

  InputChecks language(String field, @Nullable String language) {
    if (!"ar".equals(language) && !"en".equals(language)) {
      problem(field, "input.language.invalid");
    }
    return this;
  }

  /** An IANA time zone id such as "Africa/Cairo"; null means "not chosen" and passes. */
  InputChecks timeZone(String field, @Nullable String zone) {
    if (zone != null && !java.time.ZoneId.getAvailableZoneIds().contains(zone) && !"UTC".equals(zone)) {
      problem(field, "input.time-zone.invalid");
    }
    return this;
  }

  /** "latn" or "arab"; null means "leave as it is" and passes. */
  InputChecks digits(String field, @Nullable String digits) {
    if (digits != null && !"latn".equals(digits) && !"arab".equals(digits)) {
      problem(field, "input.digits.invalid");
    }
    return this;
  }

  InputChecks slug(String field, @Nullable String slug) {
    if (slug == null || !SLUG.matcher(slug).matches()) {
      problem(field, "input.slug.invalid");
    }
    return this;
  }

  void throwIfAny() {
    if (!problems.isEmpty()) {
      throw new InvalidInput(problems);
    }
  }

  static void check(NewMember member) {
    InputChecks checks = new InputChecks();
    String username = normaliseUsername(member.username());
    checks
        .username("username", username)
        .displayName("displayName", member.displayName())
        .email("email", normaliseEmail(member.email()))
        .password("password", member.password(), username)
        .language("language", member.language())
        .throwIfAny();
  }

  private static boolean hasControlCharacters(String value) {
    return value.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t');
  }
}
