package org.commune.web;

import java.util.Locale;
import org.springframework.context.MessageSource;

/** Message texts in one language, for templates: {@code ${shell.t().get("nav.home")}}. */
public final class Texts {

  private final MessageSource messages;
  private final Locale locale;

  public Texts(MessageSource messages, Locale locale) {
    this.messages = messages;
    this.locale = locale;
  }

  public String get(String key, Object... args) {
    return messages.getMessage(key, args, locale);
  }

  /**
   * The text of {@code key}, or of {@code fallbackKey} when the bundles have none: for keys built from
   * stored data (a log entry's type or field, which other modules choose), where a key no bundle knows
   * must not break the public log page.
   */
  public String getOr(String key, String fallbackKey) {
    return messages.getMessage(key, null, messages.getMessage(fallbackKey, null, locale), locale);
  }

  public Locale locale() {
    return locale;
  }
}
