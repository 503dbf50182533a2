package org.commune.members.web;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.commune.members.GroupSummary;
import org.commune.members.Groups;
import org.commune.members.InvalidInput;
import org.commune.members.MemberPrincipal;
import org.commune.members.Role;
import org.commune.web.Form;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.http.HttpStatus;

/** Groups: everyone sees them; stewards create them and change who is in them, with a reason. */
@Controller
class GroupsController {

  static final String LIST = "members/groups";
  static final String ONE = "members/group";

  private final Groups groups;

  GroupsController(Groups groups) {
    this.groups = groups;
  }

  @GetMapping("/groups")
  String list(@AuthenticationPrincipal MemberPrincipal viewer, Model model) {
    return Pages.show(model, listPage(viewer, Form.empty()), LIST);
  }

  @PostMapping("/groups")
  String create(
      @AuthenticationPrincipal MemberPrincipal steward, @RequestParam Map<String, String> posted,
      HttpServletResponse response, Model model) {
    Form form = Form.posted(posted);
    try {
      groups.create(steward.id(), form.value("slug"), form.value("nameEn"), form.value("nameAr"), form.value("kind"));
    } catch (InvalidInput invalid) {
      return Pages.invalid(response, model, listPage(steward, Pages.withProblems(form, invalid)), LIST);
    }
    return "redirect:/groups/" + form.value("slug");
  }

  @GetMapping("/groups/{slug}")
  String one(@AuthenticationPrincipal MemberPrincipal viewer, @PathVariable String slug, Model model) {
    return Pages.show(model, onePage(viewer, find(slug), Form.empty()), ONE);
  }

  @PostMapping("/groups/{slug}/members")
  String change(
      @AuthenticationPrincipal MemberPrincipal steward, @PathVariable String slug,
      @RequestParam Map<String, String> posted, HttpServletResponse response, Model model) {
    GroupSummary group = find(slug);
    Form form = Form.posted(posted);
    try {
      if ("remove".equals(form.value("action"))) {
        groups.remove(steward.id(), group.id(), form.value("username"), form.value("reason"));
      } else {
        groups.add(steward.id(), group.id(), form.value("username"), form.value("reason"));
      }
    } catch (InvalidInput invalid) {
      return Pages.invalid(response, model, onePage(steward, group, Pages.withProblems(form, invalid)), ONE);
    }
    return "redirect:/groups/" + slug;
  }

  private GroupSummary find(String slug) {
    return groups.bySlug(slug).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
  }

  private GroupsPage listPage(MemberPrincipal viewer, Form form) {
    return new GroupsPage(groups.all(), null, List.of(), viewer.role() == Role.STEWARD, form);
  }

  private GroupsPage onePage(MemberPrincipal viewer, GroupSummary group, Form form) {
    return new GroupsPage(List.of(), group, groups.members(group.id()), viewer.role() == Role.STEWARD, form);
  }
}
