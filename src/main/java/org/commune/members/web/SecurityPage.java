package org.commune.members.web;

import java.time.Instant;
import java.util.List;
import org.commune.members.RecoveryLinkIssued;
import org.commune.members.TotpEnrolment;
import org.commune.web.Form;
import org.commune.web.QrSvg;
import org.jspecify.annotations.Nullable;

/**
 * Sign-in security: second factor, recovery codes, passkeys, open sessions, and the recovery links
 * stewards issued for this account (the member's notice that it happened).
 */
public record SecurityPage(
    boolean totpEnabled,
    int recoveryCodesLeft,
    @Nullable TotpEnrolment enrolment,
    List<String> newRecoveryCodes,
    List<SessionRow> sessions,
    List<PasskeyRow> passkeys,
    List<RecoveryLinkIssued> recoveryLinks,
    Form form) {

  /** The key to scan as a QR code (the otpauth URI), drawn on the server as SVG. */
  public String totpQr(String label) {
    return enrolment == null ? "" : QrSvg.of(enrolment.otpauthUri(), label);
  }

  /** One open session; the current one cannot be ended from here (sign out instead). */
  public record SessionRow(String id, Instant lastRequest, boolean current) {}

  /** One registered passkey (created unknown for some authenticators). */
  public record PasskeyRow(String id, String label, @Nullable Instant created) {}
}
