package org.commune.federation.activity;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.commune.federation.FederationUrls;
import org.commune.publishing.Announcement;
import org.commune.publishing.ArticleVersion;
import org.commune.web.Json;
import org.commune.web.Markdown;
import org.springframework.stereotype.Component;

/**
 * The ActivityStreams documents the organisation publishes, as Mastodon reads them. Every object is
 * attributed to the organisation actor and addressed to the public with the followers in copy; no field
 * names a member (an article's authors and reviewers stay on its own page, where the organisation chose to
 * show them). HTML content is the same sanitized rendering the public pages show.
 */
@Component
public class ActivityDocuments {

  public static final String CONTEXT = "https://www.w3.org/ns/activitystreams";

  private final FederationUrls urls;

  ActivityDocuments(FederationUrls urls) {
    this.urls = urls;
  }

  /**
   * An article with every language version: {@code name} and {@code content} in the preferred language
   * (else the first there is), {@code nameMap} and {@code contentMap} with all of them.
   */
  public Map<String, Object> article(List<ArticleVersion> versions, String preferredLanguage) {
    ArticleVersion main = versions.stream().filter(v -> v.language().equals(preferredLanguage)).findFirst()
        .orElse(versions.get(0));
    Map<String, Object> names = new LinkedHashMap<>();
    Map<String, Object> contents = new LinkedHashMap<>();
    for (ArticleVersion v : versions) {
      names.put(v.language(), v.title());
      contents.put(v.language(), Markdown.html(v.body()));
    }
    Instant published = versions.stream().map(ArticleVersion::firstPublishedAt).min(Comparator.naturalOrder()).orElseThrow();
    Instant updated = versions.stream().map(ArticleVersion::publishedAt).max(Comparator.naturalOrder()).orElseThrow();
    Map<String, Object> article = object(urls.article(main.article()), "Article");
    article.put("name", main.title());
    article.put("nameMap", names);
    article.put("content", contents.get(main.language()));
    article.put("contentMap", contents);
    article.put("mediaType", "text/html");
    article.put("url", urls.article(main.article()));
    article.put("published", time(published));
    if (updated.isAfter(published)) {
      article.put("updated", time(updated));
    }
    return article;
  }

  /** An announcement as a Note whose id is its public page. */
  public Map<String, Object> announcement(Announcement announcement) {
    return note(urls.announcement(announcement.id()), announcement.language(), Markdown.html(announcement.body()),
        urls.announcement(announcement.id()), announcement.publishedAt());
  }

  /** A Note in one language, with HTML content already safe. */
  public Map<String, Object> note(String id, String language, String html, String url, Instant published) {
    Map<String, Object> note = object(id, "Note");
    note.put("content", html);
    note.put("contentMap", Map.of(language, html));
    note.put("url", url);
    note.put("published", time(published));
    return note;
  }

  /** What stays of a removed object: its id, former type and when it went. */
  public Map<String, Object> tombstone(String id, String formerType, Instant deleted) {
    Map<String, Object> tombstone = new LinkedHashMap<>();
    tombstone.put("@context", CONTEXT);
    tombstone.put("id", id);
    tombstone.put("type", "Tombstone");
    tombstone.put("formerType", formerType);
    tombstone.put("deleted", time(deleted));
    return tombstone;
  }

  /** A {@code Create}, {@code Update} or {@code Delete} of the object by the organisation, as JSON. */
  public String activity(String type, UUID id, Map<String, Object> object, Instant at) {
    Map<String, Object> inner = new LinkedHashMap<>(object);
    inner.remove("@context");
    Map<String, Object> activity = new LinkedHashMap<>();
    activity.put("@context", CONTEXT);
    activity.put("id", urls.activity(id));
    activity.put("type", type);
    activity.put("actor", urls.actor());
    activity.put("published", time(at));
    activity.put("to", List.of(FederationUrls.PUBLIC));
    activity.put("cc", List.of(urls.followers()));
    activity.put("object", inner);
    return Json.MAPPER.writeValueAsString(activity);
  }

  private Map<String, Object> object(String id, String type) {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("@context", CONTEXT);
    object.put("id", id);
    object.put("type", type);
    object.put("attributedTo", urls.actor());
    object.put("to", List.of(FederationUrls.PUBLIC));
    object.put("cc", List.of(urls.followers()));
    return object;
  }

  /** ActivityStreams times: UTC, whole seconds (Mastodon parses ISO 8601 with or without fractions). */
  static String time(Instant at) {
    return at.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
