package org.commune.members.web;

import jakarta.servlet.http.HttpServletRequest;
import org.commune.members.MemberPrincipal;
import org.commune.members.Organisation;
import org.commune.web.Formats;
import org.commune.web.LanguageResolver;
import org.commune.web.Shell;
import org.commune.web.SiteBanner;
import org.commune.web.Texts;
import org.commune.web.UnreadNotifications;
import org.springframework.beans.factory.ObjectProvider;
import org.commune.web.Viewer;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.LocaleResolver;

/** Gives every page its frame: language, organisation name, who is signed in, the CSRF token. */
@ControllerAdvice
class ShellAdvice {

  private final Organisation organisation;
  private final MessageSource messages;
  private final LocaleResolver locales;
  private final ObjectProvider<UnreadNotifications> unread;
  private final ObjectProvider<SiteBanner> banners;

  ShellAdvice(Organisation organisation, MessageSource messages, LocaleResolver locales,
      ObjectProvider<UnreadNotifications> unread, ObjectProvider<SiteBanner> banners) {
    this.unread = unread;
    this.banners = banners;
    this.organisation = organisation;
    this.messages = messages;
    this.locales = locales;
  }

  @ModelAttribute("shell")
  Shell shell(HttpServletRequest request) {
    String lang = ((LanguageResolver) locales).language(request);
    Texts texts = new Texts(messages, locales.resolveLocale(request));
    String orgName =
        organisation.profile().map(p -> p.name(lang)).orElseGet(() -> texts.get("app.name"));
    Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
    Viewer viewer = null;
    String memberZone = null;
    if (authentication != null && authentication.getPrincipal() instanceof MemberPrincipal member) {
      viewer = new Viewer(member.id().toString(), member.displayName(), member.role().code());
      memberZone = member.timeZone();
    }
    var profile = organisation.profile();
    Formats formats = new Formats(
        lang,
        Formats.zone(memberZone, profile.map(p -> p.timeZone()).orElse(null)),
        // Arabic-Indic digits belong to Arabic text: English pages keep 0-9 whatever the setting.
        "ar".equals(lang) && profile.map(p -> p.arabicDigits()).orElse(false));
    CsrfToken csrf = (CsrfToken) request.getAttribute(CsrfToken.class.getName());
    String path = request.getRequestURI();
    String query = request.getQueryString();
    return new Shell(
        lang,
        orgName,
        viewer,
        csrf == null ? "_csrf" : csrf.getParameterName(),
        csrf == null ? "" : csrf.getToken(),
        query == null || path.startsWith("/error") ? path : path + "?" + query,
        texts,
        formats,
        unreadFor(viewer),
        banners.stream().map(SiteBanner::banner).filter(b -> b != null).findFirst().orElse(null));
  }


  private long unreadFor(@Nullable Viewer viewer) {
    return viewer == null ? 0 : unread.stream().mapToLong(u -> u.unread(viewer.memberId())).sum();
  }
}
