package org.commune.federation.http;

/** An inbound request whose signature Commune does not accept; {@link #reason()} says why, as a code. */
public final class SignatureRefused extends Exception {

  /** Why, as codes the inbox answers with and counts (never the request's own text). */
  public enum Reason {
    UNSIGNED, MALFORMED, ALGORITHM, HEADERS_MISSING, DATE_SKEW, EXPIRED, DIGEST_MISSING, DIGEST_MISMATCH,
    BAD_SIGNATURE, KEY_UNAVAILABLE, KEY_OWNER_MISMATCH, BLOCKED,
    /** Signed for another host (Host, {@code @authority}, {@code @target-uri}): a delivery meant elsewhere, replayed here. */
    WRONG_HOST
  }

  private final Reason reason;

  public SignatureRefused(Reason reason, String detail) {
    super(reason + ": " + detail, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
