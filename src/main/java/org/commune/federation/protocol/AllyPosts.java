package org.commune.federation.protocol;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.owasp.html.HtmlPolicyBuilder;
import org.owasp.html.PolicyFactory;
import tools.jackson.databind.JsonNode;

/**
 * A Note or Article an ally sent, read strictly and made safe to show: the HTML keeps text, paragraphs,
 * emphasis, lists, quotes and plain http(s) links (marked nofollow, noopener, noreferrer); scripts, styles,
 * event attributes, forms, frames and images (which would tell a third party who reads the page) go.
 */
final class AllyPosts {

  static final int MAX_CONTENT = 100_000;
  static final int MAX_NAME = 500;
  static final int MAX_LANGUAGES = 20;
  static final Instant EARLIEST = Instant.parse("1990-01-01T00:00:00Z");

  private static final Pattern LANGUAGE = Pattern.compile("[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,4}");

  private static final PolicyFactory POLICY = new HtmlPolicyBuilder()
      .allowElements("p", "br", "em", "strong", "b", "i", "u", "s", "del", "code", "pre", "blockquote", "ul", "ol",
          "li", "span", "a")
      .allowUrlProtocols("https", "http")
      .allowAttributes("href").onElements("a")
      .requireRelsOnLinks("nofollow", "noopener", "noreferrer")
      .toFactory();

  private AllyPosts() {}

  /**
   * The post in {@code object}, sent by {@code actor} and received at {@code received}; refused when a field
   * has the wrong type or size.
   */
  static AllyPost read(JsonNode object, String actor, Instant received) throws InboxRefused {
    String type = ActivityCheck.string(object, "type").orElseThrow(() -> new InboxRefused(400, "bad-object-type"));
    String id = ActivityCheck.url(object, "id").orElseThrow(() -> new InboxRefused(400, "bad-object-id"));
    if (!Hosts.sameOrigin(id, actor)) {
      throw new InboxRefused(400, "object-origin");
    }
    JsonNode attributed = object.get("attributedTo");
    if (attributed == null || !attributed.isString() || !attributed.asString().equals(actor)) {
      throw new InboxRefused(400, "bad-attributed-to");
    }
    String name = optional(object, "name");
    if (name != null && name.length() > MAX_NAME) {
      throw new InboxRefused(400, "name-too-long");
    }
    String content = optional(object, "content");
    Map<String, String> contentMap = new LinkedHashMap<>();
    JsonNode map = object.get("contentMap");
    if (map != null && !map.isNull()) {
      if (!map.isObject() || map.size() > MAX_LANGUAGES) {
        throw new InboxRefused(400, "bad-content-map");
      }
      for (Map.Entry<String, JsonNode> entry : map.properties()) {
        if (!LANGUAGE.matcher(entry.getKey()).matches() || !entry.getValue().isString()) {
          throw new InboxRefused(400, "bad-content-map");
        }
        contentMap.put(entry.getKey(), safe(entry.getValue().asString()));
      }
    }
    if (content == null && contentMap.isEmpty()) {
      throw new InboxRefused(400, "no-content");
    }
    String safeContent = content != null ? safe(content) : contentMap.values().iterator().next();
    String url = url(object.get("url"));
    if (url != null && !Hosts.sameOrigin(url, actor)) {
      url = null; // a link elsewhere is not where the original is: the id is
    }
    return new AllyPost(id, actor, type, name, safeContent, contentMap, url, published(object, received));
  }

  /**
   * When the post says it was published, kept within [1990, a day after it arrived]: the page sorts by it,
   * so a year 9999 would pin a post on top (and a year past 9999 cannot be stored). Without one, when it arrived.
   */
  static Instant published(JsonNode object, Instant received) throws InboxRefused {
    String when = optional(object, "published");
    if (when == null) {
      return received;
    }
    Instant published;
    try {
      published = Instant.parse(when);
    } catch (DateTimeParseException e) {
      throw new InboxRefused(400, "bad-published");
    }
    Instant latest = received.plus(Duration.ofDays(1));
    return published.isBefore(EARLIEST) ? EARLIEST : published.isAfter(latest) ? latest : published;
  }

  /** The safe HTML of what a server sent, refused when even that is too long to keep. */
  static String safe(String html) throws InboxRefused {
    if (html.length() > 4 * MAX_CONTENT) {
      throw new InboxRefused(413, "content-too-long");
    }
    String sanitized = POLICY.sanitize(html);
    if (sanitized.length() > MAX_CONTENT) {
      throw new InboxRefused(413, "content-too-long");
    }
    return sanitized;
  }

  private static @Nullable String optional(JsonNode object, String field) throws InboxRefused {
    JsonNode value = object.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isString()) {
      throw new InboxRefused(400, "bad-" + field);
    }
    return value.asString();
  }

  /** A url given as a string or as a Link ({@code href}); anything else is no url. */
  private static @Nullable String url(@Nullable JsonNode value) {
    if (value == null) {
      return null;
    }
    if (value.isString()) {
      return Hosts.httpUrl(value.asString()).isPresent() ? value.asString() : null;
    }
    if (value.isObject()) {
      return ActivityCheck.url(value, "href").orElse(null);
    }
    return null;
  }
}
