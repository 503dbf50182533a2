package org.commune.members.web;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.commune.members.Accounts;
import org.commune.members.InvalidInput;
import org.commune.web.Form;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Password reset by email. The answer to a request is the same whether or not the account exists, and
 * never says a mail was sent when this Commune cannot send mail (then: ask a steward for a recovery link).
 */
@Controller
class PasswordResetController {

  static final String REQUEST = "members/reset-request";
  static final String CHOOSE = "members/reset-password";

  private final Accounts accounts;

  PasswordResetController(Accounts accounts) {
    this.accounts = accounts;
  }

  @GetMapping("/reset")
  String request(Model model) {
    return Pages.show(model, new ResetPage("", accounts.canSendMail(), Form.empty()), REQUEST);
  }

  @PostMapping("/reset")
  String send(@RequestParam(defaultValue = "") String account, Model model) {
    if (!accounts.canSendMail()) {
      // Never claim a mail went out when none can; the same answer for every account.
      return Pages.show(
          model, new NoticePage("reset.no-mail.title", "reset.no-mail.steward", "/login", "nav.signin"), SetupController.NOTICE);
    }
    accounts.requestPasswordReset(account);
    return Pages.show(
        model, new NoticePage("reset.sent.title", "reset.sent.or-steward", "/login", "nav.signin"), SetupController.NOTICE);
  }

  @GetMapping("/reset/{token}")
  String choose(@PathVariable String token, HttpServletResponse response, Model model) {
    if (!accounts.resetLinkOpen(token)) {
      return invalid(response, model);
    }
    return Pages.show(model, new ResetPage(token, true, Form.empty()), CHOOSE);
  }

  @PostMapping("/reset/{token}")
  String reset(
      @PathVariable String token, @RequestParam Map<String, String> posted, HttpServletResponse response, Model model) {
    Form form = Form.posted(posted);
    try {
      accounts.resetPassword(token, form.value("password"));
    } catch (InvalidInput invalid) {
      if (invalid.byField().containsKey("form")) {
        return invalid(response, model);
      }
      return Pages.invalid(response, model, new ResetPage(token, true, Pages.withProblems(form, invalid)), CHOOSE);
    }
    return "redirect:/login?reset";
  }

  private static String invalid(HttpServletResponse response, Model model) {
    response.setStatus(HttpServletResponse.SC_NOT_FOUND);
    return Pages.show(
        model, new NoticePage("reset.invalid.title", "reset.link.invalid", "/reset", "reset.again"), SetupController.NOTICE);
  }
}
