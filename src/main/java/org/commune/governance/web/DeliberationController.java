package org.commune.governance.web;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.commune.governance.ProposalView;
import org.commune.governance.deliberation.Amendments;
import org.commune.governance.deliberation.Comments;
import org.commune.governance.deliberation.Deliberation;
import org.commune.members.InvalidInput;
import org.commune.members.MemberPrincipal;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * Comments (their edits, withdrawal, history and moderation), amendments, consent objections and
 * implementation updates. Every action checks on the server who may do it: a forged form for another
 * member's comment is refused like any other mistake, with the page and a message.
 */
@Controller
class DeliberationController {

  static final String HISTORY = "governance/comment-history";

  private final Deliberation deliberation;
  private final Comments comments;
  private final Amendments amendments;
  private final ProposalPages pages;

  DeliberationController(Deliberation deliberation, Comments comments, Amendments amendments, ProposalPages pages) {
    this.deliberation = deliberation;
    this.comments = comments;
    this.amendments = amendments;
    this.pages = pages;
  }

  /** What each action does, given the proposal; throws {@link InvalidInput} to show the page with problems. */
  private interface Action {
    void run(ProposalView proposal);
  }

  private String act(MemberPrincipal member, String id, Map<String, String> typed, String anchor,
      HttpServletResponse response, Model model, Action action) {
    ProposalView proposal = pages.find(id, member);
    try {
      action.run(proposal);
    } catch (InvalidInput invalid) {
      return pages.invalid(proposal, member, typed, invalid, response, model);
    }
    return "redirect:/proposals/" + id + anchor;
  }

  @PostMapping("/proposals/{id}/comments")
  String comment(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id,
      @RequestParam(defaultValue = "") String stance, @RequestParam(defaultValue = "") String comment,
      @RequestParam(defaultValue = "") String parent, HttpServletResponse response, Model model) {
    return act(member, id, Map.of("stance", stance, "comment", comment, "parent", parent), "#discussion", response,
        model, p -> comments.comment(member.id(), p.id(), parent, stance, comment));
  }

  @PostMapping("/proposals/{id}/comments/{comment}/edit")
  String edit(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id, @PathVariable String comment,
      @RequestParam(defaultValue = "") String editStance, @RequestParam(defaultValue = "") String edit,
      HttpServletResponse response, Model model) {
    return act(member, id, Map.of("editing", comment, "editStance", editStance, "edit", edit), "#c-" + comment,
        response, model, p -> comments.edit(member.id(), p.id(), comment, editStance, edit));
  }

  @PostMapping("/proposals/{id}/comments/{comment}/withdraw")
  String withdrawComment(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id,
      @PathVariable String comment, HttpServletResponse response, Model model) {
    return act(member, id, Map.of(), "#c-" + comment, response, model,
        p -> comments.withdraw(member.id(), p.id(), comment));
  }

  /** Every version of an edited comment; a withdrawn or hidden comment has none to show (404). */
  @GetMapping("/proposals/{id}/comments/{comment}/history")
  String history(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id,
      @PathVariable String comment, Model model) {
    ProposalView proposal = pages.find(id, member);
    try {
      model.addAttribute("page", new CommentHistoryPage(proposal, comments.history(member.id(), proposal.id(), comment)));
    } catch (InvalidInput unknown) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
    return HISTORY;
  }

  @PostMapping("/proposals/{id}/comments/{comment}/hide")
  String hide(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id, @PathVariable String comment,
      @RequestParam(defaultValue = "") String reason, HttpServletResponse response, Model model) {
    return act(member, id, Map.of("reason", reason), "#discussion", response, model,
        p -> comments.hide(member.id(), member.role(), p.id(), comment, reason));
  }

  @PostMapping("/proposals/{id}/amendments")
  String amend(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id,
      @RequestParam(defaultValue = "") String amendmentTitle, @RequestParam(defaultValue = "") String amendment,
      @RequestParam(defaultValue = "") String reason, HttpServletResponse response, Model model) {
    return act(member, id, Map.of("amendmentTitle", amendmentTitle, "amendment", amendment, "reason", reason),
        "#amendments", response, model, p -> amendments.propose(member.id(), p.id(), amendmentTitle, amendment, reason));
  }

  @PostMapping("/proposals/{id}/amendments/{amendment}/accept")
  String accept(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id,
      @PathVariable String amendment, HttpServletResponse response, Model model) {
    return act(member, id, Map.of(), "#amendments", response, model,
        p -> amendments.settle(member.id(), p.id(), amendment, true));
  }

  @PostMapping("/proposals/{id}/amendments/{amendment}/decline")
  String decline(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id,
      @PathVariable String amendment, HttpServletResponse response, Model model) {
    return act(member, id, Map.of(), "#amendments", response, model,
        p -> amendments.settle(member.id(), p.id(), amendment, false));
  }

  @PostMapping("/proposals/{id}/amendments/{amendment}/vote")
  String putToVote(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id,
      @PathVariable String amendment, HttpServletResponse response, Model model) {
    return act(member, id, Map.of(), "#amendments", response, model,
        p -> amendments.putToVote(member.id(), p.id(), amendment));
  }

  @PostMapping("/proposals/{id}/objections")
  String object(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id,
      @RequestParam(defaultValue = "") String objection, HttpServletResponse response, Model model) {
    return act(member, id, Map.of("objection", objection), "#objections", response, model,
        p -> deliberation.object(member.id(), p.id(), objection));
  }

  @PostMapping("/proposals/{id}/objections/withdraw")
  String withdraw(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id,
      @RequestParam(defaultValue = "") String resolution, HttpServletResponse response, Model model) {
    return act(member, id, Map.of("resolution", resolution), "#objections", response, model,
        p -> deliberation.withdraw(member.id(), p.id(), resolution));
  }

  @PostMapping("/proposals/{id}/progress")
  String progress(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id,
      @RequestParam(defaultValue = "") String status, @RequestParam(defaultValue = "") String note,
      HttpServletResponse response, Model model) {
    return act(member, id, Map.of("status", status, "note", note), "#implementation", response, model,
        p -> deliberation.reportProgress(member.id(), member.role(), p.id(), status, note));
  }
}
