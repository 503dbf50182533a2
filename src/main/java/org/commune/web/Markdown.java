package org.commune.web;

import gg.jte.Content;
import gg.jte.TemplateOutput;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;

/**
 * Members' Markdown as safe HTML: CommonMark renders it with raw HTML escaped, then the OWASP
 * sanitizer keeps only a small set of text elements and plain links (no images: they would load
 * from elsewhere and tell a third party who read the page).
 */
public final class Markdown {

  private static final Parser PARSER = Parser.builder().build();
  private static final HtmlRenderer RENDERER = HtmlRenderer.builder().escapeHtml(true).sanitizeUrls(true).build();
  private static final PolicyFactory POLICY = new HtmlPolicyBuilder()
      .allowElements("p", "br", "em", "strong", "code", "pre", "blockquote", "ul", "ol", "li", "h3", "h4", "hr", "a")
      .allowUrlProtocols("https", "http", "mailto")
      .allowAttributes("href").onElements("a")
      .requireRelsOnLinks("nofollow", "noopener", "noreferrer")
      .toFactory();

  private static final Pattern MENTION_OR_TAG =
      Pattern.compile("<[^>]*>|(?<![\\w@/.:;-])(?:@|&#64;)([a-z0-9][a-z0-9_.-]{1,28}[a-z0-9])");

  private Markdown() {}

  /** The sanitized HTML of a member's Markdown text. */
  public static String html(String markdown) {
    String rendered = RENDERER.render(PARSER.parse(markdown == null ? "" : markdown))
        // Headings inside a member's text sit below the page's own headings.
        .replace("<h1>", "<h3>").replace("</h1>", "</h3>").replace("<h2>", "<h4>").replace("</h2>", "</h4>");
    return isolateMentions(POLICY.sanitize(rendered));
  }

  /**
   * Each {@code @username} in the text (never inside a tag, a link's address or an email address) as a
   * left-to-right island, so that "@salma" stays "@salma" inside an Arabic sentence. Runs on the
   * sanitized HTML (which writes @ as {@code &#64;}), so it only ever adds its own {@code <bdi>}.
   */
  static String isolateMentions(String html) {
    Matcher m = MENTION_OR_TAG.matcher(html);
    StringBuilder out = new StringBuilder(html.length() + 16);
    while (m.find()) {
      m.appendReplacement(out, m.group(1) == null ? Matcher.quoteReplacement(m.group())
          : Matcher.quoteReplacement("<bdi dir=\"ltr\">@" + m.group(1) + "</bdi>"));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** The same, as content a template writes unescaped (it is already sanitized). */
  public static Content content(String markdown) {
    String html = html(markdown);
    return (TemplateOutput output) -> output.writeContent(html);
  }
}
