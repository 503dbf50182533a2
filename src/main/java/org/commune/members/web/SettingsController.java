package org.commune.members.web;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.commune.members.InvalidInput;
import org.commune.members.MemberPrincipal;
import org.commune.members.Organisation;
import org.commune.members.OrganisationProfile;
import org.commune.web.Form;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Stewards change the organisation's settings; each change goes to the public log. */
@Controller
class SettingsController {

  static final String TEMPLATE = "members/settings";

  private final Organisation organisation;

  SettingsController(Organisation organisation) {
    this.organisation = organisation;
  }

  @GetMapping("/admin/settings")
  String page(@RequestParam(required = false) String saved, Model model) {
    OrganisationProfile profile = organisation.profile().orElseThrow();
    Form form =
        Form.of(Map.of(
            "nameEn", profile.nameEn(), "nameAr", profile.nameAr(), "defaultLanguage", profile.defaultLanguage(),
            "openRegistration", Boolean.toString(profile.openRegistration()),
            "timeZone", profile.timeZoneOrUtc(), "digits", profile.arabicDigits() ? "arab" : "latn"));
    return Pages.show(model, new SettingsPage(saved != null, form, TimeZones.REGIONS), TEMPLATE);
  }

  @PostMapping("/admin/settings")
  String save(
      @AuthenticationPrincipal MemberPrincipal steward, @RequestParam Map<String, String> posted,
      HttpServletResponse response, Model model) {
    Form form = Form.posted(posted);
    try {
      organisation.changeSettings(
          steward.id(),
          new OrganisationProfile(
              form.value("nameEn"), form.value("nameAr"), form.value("defaultLanguage"),
              "true".equals(form.value("openRegistration")),
              // Posted blank: refused by the checks. Not posted at all (an older form): left as it is.
              form.has("timeZone") ? form.value("timeZone") : null, form.has("digits") ? form.value("digits") : null));
    } catch (InvalidInput invalid) {
      return Pages.invalid(
          response, model, new SettingsPage(false, Pages.withProblems(form, invalid), TimeZones.REGIONS), TEMPLATE);
    }
    return "redirect:/admin/settings?saved";
  }
}
