package org.commune.governance.web;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.commune.governance.constitution.Constitution;
import org.commune.governance.ConstitutionRules;
import org.commune.governance.DecisionRules;
import org.commune.governance.ProposalId;
import org.commune.governance.Proposals;
import org.commune.governance.PublicNames;
import org.commune.governance.VoteDurations;
import org.commune.governance.VotingMethod;
import org.commune.governance.VotingRules;
import org.commune.members.InvalidInput;
import org.commune.members.MemberPrincipal;
import org.commune.web.Form;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The public constitution and its history; members propose changes, which pass only by a supermajority vote. */
@Controller
class ConstitutionController {

  static final String TEMPLATE = "governance/constitution";

  private final Constitution constitution;
  private final Proposals proposals;
  private final PublicNames publicNames;

  ConstitutionController(Constitution constitution, Proposals proposals, PublicNames publicNames) {
    this.constitution = constitution;
    this.proposals = proposals;
    this.publicNames = publicNames;
  }

  @GetMapping("/constitution")
  String show(@AuthenticationPrincipal @Nullable MemberPrincipal member,
      @RequestParam(defaultValue = "general") String type, Model model) {
    ConstitutionRules current = constitution.current();
    String chosen = current.rules(type).isPresent() ? type : "general";
    DecisionRules rules = current.rules(chosen).orElseThrow();
    Map<String, String> values = new HashMap<>(Map.of("type", chosen, "quorum", Integer.toString(rules.quorumPercent()),
        "thresholdNum", Integer.toString(rules.thresholdNum()), "thresholdDen", Integer.toString(rules.thresholdDen()),
        "discussion", Integer.toString(rules.discussionDays()), "voting", Integer.toString(rules.votingDays()),
        "proposers", rules.proposers(), "days", "7"));
    rules.methods().forEach(m -> values.put("method-" + m, "on"));
    model.addAttribute("page", page(member, Form.of(values)));
    return TEMPLATE;
  }

  @PostMapping("/constitution/proposals")
  String propose(@AuthenticationPrincipal MemberPrincipal member, @RequestParam MultiValueMap<String, String> posted,
      HttpServletResponse response, Model model) {
    Form form = Form.posted(posted.toSingleValueMap());
    try {
      List<String> methods = Arrays.stream(VotingMethod.values()).map(VotingMethod::code)
          .filter(m -> form.has("method-" + m)).toList();
      DecisionRules proposed = new DecisionRules(methods, form.number("quorum", -1), form.number("thresholdNum", -1),
          form.number("thresholdDen", -1), form.number("discussion", -1), form.number("voting", -1),
          form.value("proposers"));
      ProposalId id = proposals.proposeConstitutionChange(member.id(), form.value("title"), form.value("body"),
          form.value("type"), proposed, 0, form.number("days", -1));
      return "redirect:/proposals/" + id;
    } catch (InvalidInput invalid) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      // The page names the type from the message bundle; an unknown one has no name to show.
      Form shown = ConstitutionRules.TYPES.contains(form.value("type")) ? form : form.with("type", "general");
      model.addAttribute("page", page(member, shown.withErrors(invalid.byField())));
      return TEMPLATE;
    }
  }

  /** Proposes which roles' holders the public pages name (elected officers); decided by vote. */
  @PostMapping("/constitution/public-roles")
  String proposePublicRoles(@AuthenticationPrincipal MemberPrincipal member,
      @RequestParam MultiValueMap<String, String> posted, HttpServletResponse response, Model model) {
    Form form = Form.posted(posted.toSingleValueMap());
    try {
      List<String> roles = ConstitutionRules.NAMEABLE_ROLES.stream().filter(r -> form.has("role-" + r)).toList();
      ProposalId id = proposals.proposePublicRoles(member.id(), form.value("title"), form.value("body"), roles,
          form.number("days", -1));
      return "redirect:/proposals/" + id;
    } catch (InvalidInput invalid) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      // The errors belong to this form; the page's other form (rules of one decision type) is drawn
      // empty for the general type.
      model.addAttribute("page", page(member, Form.of(Map.of("type", "general")), form.withErrors(invalid.byField())));
      return TEMPLATE;
    }
  }

  /**
   * Proposes other voting rules: the shortest and longest voting time, closing when every member voted,
   * and which roles may close or extend a vote. Decided like every constitution change.
   */
  @PostMapping("/constitution/voting-rules")
  String proposeVotingRules(@AuthenticationPrincipal MemberPrincipal member,
      @RequestParam MultiValueMap<String, String> posted, HttpServletResponse response, Model model) {
    Form form = Form.posted(posted.toSingleValueMap());
    try {
      List<InvalidInput.Problem> problems = new ArrayList<>();
      Duration shortest = duration("minVoting", form.value("minAmount"), form.value("minUnit"), problems);
      Duration longest = duration("maxVoting", form.value("maxAmount"), form.value("maxUnit"), problems);
      if (!problems.isEmpty()) {
        throw new InvalidInput(problems);
      }
      VotingRules proposed = new VotingRules(shortest.toMinutes(), longest.toMinutes(),
          VotingRules.ROLES.stream().filter(r -> form.has("closer-" + r)).toList(),
          VotingRules.ROLES.stream().filter(r -> form.has("extender-" + r)).toList(), form.has("allVoted"));
      ProposalId id = proposals.proposeVotingRules(member.id(), form.value("title"), form.value("body"), proposed,
          form.number("days", -1));
      return "redirect:/proposals/" + id;
    } catch (InvalidInput invalid) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("page", new ConstitutionPage(constitution.current(), constitution.history(),
          ConstitutionRules.TYPES, Arrays.stream(VotingMethod.values()).map(VotingMethod::code).toList(), true,
          Form.of(Map.of("type", "general")), publicNames.mayConsent(member.id()),
          publicNames.consentSince(member.id()).orElse(null), Form.empty(),
          form.withErrors(invalid.byField())));
      return TEMPLATE;
    }
  }

  private static Duration duration(String field, String amount, String unit, List<InvalidInput.Problem> problems) {
    try {
      return VoteDurations.parse(field, amount, unit);
    } catch (InvalidInput invalid) {
      problems.addAll(invalid.problems());
      return Duration.ZERO;
    }
  }

  /**
   * The signed-in member agrees to be named in public on the log entries made from now on, while they
   * hold their role (only when the constitution names that role in public); or withdraws. Only for
   * oneself: no form names another member.
   */
  @PostMapping("/constitution/public-name")
  String publicName(@AuthenticationPrincipal MemberPrincipal member, @RequestParam(defaultValue = "") String choice,
      HttpServletResponse response, Model model) {
    try {
      switch (choice) {
        case "consent" -> publicNames.consent(member.id());
        case "withdraw" -> publicNames.withdraw(member.id());
        default -> throw InvalidInput.of("form", "public-names.choice.invalid");
      }
      return "redirect:/constitution#public-name";
    } catch (InvalidInput invalid) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("page", page(member, Form.of(Map.of("type", "general")).withErrors(invalid.byField())));
      return TEMPLATE;
    }
  }

  private ConstitutionPage page(@Nullable MemberPrincipal member, Form form) {
    return page(member, form, Form.empty());
  }

  private ConstitutionPage page(@Nullable MemberPrincipal member, Form form, Form rolesForm) {
    return new ConstitutionPage(constitution.current(), constitution.history(), ConstitutionRules.TYPES,
        Arrays.stream(VotingMethod.values()).map(VotingMethod::code).toList(), member != null, form,
        member != null && publicNames.mayConsent(member.id()),
        member == null ? null : publicNames.consentSince(member.id()).orElse(null), rolesForm);
  }

}
