package org.commune.governance.web;

import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Map;
import org.commune.governance.ProposalView;
import org.commune.governance.Proposals;
import org.commune.governance.VoteDurations;
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

/**
 * While a vote is open: an officer the constitution allows closes the vote early or extends it, with a
 * reason; the live turnout (a count, never who) for the page to poll. (Changing one's ballot is beside
 * casting it, in {@link ProposalsController}.)
 */
@Controller
class VotingController {

  static final String TURNOUT = "governance/partials/turnout";

  private final Proposals proposals;
  private final ProposalPages pages;

  VotingController(Proposals proposals, ProposalPages pages) {
    this.proposals = proposals;
    this.pages = pages;
  }

  @PostMapping("/proposals/{id}/close")
  String close(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id,
      @RequestParam(defaultValue = "") String reason, HttpServletResponse response, Model model) {
    ProposalView proposal = pages.find(id, member);
    try {
      proposals.closeEarly(member.id(), proposal.id(), reason);
    } catch (InvalidInput invalid) {
      return pages.invalid(proposal, member, Map.of("reason", reason), invalid, response, model);
    }
    return "redirect:/proposals/" + id + "#result";
  }

  @PostMapping("/proposals/{id}/extend")
  String extend(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id,
      @RequestParam Map<String, String> posted, HttpServletResponse response, Model model) {
    ProposalView proposal = pages.find(id, member);
    Form form = Form.posted(posted);
    try {
      Duration extra = VoteDurations.parse("extra", form.value("extra"), form.value("extraUnit"));
      proposals.extend(member.id(), proposal.id(), extra, form.value("reason"));
    } catch (InvalidInput invalid) {
      return pages.invalid(proposal, member, Map.of("extra", form.value("extra"), "extraUnit",
          form.value("extraUnit"), "extendReason", form.value("reason")), invalid, response, model);
    }
    return "redirect:/proposals/" + id + "#vote-end";
  }

  /** The turnout so far, as a fragment the proposal page polls (htmx); a plain page reload shows the same. */
  @GetMapping("/proposals/{id}/turnout")
  String turnout(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id, Model model) {
    // Only the proposal: the count comes with it, and nothing else of the page is built every 15 s.
    model.addAttribute("page", pages.find(id, member));
    return TURNOUT;
  }
}
