package org.commune.federation.move.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.function.Consumer;
import org.commune.federation.FederationUrls;
import org.commune.federation.move.Moving;
import org.commune.members.InvalidInput;
import org.commune.members.MemberPrincipal;
import org.commune.web.Form;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.LocaleResolver;

/**
 * Stewards propose moving the organisation's actor to a new address (the members decide), then move it to an
 * address the members voted for, or prepare the new address to receive it.
 */
@Controller
class MoveController {

  private static final String VIEW = "federation/move";

  private final Moving moving;
  private final FederationUrls urls;
  private final LocaleResolver locales;

  MoveController(Moving moving, FederationUrls urls, LocaleResolver locales) {
    this.moving = moving;
    this.urls = urls;
    this.locales = locales;
  }

  @GetMapping("/admin/federation/move")
  String page(Model model) {
    model.addAttribute("page", page(Form.of(Map.of())));
    return VIEW;
  }

  @PostMapping("/admin/federation/move/alias")
  String alias(@RequestParam Map<String, String> posted, HttpServletResponse response, Model model) {
    return act(posted, response, model, form -> moving.declareAlias(form.value("oldActor")));
  }

  @PostMapping("/admin/federation/move/propose")
  String propose(@AuthenticationPrincipal MemberPrincipal steward, @RequestParam Map<String, String> posted,
      HttpServletRequest request, HttpServletResponse response, Model model) {
    Form form = Form.posted(posted);
    try {
      return "redirect:/proposals/" + moving.proposeMove(steward.id(), form.value("proposed"),
          locales.resolveLocale(request));
    } catch (InvalidInput invalid) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("page", page(form.withErrors(invalid.byField())));
      return VIEW;
    }
  }

  @PostMapping("/admin/federation/move/hand-over")
  String handOver(@RequestParam Map<String, String> posted, HttpServletResponse response, Model model) {
    return act(posted, response, model, form -> moving.handOver(form.value("newActor")));
  }

  @PostMapping("/admin/federation/move/move")
  String move(@RequestParam Map<String, String> posted, HttpServletResponse response, Model model) {
    return act(posted, response, model, form -> moving.move(form.value("target")));
  }

  private String act(Map<String, String> posted, HttpServletResponse response, Model model, Consumer<Form> action) {
    Form form = Form.posted(posted);
    try {
      action.accept(form);
    } catch (InvalidInput invalid) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("page", page(form.withErrors(invalid.byField())));
      return VIEW;
    }
    return "redirect:/admin/federation/move";
  }

  private MovePage page(Form form) {
    return new MovePage(urls.actor(), moving.aliases(), moving.adoptedTargets(), moving.handedOverTo(), moving.movedTo().orElse(null), form);
  }
}
