package org.commune.members.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.commune.members.AccountSettings;
import org.commune.members.Accounts;
import org.commune.members.InvalidInput;
import org.commune.members.MemberPrincipal;
import org.commune.members.Organisation;
import org.commune.members.OrganisationProfile;
import org.commune.web.Form;
import org.commune.web.LanguageResolver;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The member's own settings: display name, language and time zone (no password needed), and email and
 * password (the current password needed). A change shows at once: the session's member is replaced.
 */
@Controller
class AccountSettingsController {

  static final String TEMPLATE = "members/account";

  private final Accounts accounts;
  private final Organisation organisation;

  AccountSettingsController(Accounts accounts, Organisation organisation) {
    this.accounts = accounts;
    this.organisation = organisation;
  }

  @GetMapping("/me/settings")
  String page(@AuthenticationPrincipal MemberPrincipal member, @RequestParam(required = false) String saved, Model model) {
    return Pages.show(model, page(current(member), saved == null ? "" : "account.saved"), TEMPLATE);
  }

  @PostMapping("/me/settings/profile")
  String profile(
      @AuthenticationPrincipal MemberPrincipal member, @RequestParam Map<String, String> posted,
      HttpServletRequest request, HttpServletResponse response, Model model) {
    Form form = Form.posted(posted);
    try {
      MemberPrincipal updated = accounts.changeProfile(
          member.id(), form.value("displayName"), form.value("language"), form.value("timeZone"));
      LanguageResolver.remember(request, response, updated.language());
      replace(updated, request, response);
    } catch (InvalidInput invalid) {
      return Pages.invalid(response, model, page(merged(member, form).withErrors(invalid.byField()), ""), TEMPLATE);
    }
    return "redirect:/me/settings?saved";
  }

  @PostMapping("/me/settings/sign-in")
  String signIn(
      @AuthenticationPrincipal MemberPrincipal member, @RequestParam Map<String, String> posted,
      HttpServletRequest request, HttpServletResponse response, Model model) {
    Form form = Form.posted(posted);
    try {
      MemberPrincipal updated = accounts.changeSignIn(
          request, member.id(), form.value("currentPassword"), form.value("email"), form.value("newPassword"));
      replace(updated, request, response);
    } catch (InvalidInput invalid) {
      return Pages.invalid(response, model, page(merged(member, form).withErrors(invalid.byField()), ""), TEMPLATE);
    }
    return "redirect:/me/settings?saved";
  }

  private AccountPage page(Form form, String notice) {
    String orgZone = organisation.profile().map(OrganisationProfile::timeZoneOrUtc).orElse("UTC");
    return new AccountPage(form, TimeZones.REGIONS, orgZone, notice);
  }

  private Form current(MemberPrincipal member) {
    AccountSettings settings = accounts.settings(member.id());
    Map<String, String> values = new HashMap<>();
    values.put("displayName", settings.displayName());
    values.put("email", settings.email() == null ? "" : settings.email());
    values.put("language", settings.language());
    values.put("timeZone", settings.timeZone() == null ? "" : settings.timeZone());
    return Form.of(values);
  }

  /** What was posted over what is stored, so that the other form keeps its values when one is refused. */
  private Form merged(MemberPrincipal member, Form posted) {
    Map<String, String> values = new HashMap<>(current(member).values());
    values.putAll(posted.values());
    return Form.of(values);
  }

  /** The session now holds the changed member: name, language and time zone apply from this page on. */
  private static void replace(MemberPrincipal updated, HttpServletRequest request, HttpServletResponse response) {
    Authentication before = SecurityContextHolder.getContext().getAuthentication();
    UsernamePasswordAuthenticationToken after =
        UsernamePasswordAuthenticationToken.authenticated(updated, null, updated.getAuthorities());
    after.setDetails(before == null ? null : before.getDetails());
    SecurityContext context = SecurityContextHolder.createEmptyContext();
    context.setAuthentication(after);
    SecurityContextHolder.setContext(context);
    new HttpSessionSecurityContextRepository().saveContext(context, request, response);
  }
}
