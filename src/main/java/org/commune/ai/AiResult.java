package org.commune.ai;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** What came of a call: its record, the outcome, the text (when completed) or the reason (when not). */
public record AiResult(UUID call, String outcome, @Nullable String text, @Nullable String reason,
    @Nullable String model) {

  public boolean completed() {
    return "completed".equals(outcome);
  }
}
