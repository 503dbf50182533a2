package org.commune.members.web;

import org.commune.members.InvitationsMade;
import org.commune.web.QrSvg;

/** Invitations just made: a printable sheet of links with QR codes, shown this once. */
public record InvitationSheetPage(InvitationsMade made) {

  /** The QR code of a link, as an SVG element (drawn here, on the server; no user text inside). */
  public String qr(String link, String label) {
    return QrSvg.of(link, label);
  }
}
