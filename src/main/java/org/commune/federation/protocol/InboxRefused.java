package org.commune.federation.protocol;

/**
 * A delivery the inbox does not take: the HTTP status to answer (always 4xx) and a short code saying why
 * (the answer's body and the log carry the code, never what the peer sent).
 */
public final class InboxRefused extends Exception {

  private final int status;
  private final String code;

  public InboxRefused(int status, String code) {
    super(status + " " + code, null, false, false);
    this.status = status;
    this.code = code;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }
}
