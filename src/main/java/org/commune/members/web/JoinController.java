package org.commune.members.web;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.commune.members.InvalidInput;
import org.commune.members.Invitations;
import org.commune.members.Members;
import org.commune.members.NewMember;
import org.commune.members.Organisation;
import org.commune.members.OrganisationProfile;
import org.commune.web.Form;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Joining: with an invitation link, or through open registration when the organisation allows it. */
@Controller
class JoinController {

  static final String TEMPLATE = "members/join";

  private final Invitations invitations;
  private final Members members;
  private final Organisation organisation;

  JoinController(Invitations invitations, Members members, Organisation organisation) {
    this.invitations = invitations;
    this.members = members;
    this.organisation = organisation;
  }

  @GetMapping("/join/{token}")
  String invited(@PathVariable String token, HttpServletResponse response, Model model) {
    var invitedName = invitations.openFor(token);
    if (invitedName.isEmpty()) {
      return invalidInvitation(response, model);
    }
    // A list invitation names the person: their display name is filled in, theirs to change.
    Form form = invitedName.get().isEmpty() ? defaults() : defaults().with("displayName", invitedName.get());
    return Pages.show(model, new JoinPage("/join/" + token, true, form), TEMPLATE);
  }

  @PostMapping("/join/{token}")
  String joinInvited(
      @PathVariable String token, @RequestParam Map<String, String> posted, HttpServletResponse response, Model model) {
    Form form = Form.posted(posted);
    try {
      invitations.accept(token, newMember(form));
    } catch (InvalidInput invalid) {
      if (invalid.byField().containsKey("form")) {
        return invalidInvitation(response, model);
      }
      return Pages.invalid(response, model, new JoinPage("/join/" + token, true, Pages.withProblems(form, invalid)), TEMPLATE);
    }
    return "redirect:/login?joined";
  }

  @GetMapping("/register")
  String register(HttpServletResponse response, Model model) {
    if (!registrationOpen()) {
      return closed(response, model);
    }
    return Pages.show(model, new JoinPage("/register", false, defaults()), TEMPLATE);
  }

  @PostMapping("/register")
  String doRegister(@RequestParam Map<String, String> posted, HttpServletResponse response, Model model) {
    if (!registrationOpen()) {
      return closed(response, model);
    }
    Form form = Form.posted(posted);
    try {
      members.register(newMember(form));
    } catch (InvalidInput invalid) {
      return Pages.invalid(response, model, new JoinPage("/register", false, Pages.withProblems(form, invalid)), TEMPLATE);
    }
    return "redirect:/login?joined";
  }

  private Form defaults() {
    return Form.of(Map.of("language", organisation.get()));
  }

  private boolean registrationOpen() {
    return organisation.profile().map(OrganisationProfile::openRegistration).orElse(false);
  }

  private static NewMember newMember(Form form) {
    return new NewMember(
        form.value("username"), form.value("displayName"), form.value("email"), form.value("password"),
        form.value("language"));
  }

  private static String invalidInvitation(HttpServletResponse response, Model model) {
    response.setStatus(HttpServletResponse.SC_NOT_FOUND);
    return Pages.show(
        model, new NoticePage("join.invalid.title", "join.invitation.invalid", "/", "error.home"), SetupController.NOTICE);
  }

  private static String closed(HttpServletResponse response, Model model) {
    response.setStatus(HttpServletResponse.SC_FORBIDDEN);
    return Pages.show(
        model, new NoticePage("join.closed.title", "join.registration.closed", "/", "error.home"), SetupController.NOTICE);
  }
}
