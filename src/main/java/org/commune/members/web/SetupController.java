package org.commune.members.web;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.commune.members.InvalidInput;
import org.commune.members.NewMember;
import org.commune.members.Organisation;
import org.commune.members.SetupLink;
import org.commune.web.Form;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Creates the organisation and its first steward, with the link printed at first start. */
@Controller
class SetupController {

  static final String TEMPLATE = "members/setup";
  static final String NOTICE = "members/notice";

  private final Organisation organisation;
  private final SetupLink setupLink;

  SetupController(Organisation organisation, SetupLink setupLink) {
    this.organisation = organisation;
    this.setupLink = setupLink;
  }

  @GetMapping("/setup")
  String form(@RequestParam(defaultValue = "") String token, HttpServletResponse response, Model model) {
    if (organisation.isSetUp() || !setupLink.matches(token)) {
      return invalidLink(response, model);
    }
    return Pages.show(model, new SetupPage(token, Form.of(Map.of("defaultLanguage", "ar", "language", "ar"))), TEMPLATE);
  }

  @PostMapping("/setup")
  String setUp(@RequestParam Map<String, String> posted, HttpServletResponse response, Model model) {
    String token = posted.getOrDefault("token", "");
    if (organisation.isSetUp() || !setupLink.matches(token)) {
      return invalidLink(response, model);
    }
    Form form = Form.posted(posted);
    try {
      organisation.setUp(
          form.value("nameEn"), form.value("nameAr"), form.value("defaultLanguage"),
          new NewMember(form.value("username"), form.value("displayName"), form.value("email"),
              form.value("password"), form.value("language")));
    } catch (InvalidInput invalid) {
      return Pages.invalid(response, model, new SetupPage(token, Pages.withProblems(form, invalid)), TEMPLATE);
    } catch (IllegalStateException alreadySetUp) {
      return invalidLink(response, model);
    }
    setupLink.spend();
    return "redirect:/login?setup";
  }

  private static String invalidLink(HttpServletResponse response, Model model) {
    response.setStatus(HttpServletResponse.SC_NOT_FOUND);
    return Pages.show(model, new NoticePage("setup.invalid.title", "setup.invalid.message", "/", "error.home"), NOTICE);
  }
}
