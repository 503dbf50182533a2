package org.commune.members.web;

import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.commune.members.GroupSummary;
import org.commune.members.Groups;
import org.commune.members.InvalidInput;
import org.commune.members.InvalidList;
import org.commune.members.MemberId;
import org.commune.members.MemberPrincipal;
import org.commune.members.MemberSummary;
import org.commune.members.Members;
import org.commune.members.Role;
import org.commune.web.Form;
import org.commune.web.GroupPageSections;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** Groups: everyone sees them; stewards create them and change who is in them, with a reason. */
@Controller
class GroupsController {

  static final String LIST = "members/groups";
  static final String ONE = "members/group";

  private final Groups groups;
  private final Members members;
  private final ObjectProvider<GroupPageSections> sections;

  GroupsController(Groups groups, Members members, ObjectProvider<GroupPageSections> sections) {
    this.groups = groups;
    this.members = members;
    this.sections = sections;
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
  String one(@AuthenticationPrincipal MemberPrincipal viewer, @PathVariable String slug,
      @RequestParam(required = false) String added, Model model) {
    return Pages.show(model, onePage(viewer, find(slug), Form.empty(), List.of(), added == null ? "" : "groups.bulk.done"), ONE);
  }

  /** Stewards add several members at once: ticked in the list and/or pasted usernames, one reason. */
  @PostMapping("/groups/{slug}/members/bulk")
  String addMany(
      @AuthenticationPrincipal MemberPrincipal steward, @PathVariable String slug,
      @RequestParam(name = "pick", required = false) List<String> picked,
      @RequestParam(defaultValue = "") String usernames, @RequestParam(defaultValue = "") String reason,
      HttpServletResponse response, Model model) {
    GroupSummary group = find(slug);
    List<String> all = new ArrayList<>(picked == null ? List.of() : picked);
    all.add(usernames);
    Form form = Form.of(Map.of("usernames", usernames, "bulkReason", reason));
    try {
      groups.addMany(steward.id(), group.id(), all, reason);
    } catch (InvalidInput invalid) {
      Map<String, String> errors = new HashMap<>();
      invalid.byField().forEach((field, key) -> errors.put("reason".equals(field) ? "bulkReason" : field, key));
      return Pages.invalid(response, model, onePage(steward, group, form.withErrors(errors), List.of(), ""), ONE);
    } catch (InvalidList invalid) {
      return Pages.invalid(response, model,
          onePage(steward, group, form.withErrors(Map.of("usernames", "groups.bulk.refused")), invalid.shown(), ""), ONE);
    }
    return "redirect:/groups/" + slug + "?added";
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
      return Pages.invalid(response, model, onePage(steward, group, Pages.withProblems(form, invalid), List.of(), ""), ONE);
    }
    return "redirect:/groups/" + slug;
  }

  private GroupSummary find(String slug) {
    return groups.bySlug(slug).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
  }

  private GroupsPage listPage(MemberPrincipal viewer, Form form) {
    return new GroupsPage(groups.all(), viewer.role() == Role.STEWARD, form);
  }

  private GroupPage onePage(MemberPrincipal viewer, GroupSummary group, Form form, List<InvalidList.Problem> problems,
      String notice) {
    List<MemberSummary> inGroup = groups.members(group.id()).stream()
        .sorted(Comparator.comparing(MemberSummary::displayName, String.CASE_INSENSITIVE_ORDER)).toList();
    boolean steward = viewer.role() == Role.STEWARD;
    Set<MemberId> ids = inGroup.stream().map(MemberSummary::id).collect(Collectors.toSet());
    List<MemberSummary> candidates = steward
        ? members.all().stream().filter(m -> !ids.contains(m.id())).toList()
        : List.of();
    List<GroupPageSections.Section> shown = sections.orderedStream()
        .flatMap(s -> s.sections(group.id().value(), viewer.id().value()).stream())
        .toList();
    return new GroupPage(group, inGroup, shown, steward, candidates, form, problems, notice);
  }
}
