package org.commune.ai;

import java.util.Locale;

/**
 * Why a call was refused or failed, as a fixed code. The public log carries only this code (never a
 * provider's error text, which can echo a member's words back); the members' record keeps a longer
 * explanation next to it.
 */
public enum AiReason {
  NO_CHARTER,
  CHARTER_EXPIRED,
  TASK_NOT_ALLOWED,
  NO_PROVIDER,
  NO_MODEL,
  DATA_NOT_TRUSTED,
  TRUST_SUSPENDED,
  INPUT_TOO_LONG,
  BUDGET_TOKENS,
  BUDGET_ENERGY,
  ADDRESS_REFUSED,
  MEMBER_RATE,
  MEMBER_PARALLEL,
  GROUP_RATE,
  GROUP_PARALLEL,
  PROVIDER_BUSY,
  CIRCUIT_OPEN,
  TIMEOUT,
  PROVIDER_HTTP_ERROR,
  PROVIDER_UNREACHABLE,
  MALFORMED_RESPONSE,
  STREAM_ERROR,
  OUTPUT_TOO_LARGE,
  EMPTY_OUTPUT,
  GATEWAY_ERROR,
  /** The application stopped (or crashed) while the call ran; recorded at the next start. */
  INTERRUPTED;

  /** The code as stored and published: lower case with dashes ("circuit-open"). */
  public String code() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The message key that explains the code to members. */
  public String messageKey() {
    return "ai.reason." + code();
  }
}
