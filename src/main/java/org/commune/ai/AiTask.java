package org.commune.ai;

import java.util.Locale;
import java.util.Optional;

/** The tasks the gateway knows. The charter says which are allowed and where each may run. */
public enum AiTask {
  /** Translate an article between the organisation's languages; the reviewed text becomes a language version. */
  TRANSLATE,
  /** Summarise a proposal's discussion: arguments for and against, each sentence citing its comments. */
  SUMMARISE,
  /** Draft a statement from a brief; the reviewed text becomes an article. */
  DRAFT;

  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<AiTask> fromCode(String code) {
    for (AiTask task : values()) {
      if (task.code().equals(code)) {
        return Optional.of(task);
      }
    }
    return Optional.empty();
  }
}
