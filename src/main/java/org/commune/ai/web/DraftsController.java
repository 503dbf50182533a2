package org.commune.ai.web;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.commune.ai.Drafts;
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

/** The review queue: every AI draft, and approving (as it is or edited) or rejecting one. */
@Controller
class DraftsController {

  private final Drafts drafts;

  DraftsController(Drafts drafts) {
    this.drafts = drafts;
  }

  @GetMapping("/ai/drafts")
  String list(@AuthenticationPrincipal MemberPrincipal member, Model model) {
    model.addAttribute("page", new AiPages.DraftList(drafts.newest(member.id())));
    return "ai/drafts";
  }

  @GetMapping("/ai/drafts/{id}")
  String show(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id, Model model) {
    Drafts.DraftView draft = find(member, id);
    model.addAttribute("page", new AiPages.Draft(draft, Form.of(Map.of("title", draft.title(), "body", draft.body()))));
    return "ai/draft";
  }

  @PostMapping("/ai/drafts/{id}/approve")
  String approve(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id,
      @RequestParam(defaultValue = "") String title, @RequestParam(defaultValue = "") String body,
      HttpServletResponse response, Model model) {
    Drafts.DraftView draft = find(member, id);
    try {
      var article = drafts.approve(member.id(), draft.id(), title, body);
      return article.map(a -> "redirect:/articles/" + a + "?lang=" + draft.language())
          .orElse("redirect:/ai/drafts/" + id);
    } catch (InvalidInput invalid) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("page", new AiPages.Draft(draft, Form.of(Map.of("title", title, "body", body))
          .withErrors(invalid.byField())));
      return "ai/draft";
    } catch (Articles.NotAllowed notAllowed) {
      response.setStatus(HttpServletResponse.SC_FORBIDDEN);
      model.addAttribute("page", new AiPages.Draft(draft, Form.of(Map.of("title", title, "body", body))
          .withErrors(Map.of("form", "articles.publish.not-allowed"))));
      return "ai/draft";
    }
  }

  @PostMapping("/ai/drafts/{id}/reject")
  String reject(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id,
      @RequestParam(defaultValue = "") String reason, HttpServletResponse response, Model model) {
    Drafts.DraftView draft = find(member, id);
    try {
      drafts.reject(member.id(), draft.id(), reason);
    } catch (InvalidInput invalid) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("page", new AiPages.Draft(draft, Form.of(Map.of("title", draft.title(), "body", draft.body(),
          "reason", reason)).withErrors(invalid.byField())));
      return "ai/draft";
    }
    return "redirect:/ai/drafts/" + id;
  }

  private Drafts.DraftView find(MemberPrincipal member, String id) {
    UUID uuid = AiPages.uuid(id);
    return (uuid == null ? Optional.<Drafts.DraftView>empty() : drafts.find(uuid, member.id()))
        .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
  }
}
