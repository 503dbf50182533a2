package org.commune.publishing;

import java.util.Locale;
import java.util.Optional;

/**
 * Why a published article was corrected: a fixed code, public in the log and named on the page in the
 * reader's language ({@code articles.correction.reason.<code>}). The editor's own words go in a note.
 */
public enum CorrectionReason {
  FACT,
  TYPO,
  CLARITY,
  UPDATE,
  OTHER;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<CorrectionReason> fromCode(String code) {
    for (CorrectionReason reason : values()) {
      if (reason.code().equals(code)) {
        return Optional.of(reason);
      }
    }
    return Optional.empty();
  }
}
