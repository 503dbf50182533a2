package org.commune.members.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.commune.members.Accounts;
import org.commune.members.Groups;
import org.commune.members.InvalidInput;
import org.commune.members.MemberPrincipal;
import org.commune.members.Members;
import org.commune.web.Form;
import org.commune.web.LanguageResolver;
import org.commune.web.Languages;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The member's own account: overview, language, data download, deletion. */
@Controller
class AccountController {

  static final String ME = "members/me";
  static final String DELETE = "members/delete";

  private final Members members;
  private final Groups groups;
  private final Accounts accounts;

  AccountController(Members members, Groups groups, Accounts accounts) {
    this.members = members;
    this.groups = groups;
    this.accounts = accounts;
  }

  @GetMapping("/me")
  String me(@AuthenticationPrincipal MemberPrincipal member, Model model) {
    var me = members.find(member.id()).orElseThrow();
    return Pages.show(
        model,
        new MePage(me, groups.of(member.id()), accounts.totpEnabled(member.id()), accounts.hasEmail(member.id())),
        ME);
  }

  /** Anyone may switch the page language; a signed-in member's choice is also saved to their account. */
  @PostMapping("/language")
  String language(
      @RequestParam(defaultValue = "") String lang,
      @RequestParam(name = "return", defaultValue = "/") String back,
      @AuthenticationPrincipal MemberPrincipal member,
      HttpServletRequest request,
      HttpServletResponse response) {
    String chosen = Languages.orDefault(lang, "en");
    LanguageResolver.remember(request, response, chosen);
    if (member != null) {
      accounts.changeLanguage(member.id(), chosen);
    }
    return "redirect:" + Pages.safeReturn(back);
  }

  @GetMapping("/me/data")
  ResponseEntity<Map<String, Object>> data(@AuthenticationPrincipal MemberPrincipal member) {
    return ResponseEntity.ok()
        .contentType(MediaType.APPLICATION_JSON)
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment().filename("commune-my-data.json").build().toString())
        .body(accounts.export(member.id()));
  }

  @GetMapping("/me/delete")
  String confirmDelete(Model model) {
    return Pages.show(model, new DeletePage(Form.empty()), DELETE);
  }

  @PostMapping("/me/delete")
  String delete(
      @AuthenticationPrincipal MemberPrincipal member,
      @RequestParam(defaultValue = "") String password,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    try {
      accounts.delete(member.id(), password);
    } catch (InvalidInput invalid) {
      return Pages.invalid(response, model, new DeletePage(Form.empty().withErrors(invalid.byField())), DELETE);
    }
    new SecurityContextLogoutHandler().logout(request, response, null);
    return "redirect:/login?deleted";
  }
}
