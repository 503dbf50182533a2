package org.commune.web;

import java.util.List;
import java.util.Locale;

/** The languages Commune's pages are written in. Arabic and English first. */
public final class Languages {

  public static final List<String> SUPPORTED = List.of("ar", "en");

  private Languages() {}

  public static boolean isSupported(String lang) {
    return SUPPORTED.contains(lang);
  }

  public static boolean isRightToLeft(String lang) {
    return "ar".equals(lang);
  }

  public static String orDefault(String lang, String fallback) {
    return lang != null && isSupported(lang) ? lang : fallback;
  }

  public static Locale locale(String lang) {
    return Locale.forLanguageTag(lang);
  }
}
