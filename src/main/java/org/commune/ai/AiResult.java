package org.commune.ai;

import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * What came of a call: its record, the outcome, the text (when completed) or the reason (when not),
 * and the time the gateway itself took around the model call (checks, redaction, record), for
 * bench/ai.sh.
 */
public record AiResult(UUID call, String outcome, @Nullable String text, @Nullable String reason,
    @Nullable String model, long overheadNanos, @Nullable AiReason reasonCode) {

  public boolean completed() {
    return "completed".equals(outcome);
  }
}
