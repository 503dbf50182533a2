package org.commune.members.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The sign-in page; Spring Security handles the POST. */
@Controller
class LoginController {

  static final String TEMPLATE = "members/login";

  @GetMapping("/login")
  String login(HttpServletRequest request, HttpServletResponse response, Model model) {
    boolean failed = request.getParameter("error") != null;
    String notice = "";
    if (failed) {
      notice = "signin.failed";
      response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
    } else if (request.getParameter("expired") != null) {
      notice = "signin.expired";
    } else if (request.getParameter("setup") != null) {
      notice = "signin.after-setup";
    } else if (request.getParameter("joined") != null) {
      notice = "signin.after-join";
    } else if (request.getParameter("reset") != null) {
      notice = "signin.after-reset";
    } else if (request.getParameter("deleted") != null) {
      notice = "signin.after-delete";
    }
    return Pages.show(model, new LoginPage(notice, failed, ""), TEMPLATE);
  }
}
