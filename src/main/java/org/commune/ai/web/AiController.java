package org.commune.ai.web;

import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.commune.ai.AiRecord;
import org.commune.ai.AiTasks;
import org.commune.ai.Charters;
import org.commune.ai.EnergyEstimate;
import org.commune.ai.Providers;
import org.commune.governance.Proposals;
import org.commune.members.InvalidInput;
import org.commune.members.MemberPrincipal;
import org.commune.publishing.Articles;
import org.commune.web.Form;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/** The AI home (availability, budget, the three tasks) and the progress of a running task. */
@Controller
class AiController {

  private final AiTasks tasks;
  private final Charters charters;
  private final Providers providers;
  private final AiRecord record;
  private final Articles articles;
  private final Proposals proposals;
  private final EnergyEstimate energy;

  AiController(AiTasks tasks, Charters charters, Providers providers, AiRecord record, Articles articles,
      Proposals proposals, EnergyEstimate energy) {
    this.energy = energy;
    this.tasks = tasks;
    this.charters = charters;
    this.providers = providers;
    this.record = record;
    this.articles = articles;
    this.proposals = proposals;
  }

  @GetMapping("/ai")
  String home(@AuthenticationPrincipal MemberPrincipal member, Model model) {
    model.addAttribute("page", home(member, Form.of(Map.of("language", member.language()))));
    return "ai/home";
  }

  @PostMapping("/ai/translate")
  String translate(@AuthenticationPrincipal MemberPrincipal member, @RequestParam(defaultValue = "") String article,
      HttpServletResponse response, Model model) {
    String[] parts = article.split(":", 2);
    return start(member, Map.of("article", article), response, model,
        () -> tasks.translate(member.id(), parts[0], parts.length > 1 ? parts[1] : ""));
  }

  @PostMapping("/ai/draft")
  String draft(@AuthenticationPrincipal MemberPrincipal member, @RequestParam(defaultValue = "") String brief,
      @RequestParam(defaultValue = "en") String language, HttpServletResponse response, Model model) {
    return start(member, Map.of("brief", brief, "language", language), response, model,
        () -> tasks.draft(member.id(), brief, language));
  }

  @PostMapping("/ai/summarise")
  String summarise(@AuthenticationPrincipal MemberPrincipal member, @RequestParam(defaultValue = "") String proposal,
      @RequestParam(defaultValue = "en") String language, HttpServletResponse response, Model model) {
    return start(member, Map.of("proposal", proposal, "language", language), response, model,
        () -> tasks.summarise(member.id(), proposal, language));
  }

  @GetMapping("/ai/jobs/{id}")
  String job(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id, Model model) {
    UUID job = AiPages.uuid(id);
    var view = job == null ? null : tasks.job(job, member.id()).orElse(null);
    if (view == null) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
    model.addAttribute("page", new AiPages.Job(view));
    return "ai/job";
  }

  private interface Start {
    UUID run();
  }

  private String start(MemberPrincipal member, Map<String, String> typed, HttpServletResponse response, Model model,
      Start start) {
    try {
      return "redirect:/ai/jobs/" + start.run();
    } catch (InvalidInput invalid) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("page", home(member, Form.of(new HashMap<>(typed)).withErrors(invalid.byField())));
      return "ai/home";
    }
  }

  private AiPages.Home home(MemberPrincipal member, Form form) {
    var charter = charters.current().orElse(null);
    var registered = providers.all();
    String unavailable = charter == null ? "ai.unavailable.charter" : registered.isEmpty() ? "ai.unavailable.providers" : "";
    List<AiPages.ArticleChoice> choices = new ArrayList<>();
    for (String lang : Articles.LANGUAGES) {
      articles.newest(lang).forEach(a -> choices.add(new AiPages.ArticleChoice(a.article() + ":" + lang,
          a.title() + " (" + lang + ")")));
    }
    List<AiPages.ProposalChoice> open = proposals.newest(member.id()).stream().filter(p -> !p.draft())
        .map(p -> new AiPages.ProposalChoice(p.id().toString(), p.title())).toList();
    String model = registered.isEmpty() || registered.get(0).models().isEmpty() ? null : registered.get(0).models().get(0);
    return new AiPages.Home(unavailable, charter, registered.stream().map(providers::health).toList(),
        record.thisMonth(), String.format(Locale.ROOT, "%.4f", energy.before(model, 300)), choices, open, form);
  }
}
