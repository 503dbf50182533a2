package org.commune.governance.web;

import jakarta.servlet.http.HttpServletResponse;
import java.util.HashMap;
import java.util.Map;
import org.commune.governance.delegation.Delegations;
import org.commune.members.Groups;
import org.commune.members.InvalidInput;
import org.commune.members.MemberPrincipal;
import org.commune.members.MemberSummary;
import org.commune.web.Form;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Choosing, changing or revoking one's delegate. */
@Controller
class DelegationController {

  static final String TEMPLATE = "governance/delegation";

  private final Delegations delegations;
  private final Groups groups;

  DelegationController(Delegations delegations, Groups groups) {
    this.delegations = delegations;
    this.groups = groups;
  }

  @GetMapping("/delegation")
  String page(@AuthenticationPrincipal MemberPrincipal member, Model model) {
    model.addAttribute("page", page(member, Form.empty()));
    return TEMPLATE;
  }

  @PostMapping("/delegation")
  String delegate(@AuthenticationPrincipal MemberPrincipal member, @RequestParam(defaultValue = "") String username,
      HttpServletResponse response, Model model) {
    try {
      delegations.delegate(member.id(), username);
    } catch (InvalidInput invalid) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("page", page(member, Form.of(Map.of("username", username)).withErrors(invalid.byField())));
      return TEMPLATE;
    }
    return "redirect:/delegation";
  }

  @PostMapping("/delegation/revoke")
  String revoke(@AuthenticationPrincipal MemberPrincipal member) {
    delegations.revoke(member.id());
    return "redirect:/delegation";
  }

  @PostMapping("/delegation/group")
  String delegateInGroup(@AuthenticationPrincipal MemberPrincipal member, @RequestParam(defaultValue = "") String group,
      @RequestParam(name = "groupUsername", defaultValue = "") String username, HttpServletResponse response, Model model) {
    try {
      delegations.delegateInGroup(member.id(), group, username);
    } catch (InvalidInput invalid) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("page", page(member, Form.of(Map.of("group", group, "groupUsername", username))
          .withErrors(rename(invalid.byField()))));
      return TEMPLATE;
    }
    return "redirect:/delegation";
  }

  @PostMapping("/delegation/group/revoke")
  String revokeInGroup(@AuthenticationPrincipal MemberPrincipal member, @RequestParam(defaultValue = "") String group) {
    delegations.revokeInGroup(member.id(), group);
    return "redirect:/delegation";
  }

  /** The group form's username field is named apart from the global one, so each shows its own problem. */
  private static Map<String, String> rename(Map<String, String> errors) {
    Map<String, String> renamed = new HashMap<>();
    errors.forEach((field, key) -> renamed.put("username".equals(field) ? "groupUsername" : field, key));
    return renamed;
  }

  private DelegationPage page(MemberPrincipal member, Form form) {
    MemberSummary delegate = delegations.delegateOf(member.id()).orElse(null);
    return new DelegationPage(delegate == null ? null : delegate.displayName(),
        delegate == null ? null : delegate.username(), delegations.delegatingTo(member.id()),
        delegations.groupDelegatesOf(member.id()).entrySet().stream()
            .map(e -> new DelegationPage.GroupDelegate(e.getKey(), e.getValue().displayName())).toList(),
        groups.of(member.id()).stream().map(g -> g.slug()).toList(), form);
  }
}
