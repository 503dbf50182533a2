package org.commune.members.web;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import org.commune.members.MemberPrincipal;
import org.commune.members.Members;
import org.commune.web.NeedsYou;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The member home page at {@code /home}, where members land after signing in: what needs them. The
 * sections come from every module that contributes {@link NeedsYou}; members reads none of their tables.
 */
@Controller
class HomeController {

  static final String TEMPLATE = "members/home";

  private final Members members;
  private final ObjectProvider<NeedsYou> contributors;

  HomeController(Members members, ObjectProvider<NeedsYou> contributors) {
    this.members = members;
    this.contributors = contributors;
  }

  @GetMapping("/home")
  String home(@AuthenticationPrincipal MemberPrincipal member, Model model) {
    Instant since = members.visitHome(member.id());
    List<NeedsYou.Section> sections = contributors.stream()
        .flatMap(c -> c.sections(member.id().toString(), since).stream())
        .sorted(Comparator.comparingInt(NeedsYou.Section::order))
        .toList();
    return Pages.show(model, new HomePage(since, sections), TEMPLATE);
  }
}
