package org.commune.publishing.web;

import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.UUID;
import org.commune.members.InvalidInput;
import org.commune.members.MemberPrincipal;
import org.commune.publishing.Announcement;
import org.commune.publishing.Announcements;
import org.commune.publishing.Articles;
import org.commune.web.Form;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Announcements: the public list and pages; for moderators and stewards, posting and withdrawing one. */
@Controller
class AnnouncementsController {

  static final int PAGE_SIZE = 30;
  private static final String POSTED = "posted";

  private final Announcements announcements;

  AnnouncementsController(Announcements announcements) {
    this.announcements = announcements;
  }

  @GetMapping("/announcements")
  String list(@RequestParam(defaultValue = "0") String page, Model model) {
    int number = page.matches("\\d{1,6}") ? Integer.parseInt(page) : 0;
    var shown = announcements.newest(number * PAGE_SIZE, PAGE_SIZE + 1);
    model.addAttribute("page", new AnnouncementsPage(shown.subList(0, Math.min(shown.size(), PAGE_SIZE)),
        number > 0 ? number - 1 : null, shown.size() > PAGE_SIZE ? number + 1 : null));
    return "publishing/announcements";
  }

  @GetMapping("/announcements/new")
  String form(Model model) {
    String reader = LocaleContextHolder.getLocale().getLanguage();
    model.addAttribute("page", new AnnouncementFormPage(Form.of(Map.of("language",
        Articles.LANGUAGES.contains(reader) ? reader : "en"))));
    return "publishing/announcement-new";
  }

  @PostMapping("/announcements")
  String publish(@AuthenticationPrincipal MemberPrincipal member, @RequestParam Map<String, String> posted,
      HttpServletResponse response, Model model, RedirectAttributes redirect) {
    Form form = Form.posted(posted);
    try {
      UUID id = announcements.publish(member.id(), form.value("language"), form.value("body"));
      // Said once on the announcement's page (a flash attribute): the address stays the announcement's own.
      redirect.addFlashAttribute(POSTED, true);
      return "redirect:/announcements/" + id;
    } catch (InvalidInput invalid) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("page", new AnnouncementFormPage(form.withErrors(invalid.byField())));
    } catch (Articles.NotAllowed notAllowed) {
      response.setStatus(HttpServletResponse.SC_FORBIDDEN);
      model.addAttribute("page", new AnnouncementFormPage(form.withErrors(Map.of("form", "announcements.not-allowed"))));
    }
    return "publishing/announcement-new";
  }

  /** One announcement; a withdrawn one answers 410 Gone with a notice. */
  @GetMapping("/announcements/{id}")
  String show(@PathVariable String id, HttpServletResponse response, Model model) {
    Announcement announcement = announcements.find(uuid(id)).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    if (announcement.withdrawn()) {
      response.setStatus(HttpServletResponse.SC_GONE);
    }
    model.addAttribute("page", new AnnouncementPage(announcement, Form.empty(),
        Boolean.TRUE.equals(model.getAttribute(POSTED))));
    return "publishing/announcement";
  }

  @PostMapping("/announcements/{id}/withdraw")
  String withdraw(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id,
      @RequestParam(defaultValue = "") String confirm, HttpServletResponse response, Model model) {
    UUID announcement = uuid(id);
    // Withdrawing tells every follower's server to delete it: the form asks for a ticked confirmation
    // (works without JavaScript) and nothing happens without it.
    if (!confirm.equals("yes")) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      return shown(announcement, Form.empty().withErrors(Map.of("confirm", "announcements.withdraw.unconfirmed")), model);
    }
    try {
      announcements.withdraw(member.id(), announcement);
      return "redirect:/announcements/" + announcement;
    } catch (InvalidInput invalid) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      return shown(announcement, Form.empty().withErrors(invalid.byField()), model);
    } catch (Articles.NotAllowed notAllowed) {
      response.setStatus(HttpServletResponse.SC_FORBIDDEN);
      return shown(announcement, Form.empty().withErrors(Map.of("form", "announcements.not-allowed")), model);
    }
  }

  private String shown(UUID announcement, Form form, Model model) {
    Announcement found = announcements.find(announcement).orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND));
    model.addAttribute("page", new AnnouncementPage(found, form, false));
    return "publishing/announcement";
  }

  private static UUID uuid(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
  }
}
