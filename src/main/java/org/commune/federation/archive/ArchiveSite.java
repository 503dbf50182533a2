package org.commune.federation.archive;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.commune.publishing.Articles;
import org.commune.publishing.CorrectionReason;
import org.commune.publishing.WithdrawalReason;
import org.commune.web.Formats;
import org.commune.web.Json;
import org.commune.web.Markdown;
import org.commune.web.Texts;
import org.jspecify.annotations.Nullable;
import org.springframework.context.support.ResourceBundleMessageSource;
import tools.jackson.databind.JsonNode;

/**
 * The pages of a served archive, built from its verified files with the server's own template engine, message
 * bundles and Markdown sanitiser: the same look and languages as the site it preserves, without a database.
 */
final class ArchiveSite {

  private static final String TEMPLATE = "federation/archive/page.jte";

  private final TemplateEngine templates = TemplateEngine.createPrecompiled(ContentType.Html);
  private final ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
  private final ArchiveVerifier.Verified archive;
  private final JsonNode organisation;
  private final Instant madeAt;
  /** Articles by id, newest first publication first. */
  private final Map<String, JsonNode> articles = new LinkedHashMap<>();

  ArchiveSite(ArchiveVerifier.Verified archive) throws ArchiveRefused {
    this.archive = archive;
    // As the server's MessagesConfiguration: no language-less bundle, so no silent fallback.
    messages.setBasename("messages");
    messages.setDefaultEncoding("UTF-8");
    messages.setFallbackToSystemLocale(false);
    Map<String, byte[]> files = archive.archive().files();
    byte[] profile = files.get(Archive.ORGANISATION);
    organisation = profile == null ? Json.MAPPER.createObjectNode() : LogFiles.object(profile, Archive.ORGANISATION);
    try {
      madeAt = Instant.parse(archive.manifest().createdAt());
    } catch (DateTimeParseException e) {
      throw new ArchiveRefused("manifest.json: createdAt is not a time");
    }
    List<JsonNode> all = new ArrayList<>();
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      if (file.getKey().startsWith(Archive.ARTICLES) && file.getKey().endsWith(".json")) {
        JsonNode article = LogFiles.object(file.getValue(), file.getKey());
        if (!article.path("id").isString() || !article.path("id").asString().matches("[0-9a-f-]{36}")) {
          throw new ArchiveRefused(file.getKey() + ": id is not an article id");
        }
        all.add(article);
      }
    }
    all.sort(Comparator.comparing(ArchiveSite::firstPublished).reversed());
    all.forEach(a -> articles.put(a.path("id").asString(), a));
  }

  String language(@Nullable String requested, @Nullable String acceptLanguage) {
    if (requested != null && Articles.LANGUAGES.contains(requested)) {
      return requested;
    }
    if (acceptLanguage != null && !acceptLanguage.isBlank()) {
      return acceptLanguage.strip().toLowerCase(Locale.ROOT).startsWith("ar") ? "ar" : "en";
    }
    String chosen = organisation.path("defaultLanguage").asString("en");
    return Articles.LANGUAGES.contains(chosen) ? chosen : "en";
  }

  String list(String lang) {
    Formats f = formats(lang);
    List<ArchivePage.Listed> listed = new ArrayList<>();
    for (JsonNode article : articles.values()) {
      JsonNode version = version(article, lang);
      if (version != null) {
        listed.add(new ArchivePage.Listed(article.path("id").asString(), version.path("language").asString(lang),
            version.path("title").asString(""), date(f, version.path("firstPublishedAt").asString(""))));
      }
    }
    return render(page(lang, texts(lang).get("articles.title"), "/", listed, null, null, null));
  }

  /** The article's page, or empty when the archive has no article with this id. */
  Optional<Page> article(String id, String lang) {
    JsonNode article = articles.get(id);
    if (article == null) {
      return Optional.empty();
    }
    String path = "/articles/" + id;
    Texts t = texts(lang);
    JsonNode withdrawn = article.get("withdrawn");
    if (withdrawn != null && withdrawn.isObject()) {
      ArchivePage.Gone gone = new ArchivePage.Gone(withdrawalCode(withdrawn.path("reason").asString("other")),
          withdrawn.path("note").asString(""), date(formats(lang), withdrawn.path("at").asString("")));
      return Optional.of(new Page(410, render(page(lang, t.get("articles.withdrawn.title"), path, List.of(), null, gone, null))));
    }
    JsonNode version = version(article, lang);
    if (version == null) {
      return Optional.empty();
    }
    Formats f = formats(lang);
    String language = version.path("language").asString(lang);
    List<String> others = new ArrayList<>();
    article.path("languages").propertyNames().forEach(l -> {
      if (!l.equals(language) && Articles.LANGUAGES.contains(l)) {
        others.add(l);
      }
    });
    List<ArchivePage.Revision> revisions = new ArrayList<>();
    for (JsonNode r : article.path("languages").path(language).path("revisions")) {
      revisions.add(new ArchivePage.Revision(r.path("revision").asInt(), r.path("title").asString(""),
          Markdown.html(r.path("body").asString("")), date(f, r.path("publishedAt").asString("")),
          correctionCode(r.path("correctionReason"))));
    }
    ArchivePage.Shown shown = new ArchivePage.Shown(id, language, version.path("title").asString(""),
        Markdown.html(version.path("body").asString("")), date(f, version.path("firstPublishedAt").asString("")),
        version.path("revision").asInt(), text(version.path("aiModel")), correctionCode(version.path("correctionReason")),
        version.path("correctionNote").asString(""), text(version.path("correctedAt")) == null ? null
            : date(f, version.path("correctedAt").asString()), others, !language.equals(lang), revisions);
    return Optional.of(new Page(200, render(page(lang, shown.title(), path, List.of(), shown, null, null))));
  }

  String notFound(String lang) {
    Texts t = texts(lang);
    return render(page(lang, t.get("archive.not-found.title"), "/", List.of(), null, null, t.get("archive.not-found")));
  }

  Texts texts(String lang) {
    return new Texts(messages, Locale.forLanguageTag(lang));
  }

  record Page(int status, String html) {}

  private ArchivePage page(String lang, String title, String path, List<ArchivePage.Listed> listed,
      ArchivePage.@Nullable Shown shown, ArchivePage.@Nullable Gone gone, @Nullable String notice) {
    String name = organisation.path("ar".equals(lang) ? "nameAr" : "nameEn").asString("");
    return new ArchivePage(lang, "ar".equals(lang) ? "en" : "ar", texts(lang), formats(lang),
        name.isBlank() ? archive.manifest().origin() : name, archive.manifest().origin(), formats(lang).utc(madeAt),
        title, path, listed, shown, gone, notice, archive.log().size());
  }

  private String render(ArchivePage page) {
    StringOutput out = new StringOutput();
    templates.render(TEMPLATE, page, out);
    return out.toString();
  }

  private static Formats formats(String lang) {
    return new Formats(lang, ZoneOffset.UTC, false);
  }

  /** The current version in this language, else in the other one; null when the article has none. */
  private static @Nullable JsonNode version(JsonNode article, String lang) {
    JsonNode languages = article.path("languages");
    JsonNode own = languages.path(lang).path("current");
    if (own.isObject()) {
      return own;
    }
    for (String other : Articles.LANGUAGES) {
      JsonNode version = languages.path(other).path("current");
      if (version.isObject()) {
        return version;
      }
    }
    return null;
  }

  private static String firstPublished(JsonNode article) {
    JsonNode version = version(article, "en");
    return version == null ? article.path("withdrawn").path("at").asString("") : version.path("firstPublishedAt").asString("");
  }

  private static String date(Formats f, String iso) {
    try {
      return f.date(Instant.parse(iso));
    } catch (DateTimeParseException e) {
      return iso;
    }
  }

  private static @Nullable String text(JsonNode node) {
    return node.isString() ? node.asString() : null;
  }

  /** A withdrawal's reason as the site names it; a code this version does not know reads as "other". */
  private static String withdrawalCode(String code) {
    return WithdrawalReason.fromCode(code).orElse(WithdrawalReason.OTHER).code();
  }

  private static @Nullable String correctionCode(JsonNode node) {
    return node.isString() ? CorrectionReason.fromCode(node.asString()).orElse(CorrectionReason.OTHER).code() : null;
  }
}
