package org.commune.federation.http;

/**
 * A remote actor or key Commune could not get or does not accept; {@link #reason()} says why as a code
 * (refusals are logged and counted by code and host only, never by what the peer sent).
 */
public final class RemoteRefused extends Exception {

  public enum Reason {
    /** The address is not an http(s) URL or resolves somewhere Commune never connects to (SSRF guard). */
    ADDRESS_REFUSED,
    /** No answer, a broken connection, a timeout, or an answer larger than the cap. */
    UNREACHABLE,
    /** The server answered, but not with 2xx (410 Gone included). */
    HTTP_STATUS,
    /** The answer is not a JSON object. */
    NOT_JSON,
    /** The document's id is not the URL asked for. */
    ID_MISMATCH,
    /** The document is not an actor (or key) of a type Commune knows. */
    NOT_AN_ACTOR,
    /** A field has the wrong type or is not an http(s) URL where one must be. */
    BAD_FIELD,
    /** The key's owner is not the actor, or the key is not the one asked for. */
    KEY_OWNER_MISMATCH,
    /** The key document lives on another host than the actor it claims. */
    KEY_HOST_MISMATCH,
    /** The inbox or shared inbox lives on another host than the actor (deliveries would hit a third party). */
    INBOX_HOST_MISMATCH,
    /** The public key is missing or is not an RSA key Commune can read. */
    BAD_KEY
  }

  private final Reason reason;

  public RemoteRefused(Reason reason, String detail) {
    super(reason + ": " + detail, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
