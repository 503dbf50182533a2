package org.commune.publishing;

import java.util.Locale;
import java.util.Optional;

/**
 * Why a published article was withdrawn: a fixed code, public in the log and on the tombstone
 * ({@code articles.withdrawal.reason.<code>}). The editor's own words go in a note.
 */
public enum WithdrawalReason {
  ERROR,
  RIGHTS,
  PRIVACY,
  SAFETY,
  DUPLICATE,
  OTHER;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<WithdrawalReason> fromCode(String code) {
    for (WithdrawalReason reason : values()) {
      if (reason.code().equals(code)) {
        return Optional.of(reason);
      }
    }
    return Optional.empty();
  }
}
