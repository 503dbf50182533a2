package org.commune.members.web;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.commune.members.Accounts;
import org.commune.members.InvalidInput;
import org.commune.members.MemberPrincipal;
import org.commune.members.RecoveryLink;
import org.commune.web.Form;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Recovery links for members locked out where no mail can reach them: a steward issues one (shown
 * once, to hand over in person or by phone), the member opens it and sets a new password, once.
 */
@Controller
class RecoveryController {

  static final String ISSUE = "members/recovery";
  static final String USE = "members/recover";

  private final Accounts accounts;

  RecoveryController(Accounts accounts) {
    this.accounts = accounts;
  }

  @GetMapping("/admin/recovery")
  String form(@RequestParam(defaultValue = "") String username, Model model) {
    return Pages.show(model, new RecoveryPage(null, Form.of(Map.of("username", username))), ISSUE);
  }

  @PostMapping("/admin/recovery")
  String issue(
      @AuthenticationPrincipal MemberPrincipal steward, @RequestParam Map<String, String> posted,
      HttpServletResponse response, Model model) {
    Form form = Form.posted(posted);
    try {
      RecoveryLink link = accounts.issueRecovery(steward.id(), form.value("username"));
      return Pages.show(model, new RecoveryPage(link, Form.empty()), ISSUE);
    } catch (InvalidInput invalid) {
      return Pages.invalid(response, model, new RecoveryPage(null, Pages.withProblems(form, invalid)), ISSUE);
    }
  }

  @GetMapping("/recover/{token}")
  String choose(@PathVariable String token, HttpServletResponse response, Model model) {
    if (!accounts.recoveryLinkOpen(token)) {
      return invalid(response, model);
    }
    return Pages.show(model, new ResetPage(token, true, Form.empty()), USE);
  }

  @PostMapping("/recover/{token}")
  String recover(
      @PathVariable String token, @RequestParam Map<String, String> posted, HttpServletResponse response, Model model) {
    Form form = Form.posted(posted);
    try {
      accounts.recover(token, form.value("password"));
    } catch (InvalidInput invalid) {
      if (invalid.byField().containsKey("form")) {
        return invalid(response, model);
      }
      return Pages.invalid(response, model, new ResetPage(token, true, Pages.withProblems(form, invalid)), USE);
    }
    return "redirect:/login?reset";
  }

  private static String invalid(HttpServletResponse response, Model model) {
    response.setStatus(HttpServletResponse.SC_NOT_FOUND);
    return Pages.show(
        model, new NoticePage("recovery.invalid.title", "recovery.link.invalid", "/reset", "recovery.ask"),
        SetupController.NOTICE);
  }
}
