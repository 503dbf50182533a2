package org.commune.governance;

import java.util.Optional;

/** A value the database and the pages know by a short code (a phase, an outcome, a decision type). */
public interface Coded {

  String code();

  /** The value with this code, if any. */
  static <T extends Coded> Optional<T> byCode(T[] values, String code) {
    for (T value : values) {
      if (value.code().equals(code)) {
        return Optional.of(value);
      }
    }
    return Optional.empty();
  }
}
