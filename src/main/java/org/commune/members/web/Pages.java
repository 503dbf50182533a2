package org.commune.members.web;

import jakarta.servlet.http.HttpServletResponse;
import org.commune.members.InvalidInput;
import org.commune.web.Form;
import org.springframework.ui.Model;

/** What the member pages share: turning errors into a 400 page. */
final class Pages {

  private Pages() {}

  /** Puts the page in the model and answers 400: the member's input needs correcting. */
  static String invalid(HttpServletResponse response, Model model, Object page, String template) {
    response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
    model.addAttribute("page", page);
    return template;
  }

  static Form withProblems(Form form, InvalidInput invalid) {
    return form.withErrors(invalid.byField());
  }

  static String show(Model model, Object page, String template) {
    model.addAttribute("page", page);
    return template;
  }

  /** A local path to go back to after a form, never another site. */
  static String safeReturn(String path) {
    // No control characters: CR/LF would break the Location header (once a 500), and none belong in a path.
    if (path == null || !path.startsWith("/") || path.startsWith("//") || path.startsWith("/\\")
        || path.chars().anyMatch(c -> c < 0x20 || c == 0x7F)) {
      return "/";
    }
    return path;
  }
}
