package org.commune.web;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What a form shows: the values typed (so nothing is lost when it comes back with errors) and a
 * message key per field that needs correcting. Passwords are never put back.
 */
public record Form(Map<String, String> values, Map<String, String> errors) {

  public static Form empty() {
    return new Form(Map.of(), Map.of());
  }

  public static Form of(Map<String, String> values) {
    return new Form(values, Map.of());
  }

  /** The fields a member posted, without the CSRF token (no value of theirs, and never shown back). */
  public static Form posted(Map<String, String> posted) {
    Map<String, String> values = new HashMap<>(posted);
    values.remove("_csrf");
    return of(values);
  }

  /** The same values with {@code field} set to {@code value}. */
  public Form with(String field, String value) {
    Map<String, String> changed = new HashMap<>(values);
    changed.put(field, value);
    return new Form(changed, errors);
  }

  /** Whether the field was posted at all (a ticked check box). */
  public boolean has(String field) {
    return values.containsKey(field);
  }

  public Form withErrors(Map<String, String> fieldErrors) {
    Map<String, String> kept = new HashMap<>(values);
    kept.keySet().removeIf(k -> k.toLowerCase(Locale.ROOT).contains("password"));
    return new Form(kept, fieldErrors);
  }

  public String value(String field) {
    return values.getOrDefault(field, "");
  }

  /**
   * A field as a whole number, or {@code fallback} when it is empty or not one (a fallback the checks
   * refuse, such as -1, turns a typing mistake into the field's own message).
   */
  public int number(String field, int fallback) {
    try {
      return Integer.parseInt(value(field).strip());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** The same for large whole numbers. */
  public long largeNumber(String field, long fallback) {
    try {
      return Long.parseLong(value(field).strip());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  /** A field as a decimal number (a dot as separator), or {@code fallback}. */
  public double decimal(String field, double fallback) {
    try {
      double d = Double.parseDouble(value(field).strip());
      return Double.isFinite(d) ? d : fallback;
    } catch (NumberFormatException e) {
      return fallback;
    }
  }

  public boolean hasError(String field) {
    return errors.containsKey(field);
  }

  public String error(String field) {
    return errors.getOrDefault(field, "");
  }

  public boolean hasErrors() {
    return !errors.isEmpty();
  }
}
