package org.commune.federation.survival.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.commune.federation.http.ActorKeys;
import org.commune.federation.survival.Alliances;
import org.commune.federation.survival.MirrorSync;
import org.commune.governance.ProposalId;
import org.commune.members.InvalidInput;
import org.commune.members.MemberPrincipal;
import org.commune.transparency.LogSignatures;
import org.commune.transparency.TransparencyLog;
import org.commune.web.Form;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.LocaleResolver;

/**
 * Stewards propose alliances (and their end) for the members' vote, and sync a mirror now. There is no way
 * here, or anywhere, to add an ally without a passed vote.
 */
@Controller
class AlliesController {

  private final Alliances allies;
  private final MirrorSync sync;
  private final TransparencyLog log;
  private final LocaleResolver locales;
  private final ActorKeys keys;

  AlliesController(Alliances allies, MirrorSync sync, TransparencyLog log, LocaleResolver locales, ActorKeys keys) {
    this.keys = keys;
    this.allies = allies;
    this.sync = sync;
    this.log = log;
    this.locales = locales;
  }

  @GetMapping("/admin/federation/allies")
  String page(@AuthenticationPrincipal MemberPrincipal steward, Model model) {
    model.addAttribute("page", page(steward, Form.empty()));
    return "federation/survival/allies";
  }

  @PostMapping("/admin/federation/allies")
  String propose(@AuthenticationPrincipal MemberPrincipal steward, @RequestParam Map<String, String> posted,
      HttpServletRequest request, HttpServletResponse response, Model model) {
    Form form = Form.posted(posted);
    try {
      ProposalId id = allies.proposeAdoption(steward.id(), form.value("url"), locales.resolveLocale(request));
      return "redirect:/proposals/" + id;
    } catch (InvalidInput invalid) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("page", page(steward, form.withErrors(invalid.byField())));
      return "federation/survival/allies";
    }
  }

  @PostMapping("/admin/federation/allies/{host}/end")
  String end(@AuthenticationPrincipal MemberPrincipal steward, @PathVariable String host, HttpServletRequest request,
      HttpServletResponse response, Model model) {
    try {
      return "redirect:/proposals/" + allies.proposeEnd(steward.id(), host, locales.resolveLocale(request));
    } catch (InvalidInput invalid) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("page", page(steward, Form.empty().withErrors(invalid.byField())));
      return "federation/survival/allies";
    }
  }

  @PostMapping("/admin/federation/allies/{host}/sync")
  String syncNow(@PathVariable String host) {
    sync.sync(host);
    return "redirect:/admin/federation/allies";
  }

  private SurvivalPages.AlliesPage page(MemberPrincipal steward, Form form) {
    return new SurvivalPages.AlliesPage(allies.all(), allies.openProposals(steward.id()), form,
        LogSignatures.fingerprint(log.publicKey()), LogSignatures.fingerprint(keys.publicKey().getEncoded()));
  }
}
