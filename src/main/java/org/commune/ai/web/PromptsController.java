package org.commune.ai.web;

import org.commune.ai.PromptTemplates;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** Every prompt the gateway uses, as it is in the repository: no secret prompts. */
@Controller
class PromptsController {

  private final PromptTemplates templates;

  PromptsController(PromptTemplates templates) {
    this.templates = templates;
  }

  @GetMapping("/ai/prompts")
  String prompts(Model model) {
    model.addAttribute("page", new AiPages.Prompts(PromptTemplates.NAMES.stream().map(templates::get).toList()));
    return "ai/prompts";
  }
}
