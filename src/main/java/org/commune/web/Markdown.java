package org.commune.web;

import gg.jte.Content;
import gg.jte.TemplateOutput;
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

  private Markdown() {}

  /** The sanitized HTML of a member's Markdown text. */
  public static String html(String markdown) {
    String rendered = RENDERER.render(PARSER.parse(markdown == null ? "" : markdown))
        // Headings inside a member's text sit below the page's own headings.
        .replace("<h1>", "<h3>").replace("</h1>", "</h3>").replace("<h2>", "<h4>").replace("</h2>", "</h4>");
    return POLICY.sanitize(rendered);
  }

  /** The same, as content a template writes unescaped (it is already sanitized). */
  public static Content content(String markdown) {
    String html = html(markdown);
    return (TemplateOutput output) -> output.writeContent(html);
  }
}
