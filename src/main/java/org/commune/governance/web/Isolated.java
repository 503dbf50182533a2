package org.commune.governance.web;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commune.web.Texts;
import org.springframework.web.util.HtmlUtils;

/**
 * A message whose arguments are member-written text (a name, a title) inside a sentence of the page's
 * language: each argument is escaped and isolated in {@code <bdi>}, so that an Arabic title in an English
 * sentence (or a Latin username in an Arabic one) neither scrambles the sentence nor injects markup.
 */
public final class Isolated {

  private static final Pattern MARK = Pattern.compile("\uE000(\\d+)\uE001");

  private Isolated() {}

  /** The message as safe HTML: the sentence escaped, each argument escaped inside {@code <bdi>}. */
  public static String html(Texts texts, String key, Object... args) {
    Object[] marks = new Object[args.length];
    for (int i = 0; i < args.length; i++) {
      marks[i] = "\uE000" + i + "\uE001";
    }
    String text = texts.get(key, marks);
    StringBuilder out = new StringBuilder();
    Matcher m = MARK.matcher(text);
    int at = 0;
    while (m.find()) {
      out.append(HtmlUtils.htmlEscape(text.substring(at, m.start())))
          .append("<bdi>").append(HtmlUtils.htmlEscape(String.valueOf(args[Integer.parseInt(m.group(1))]))).append("</bdi>");
      at = m.end();
    }
    return out.append(HtmlUtils.htmlEscape(text.substring(at))).toString();
  }
}
