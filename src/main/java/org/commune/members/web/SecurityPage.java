package org.commune.members.web;

import java.util.List;
import org.commune.members.TotpEnrolment;
import org.commune.web.Form;
import org.jspecify.annotations.Nullable;

/** Sign-in security: second factor, recovery codes, passkeys, open sessions. */
public record SecurityPage(
    boolean totpEnabled,
    int recoveryCodesLeft,
    @Nullable TotpEnrolment enrolment,
    List<String> newRecoveryCodes,
    List<SessionRow> sessions,
    List<PasskeyRow> passkeys,
    Form form) {

  /** One open session; the current one cannot be ended from here (sign out instead). */
  public record SessionRow(String id, String lastRequest, boolean current) {}

  /** One registered passkey. */
  public record PasskeyRow(String id, String label, String created) {}
}
