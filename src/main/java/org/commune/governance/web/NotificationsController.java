package org.commune.governance.web;

import java.util.HashSet;
import java.util.List;
import org.commune.governance.notification.Notifications;
import org.commune.members.MemberPrincipal;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** In-app notifications and the member's choice of what to hear about, in the app and by email. */
@Controller
class NotificationsController {

  private final Notifications notifications;

  NotificationsController(Notifications notifications) {
    this.notifications = notifications;
  }

  @GetMapping("/notifications")
  String show(@AuthenticationPrincipal MemberPrincipal member, @RequestParam(required = false) String saved,
      Model model) {
    model.addAttribute("page", new NotificationsPage(notifications.newest(member.id()), notifications.choices(member.id()),
        saved != null));
    return "governance/notifications";
  }

  @PostMapping("/notifications/read")
  String markRead(@AuthenticationPrincipal MemberPrincipal member) {
    notifications.markAllRead(member.id());
    return "redirect:/notifications";
  }

  @PostMapping("/notifications/choices")
  String choose(@AuthenticationPrincipal MemberPrincipal member,
      @RequestParam(name = "app", required = false) List<String> inApp,
      @RequestParam(name = "email", required = false) List<String> email) {
    notifications.choose(member.id(), new HashSet<>(inApp == null ? List.of() : inApp),
        new HashSet<>(email == null ? List.of() : email));
    return "redirect:/notifications?saved";
  }
}
