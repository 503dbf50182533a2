package org.commune.members.web;

import org.commune.members.RecoveryLink;
import org.commune.web.Form;
import org.commune.web.QrSvg;
import org.jspecify.annotations.Nullable;

/** The steward's recovery form, and the link just issued (shown this once), if any. */
public record RecoveryPage(@Nullable RecoveryLink issued, Form form) {

  /** The link's QR code as SVG, drawn on the server, so that the member can scan it from the steward's screen. */
  public String qr(String label) {
    return issued == null ? "" : QrSvg.of(issued.link(), label);
  }
}
