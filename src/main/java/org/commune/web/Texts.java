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

  public Locale locale() {
    return locale;
  }
}
