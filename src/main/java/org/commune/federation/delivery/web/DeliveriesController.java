package org.commune.federation.delivery.web;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.commune.federation.FederationUrls;
import org.commune.federation.delivery.DeliveryOverview;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Stewards' view of what went out: recent activities and their deliveries, failing inboxes, retry now. */
@Controller
class DeliveriesController {

  private final DeliveryOverview overview;
  private final FederationUrls urls;

  DeliveriesController(DeliveryOverview overview, FederationUrls urls) {
    this.overview = overview;
    this.urls = urls;
  }

  private List<DeliveriesPage.Sent> sent() {
    return overview.recent().stream().map(a -> DeliveriesPage.Sent.of(a, urls.base())).toList();
  }

  @GetMapping("/admin/federation/deliveries")
  String page(@RequestParam(required = false) String done, Model model) {
    boolean retried = "inbox".equals(done) || "activity".equals(done);
    model.addAttribute("page", new DeliveriesPage(sent(), overview.failing(),
        retried ? "federation.deliveries.retried" : null, null));
    return "federation/deliveries";
  }

  /** Retry now: one inbox (available again, its waiting deliveries due), or one activity's deliveries. */
  @PostMapping("/admin/federation/deliveries/retry")
  String retry(@RequestParam Map<String, String> posted, HttpServletResponse response, Model model) {
    String inbox = posted.getOrDefault("inbox", "");
    String activity = posted.getOrDefault("activity", "");
    boolean done;
    if (!inbox.isBlank() && inbox.length() <= 2048) {
      done = overview.retryInbox(inbox);
    } else if (activity.matches("[0-9a-fA-F-]{36}")) {
      done = overview.retryActivity(UUID.fromString(activity));
    } else {
      done = false;
    }
    if (done) {
      return "redirect:/admin/federation/deliveries?done=" + (inbox.isBlank() ? "activity" : "inbox");
    }
    response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
    model.addAttribute("page", new DeliveriesPage(sent(), overview.failing(), null,
        "federation.deliveries.retry.nothing"));
    return "federation/deliveries";
  }
}
