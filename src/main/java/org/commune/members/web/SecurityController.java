package org.commune.members.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.commune.members.Accounts;
import org.commune.members.InvalidInput;
import org.commune.members.MemberPrincipal;
import org.commune.members.Organisation;
import org.commune.members.TotpEnrolment;
import org.commune.web.Form;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The member's sign-in security page. */
@Controller
class SecurityController {

  static final String TEMPLATE = "members/security";

  private final Accounts accounts;
  private final Organisation organisation;
  private final PublicKeyCredentialUserEntityRepository passkeyUsers;
  private final UserCredentialRepository passkeys;

  SecurityController(
      Accounts accounts,
      Organisation organisation,
      PublicKeyCredentialUserEntityRepository passkeyUsers,
      UserCredentialRepository passkeys) {
    this.accounts = accounts;
    this.organisation = organisation;
    this.passkeyUsers = passkeyUsers;
    this.passkeys = passkeys;
  }

  @GetMapping("/me/security")
  String page(@AuthenticationPrincipal MemberPrincipal member, HttpServletRequest request, Model model) {
    return Pages.show(model, page(member, request, null, List.of(), Form.empty()), TEMPLATE);
  }

  @PostMapping("/me/security/totp/start")
  String start(@AuthenticationPrincipal MemberPrincipal member, HttpServletRequest request, HttpServletResponse response,
      Model model) {
    try {
      TotpEnrolment enrolment = accounts.startTotp(member.id(), issuer());
      return Pages.show(model, page(member, request, enrolment, List.of(), Form.empty()), TEMPLATE);
    } catch (InvalidInput invalid) {
      return Pages.invalid(response, model, page(member, request, null, List.of(), Form.empty().withErrors(invalid.byField())), TEMPLATE);
    }
  }

  @PostMapping("/me/security/totp/confirm")
  String confirm(
      @AuthenticationPrincipal MemberPrincipal member,
      @RequestParam(defaultValue = "") String code,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    try {
      List<String> codes = accounts.confirmTotp(member.id(), code);
      return Pages.show(model, page(member, request, null, codes, Form.empty()), TEMPLATE);
    } catch (InvalidInput invalid) {
      TotpEnrolment pending = accounts.totpEnabled(member.id()) ? null : accounts.pendingTotp(member.id(), issuer());
      return Pages.invalid(
          response, model, page(member, request, pending, List.of(), Form.empty().withErrors(invalid.byField())), TEMPLATE);
    }
  }

  @PostMapping("/me/security/totp/disable")
  String disable(
      @AuthenticationPrincipal MemberPrincipal member,
      @RequestParam(defaultValue = "") String password,
      HttpServletRequest request,
      HttpServletResponse response,
      Model model) {
    try {
      accounts.disableTotp(member.id(), password);
    } catch (InvalidInput invalid) {
      return Pages.invalid(
          response, model, page(member, request, null, List.of(), Form.empty().withErrors(invalid.byField())), TEMPLATE);
    }
    return "redirect:/me/security";
  }

  @PostMapping("/me/security/sessions/{id}/end")
  String endSession(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id) {
    accounts.endSession(member.id(), id);
    return "redirect:/me/security";
  }

  @PostMapping("/me/security/passkeys/{id}/delete")
  String deletePasskey(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id) {
    var user = passkeyUsers.findByUsername(member.getUsername());
    if (user != null) {
      for (var credential : passkeys.findByUserId(user.getId())) {
        if (credential.getCredentialId().toBase64UrlString().equals(id)) {
          passkeys.delete(credential.getCredentialId());
        }
      }
    }
    return "redirect:/me/security";
  }

  private SecurityPage page(
      MemberPrincipal member, HttpServletRequest request, @Nullable TotpEnrolment enrolment, List<String> codes,
      Form form) {
    String current = request.getSession(false) == null ? null : request.getSession(false).getId();
    List<SecurityPage.SessionRow> sessions =
        accounts.sessions(member.id(), current).stream()
            .map(s -> new SecurityPage.SessionRow(
                s.handle(), s.lastRequest(), s.current()))
            .toList();
    var user = passkeyUsers.findByUsername(member.getUsername());
    List<SecurityPage.PasskeyRow> keys =
        user == null
            ? List.of()
            : passkeys.findByUserId(user.getId()).stream()
                .map(c -> new SecurityPage.PasskeyRow(
                    c.getCredentialId().toBase64UrlString(), c.getLabel(),
                    c.getCreated()))
                .toList();
    return new SecurityPage(
        accounts.totpEnabled(member.id()), accounts.recoveryCodesLeft(member.id()), enrolment, codes, sessions, keys,
        accounts.recoveryLinks(member.id()), form);
  }

  private String issuer() {
    return organisation.profile().map(p -> p.nameEn()).orElse("Commune");
  }

}
