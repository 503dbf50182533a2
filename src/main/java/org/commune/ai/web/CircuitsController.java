package org.commune.ai.web;

import org.commune.ai.CircuitBreakers;
import org.commune.ai.Provider;
import org.commune.ai.Providers;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Read-only: each registered provider's circuit breaker and the calls it runs now (stewards, under /admin). */
@Controller
class CircuitsController {

  private final Providers providers;
  private final CircuitBreakers circuits;

  CircuitsController(Providers providers, CircuitBreakers circuits) {
    this.providers = providers;
    this.circuits = circuits;
  }

  @GetMapping("/admin/ai/circuits")
  String page(Model model) {
    model.addAttribute("page", new CircuitsPage(providers.all().stream().map(Provider::name).map(circuits::status)
        .toList()));
    return "ai/circuits";
  }
}
