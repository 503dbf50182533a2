package org.commune.web;

import org.jspecify.annotations.Nullable;

/**
 * What the page frame shows around every page: language and direction, the organisation's name,
 * who is signed in, the CSRF token for forms, the texts in the page's language, and how the page writes
 * moments and numbers for this reader ({@link Formats}), and a banner every visitor must see ({@link SiteBanner}).
 */
public record Shell(
    String lang,
    String orgName,
    @Nullable Viewer viewer,
    String csrfParameter,
    String csrfToken,
    String path,
    Texts t,
    Formats f,
    long unread,
    SiteBanner.@Nullable Banner banner) {

  public String dir() {
    return Languages.isRightToLeft(lang) ? "rtl" : "ltr";
  }

  public boolean signedIn() {
    return viewer != null;
  }

  /** The other language offered by the switcher. */
  public String otherLang() {
    return "ar".equals(lang) ? "en" : "ar";
  }
}
