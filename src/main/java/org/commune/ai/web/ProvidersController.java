package org.commune.ai.web;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.commune.ai.Charters;
import org.commune.ai.Providers;
import org.commune.ai.RedactionQuality;
import org.commune.members.InvalidInput;
import org.commune.members.MemberPrincipal;
import org.commune.web.Form;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Stewards register model servers and see their health; nothing else is ever called. */
@Controller
class ProvidersController {

  private final Providers providers;
  private final Charters charters;
  private final RedactionQuality redaction;

  ProvidersController(Providers providers, Charters charters, RedactionQuality redaction) {
    this.providers = providers;
    this.charters = charters;
    this.redaction = redaction;
  }

  @GetMapping("/admin/ai")
  String page(Model model) {
    model.addAttribute("page", page(Form.of(Map.of("baseUrl", "http://127.0.0.1:8080", "onPremises", "on", "timeout", "120"))));
    return "ai/providers";
  }

  @PostMapping("/admin/ai/providers")
  String register(@AuthenticationPrincipal MemberPrincipal steward, @RequestParam Map<String, String> posted,
      HttpServletResponse response, Model model) {
    Form form = Form.posted(posted);
    try {
      providers.register(steward.id(), form.value("name"), form.value("baseUrl"), form.value("models"),
          form.has("onPremises"), form.value("apiKeyEnv"), form.number("timeout", -1));
    } catch (InvalidInput invalid) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("page", page(form.withErrors(invalid.byField())));
      return "ai/providers";
    }
    return "redirect:/admin/ai";
  }

  @PostMapping("/admin/ai/providers/{name}/remove")
  String remove(@AuthenticationPrincipal MemberPrincipal steward, @PathVariable String name) {
    providers.remove(steward.id(), name);
    return "redirect:/admin/ai";
  }

  /** Model servers on this machine / on the private network: off unless a steward turns them on (logged). */
  @PostMapping("/admin/ai/outbound")
  String outbound(@AuthenticationPrincipal MemberPrincipal steward, @RequestParam Map<String, String> posted) {
    providers.outbound(steward.id(), posted.containsKey("loopback"), posted.containsKey("privateNetwork"));
    return "redirect:/admin/ai";
  }

  private AiPages.ProviderAdmin page(Form form) {
    var all = providers.all();
    var pinned = charters.current().map(v -> v.charter()).orElse(null);
    return new AiPages.ProviderAdmin(all, all.stream().map(providers::health).toList(),
        all.stream().map(p -> pinned != null && pinned.pinned(p)).toList(),
        all.stream().map(p -> pinned != null && pinned.trust().containsKey(p.name())).toList(),
        providers.outbound(), form, redaction.figures());
  }
}
