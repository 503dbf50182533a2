package org.commune.web;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.LocaleResolver;

/**
 * Chooses the page language: the signed-in member's choice (kept in the session), else the visitor's
 * cookie, else the organisation's default. No Accept-Language guessing: members choose.
 */
public final class LanguageResolver implements LocaleResolver {

  /** Session attribute holding the signed-in member's language. */
  public static final String SESSION_ATTRIBUTE = "commune.language";

  static final String COOKIE = "lang";

  private final ObjectProvider<DefaultLanguage> defaultLanguage;

  public LanguageResolver(ObjectProvider<DefaultLanguage> defaultLanguage) {
    this.defaultLanguage = defaultLanguage;
  }

  @Override
  public Locale resolveLocale(HttpServletRequest request) {
    return Languages.locale(language(request));
  }

  /** The language code for this request. */
  public String language(HttpServletRequest request) {
    HttpSession session = request.getSession(false);
    if (session != null && session.getAttribute(SESSION_ATTRIBUTE) instanceof String lang && Languages.isSupported(lang)) {
      return lang;
    }
    var authentication = SecurityContextHolder.getContext().getAuthentication();
    if (authentication != null && authentication.getPrincipal() instanceof PreferredLanguage member
        && Languages.isSupported(member.language())) {
      return member.language();
    }
    Cookie[] cookies = request.getCookies();
    if (cookies != null) {
      for (Cookie cookie : cookies) {
        if (COOKIE.equals(cookie.getName()) && Languages.isSupported(cookie.getValue())) {
          return cookie.getValue();
        }
      }
    }
    DefaultLanguage fallback = defaultLanguage.getIfAvailable();
    return fallback == null ? "en" : Languages.orDefault(fallback.get(), "en");
  }

  @Override
  public void setLocale(HttpServletRequest request, @Nullable HttpServletResponse response, @Nullable Locale locale) {
    String lang = locale == null ? "en" : Languages.orDefault(locale.getLanguage(), "en");
    remember(request, response, lang);
  }

  /** Remembers a chosen language for this visitor (cookie) and this session. */
  public static void remember(HttpServletRequest request, @Nullable HttpServletResponse response, String lang) {
    HttpSession session = request.getSession(false);
    if (session != null) {
      session.setAttribute(SESSION_ATTRIBUTE, lang);
    }
    if (response != null) {
      Cookie cookie = new Cookie(COOKIE, lang);
      cookie.setPath("/");
      cookie.setMaxAge(60 * 60 * 24 * 365);
      cookie.setHttpOnly(true);
      cookie.setSecure(request.isSecure());
      cookie.setAttribute("SameSite", "Lax");
      response.addCookie(cookie);
    }
  }
}
