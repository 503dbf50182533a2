package org.commune.members.web;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import org.commune.members.InvalidInput;
import org.commune.members.MemberId;
import org.commune.members.MemberPrincipal;
import org.commune.members.Members;
import org.commune.members.Role;
import org.commune.web.Form;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The member directory and, for stewards, role changes with a public reason. */
@Controller
class MembersController {

  static final String TEMPLATE = "members/list";

  private final Members members;

  MembersController(Members members) {
    this.members = members;
  }

  @GetMapping("/members")
  String list(@AuthenticationPrincipal MemberPrincipal viewer, Model model) {
    return Pages.show(model, page(viewer, Form.empty()), TEMPLATE);
  }

  @PostMapping("/admin/roles")
  String changeRole(
      @AuthenticationPrincipal MemberPrincipal steward,
      @RequestParam Map<String, String> posted,
      HttpServletResponse response,
      Model model) {
    Form form = Form.posted(posted);
    try {
      MemberId member = parseMember(form.value("member"));
      Role role = Role.fromCode(form.value("role")).orElseThrow(() -> InvalidInput.of("role", "members.role.invalid"));
      members.changeRole(steward.id(), member, role, form.value("reason"));
    } catch (InvalidInput invalid) {
      return Pages.invalid(response, model, page(steward, Pages.withProblems(form, invalid)), TEMPLATE);
    }
    return "redirect:/members?changed";
  }

  private MembersPage page(MemberPrincipal viewer, Form form) {
    return new MembersPage(members.all(), viewer.role() == Role.STEWARD, form);
  }

  private static MemberId parseMember(String text) {
    try {
      return MemberId.parse(text);
    } catch (IllegalArgumentException e) {
      throw InvalidInput.of("member", "members.unknown");
    }
  }
}
