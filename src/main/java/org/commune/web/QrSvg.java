package org.commune.web;

import io.nayuki.qrcodegen.QrCode;

/**
 * A QR code drawn on the server as one SVG path: no script, no inline style (the strict CSP allows
 * it), no image request. Used for invitation sheets and TOTP set-up, where the phone's camera saves
 * typing a long link or key.
 */
public final class QrSvg {

  /** Quiet zone around the code, in modules, as the QR standard asks. */
  private static final int BORDER = 4;

  private QrSvg() {}

  /**
   * The SVG element for the text. The label names it for screen readers; it is escaped here, the
   * text itself only becomes black and white squares.
   */
  public static String of(String text, String label) {
    QrCode code = QrCode.encodeText(text, QrCode.Ecc.MEDIUM);
    int size = code.size + BORDER * 2;
    StringBuilder path = new StringBuilder();
    for (int y = 0; y < code.size; y++) {
      for (int x = 0; x < code.size; x++) {
        if (code.getModule(x, y)) {
          path.append('M').append(x + BORDER).append(',').append(y + BORDER).append("h1v1h-1z");
        }
      }
    }
    // A size as attributes (not style: the CSP forbids inline style) so that, unstyled, the code is a
    // scannable 12 rem square rather than as wide as the page; the stylesheet may override it.
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" width=\"192\" height=\"192\" viewBox=\"0 0 "
        + size + " " + size + "\" role=\"img\" aria-label=\"" + escape(label) + "\" shape-rendering=\"crispEdges\">"
        + "<rect width=\"" + size + "\" height=\"" + size + "\" fill=\"#fff\"/>"
        + "<path d=\"" + path + "\" fill=\"#000\"/></svg>";
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
