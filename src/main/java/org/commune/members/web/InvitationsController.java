package org.commune.members.web;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.commune.members.Groups;
import org.commune.members.InvalidInput;
import org.commune.members.Invitations;
import org.commune.members.MemberPrincipal;
import org.commune.web.Form;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Moderators and stewards make invitation links. */
@Controller
class InvitationsController {

  static final String TEMPLATE = "members/invitations";

  private final Invitations invitations;
  private final Groups groups;
  private final String publicUrl;

  InvitationsController(Invitations invitations, Groups groups, @Value("${commune.public-url}") String publicUrl) {
    this.invitations = invitations;
    this.groups = groups;
    this.publicUrl = publicUrl;
  }

  @GetMapping("/invitations")
  String page(Model model) {
    return Pages.show(model, page("", Form.of(Map.of("days", "7"))), TEMPLATE);
  }

  @PostMapping("/invitations")
  String create(
      @AuthenticationPrincipal MemberPrincipal member, @RequestParam Map<String, String> posted,
      HttpServletResponse response, Model model) {
    Form form = Form.posted(posted);
    try {
      int days = parseDays(form.value("days"));
      String token = invitations.create(member.id(), days, form.value("group"), form.value("note"));
      return Pages.show(model, page(publicUrl + "/join/" + token, Form.of(Map.of("days", "7"))), TEMPLATE);
    } catch (InvalidInput invalid) {
      return Pages.invalid(response, model, page("", Pages.withProblems(form, invalid)), TEMPLATE);
    }
  }

  private InvitationsPage page(String link, Form form) {
    return new InvitationsPage(link, invitations.recent(), groups.all(), invitations.now(), form);
  }

  private static int parseDays(String text) {
    try {
      return Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw InvalidInput.of("days", "invitations.days.invalid");
    }
  }
}
