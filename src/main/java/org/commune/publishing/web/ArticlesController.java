package org.commune.publishing.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.commune.members.InvalidInput;
import org.commune.members.MemberPrincipal;
import org.commune.members.Organisation;
import org.commune.publishing.ArticleVersion;
import org.commune.publishing.Articles;
import org.commune.publishing.Withdrawal;
import org.commune.web.Form;
import org.commune.web.Json;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * The public site of published articles and their Atom feeds; for moderators and stewards, writing,
 * correcting and withdrawing one.
 */
@Controller
class ArticlesController {

  private final Articles articles;
  private final Organisation organisation;
  private final String publicUrl;
  private final MessageSource messages;

  ArticlesController(Articles articles, Organisation organisation, @Value("${commune.public-url}") String publicUrl,
      MessageSource messages) {
    this.articles = articles;
    this.organisation = organisation;
    this.messages = messages;
    this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
  }

  @GetMapping("/articles")
  String list(@RequestParam(defaultValue = "") String lang, Model model) {
    String language = wanted(lang);
    model.addAttribute("page", new ArticlesPage(language, articles.listed(language)));
    return "publishing/list";
  }

  /**
   * One article, in the language asked for (or the reader's) where it exists, otherwise in the other one
   * with a note. A withdrawn article answers 410 Gone with its tombstone.
   */
  @GetMapping("/articles/{id}")
  String show(@PathVariable String id, @RequestParam(defaultValue = "") String lang, HttpServletResponse response,
      Model model) {
    UUID article = uuid(id);
    if (tombstone(article, response, model)) {
      return TOMBSTONE;
    }
    String wanted = wanted(lang);
    List<ArticleVersion> versions = standing(article);
    ArticleVersion shown = shown(versions, wanted);
    model.addAttribute("page", new ArticlePage(shown, versions.stream().map(ArticleVersion::language).toList(),
        jsonLd(shown), articles.related(shown, 3), wanted));
    return "publishing/article";
  }

  /** Every revision of one language version, newest first: nothing published is ever silently replaced. */
  @GetMapping("/articles/{id}/history")
  String history(@PathVariable String id, @RequestParam(defaultValue = "") String lang, HttpServletResponse response,
      Model model) {
    UUID article = uuid(id);
    if (tombstone(article, response, model)) {
      return TOMBSTONE;
    }
    ArticleVersion shown = shown(standing(article), wanted(lang));
    List<ArticleVersion> revisions = new ArrayList<>(articles.history(article).stream()
        .filter(v -> v.language().equals(shown.language())).toList());
    Collections.reverse(revisions);
    model.addAttribute("page", new ArticleHistoryPage(shown, revisions));
    return "publishing/history";
  }

  @GetMapping("/articles/new")
  String form(Model model) {
    model.addAttribute("page", new ArticleFormPage(Form.of(Map.of("language", wanted("")))));
    return "publishing/new";
  }

  @PostMapping("/articles")
  String publish(@AuthenticationPrincipal MemberPrincipal member, @RequestParam Map<String, String> posted,
      HttpServletResponse response, Model model) {
    Form form = Form.posted(posted);
    try {
      UUID id = articles.publish(member.id(), form.value("language"), form.value("title"), form.value("body"));
      return "redirect:/articles/" + id + "?lang=" + form.value("language");
    } catch (InvalidInput invalid) {
      response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
      model.addAttribute("page", new ArticleFormPage(form.withErrors(invalid.byField())));
      return "publishing/new";
    } catch (Articles.NotAllowed notAllowed) {
      response.setStatus(HttpServletResponse.SC_FORBIDDEN);
      model.addAttribute("page", new ArticleFormPage(form.withErrors(Map.of("form", "articles.publish.not-allowed"))));
      return "publishing/new";
    }
  }

  /** The correction form for one language version, prefilled with its current text and revision. */
  @GetMapping("/articles/{id}/correct")
  String correction(@PathVariable String id, @RequestParam(defaultValue = "") String lang,
      HttpServletResponse response, Model model) {
    UUID article = uuid(id);
    if (tombstone(article, response, model)) {
      return TOMBSTONE;
    }
    ArticleVersion shown = shown(standing(article), wanted(lang));
    model.addAttribute("page", new CorrectionPage(shown, Form.of(Map.of("language", shown.language(),
        "base", Integer.toString(shown.revision()), "title", shown.title(), "body", shown.body()))));
    return "publishing/correct";
  }

  @PostMapping("/articles/{id}/correct")
  String correct(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id,
      @RequestParam Map<String, String> posted, HttpServletResponse response, Model model) {
    UUID article = uuid(id);
    Form form = Form.posted(posted);
    return edit(article, form, response, model, "publishing/correct", CorrectionPage::new, () -> {
      articles.correct(member.id(), article, form.value("language"), form.value("base"), form.value("title"),
          form.value("body"), form.value("reason"), form.value("note"));
      return "redirect:/articles/" + article + "?lang=" + form.value("language") + "#corrected";
    });
  }

  @GetMapping("/articles/{id}/withdraw")
  String withdrawal(@PathVariable String id, @RequestParam(defaultValue = "") String lang,
      HttpServletResponse response, Model model) {
    UUID article = uuid(id);
    if (tombstone(article, response, model)) {
      return TOMBSTONE;
    }
    model.addAttribute("page", new WithdrawalPage(shown(standing(article), wanted(lang)), Form.empty()));
    return "publishing/withdraw";
  }

  @PostMapping("/articles/{id}/withdraw")
  String withdraw(@AuthenticationPrincipal MemberPrincipal member, @PathVariable String id,
      @RequestParam Map<String, String> posted, HttpServletResponse response, Model model) {
    UUID article = uuid(id);
    Form form = Form.posted(posted);
    return edit(article, form, response, model, "publishing/withdraw", WithdrawalPage::new, () -> {
      articles.withdraw(member.id(), article, form.value("reason"), form.value("note"));
      return "redirect:/articles/" + article;
    });
  }

  /**
   * Makes an editor's change and answers where to go; refused, the form again with what was wrong (400), or
   * with why this member may not (403). Once the article is withdrawn (by this change's twin, a second
   * click, or another editor who was first), the tombstone says so.
   */
  private String edit(UUID article, Form form, HttpServletResponse response, Model model, String template,
      BiFunction<ArticleVersion, Form, Object> page, Supplier<String> change) {
    Map<String, String> errors;
    int status;
    try {
      return change.get();
    } catch (InvalidInput invalid) {
      errors = invalid.byField();
      status = HttpServletResponse.SC_BAD_REQUEST;
    } catch (Articles.NotAllowed notAllowed) {
      errors = Map.of("form", "articles.publish.not-allowed");
      status = HttpServletResponse.SC_FORBIDDEN;
    }
    if (tombstone(article, response, model)) {
      return TOMBSTONE;
    }
    response.setStatus(status);
    model.addAttribute("page", page.apply(shown(standing(article), wanted(form.value("language"))),
        form.withErrors(errors)));
    return template;
  }

  private static final String TOMBSTONE = "publishing/tombstone";

  /** For a withdrawn article: 410 Gone and the tombstone as the page; false for one that stands. */
  private boolean tombstone(UUID article, HttpServletResponse response, Model model) {
    var withdrawal = articles.withdrawal(article);
    if (withdrawal.isEmpty()) {
      return false;
    }
    response.setStatus(HttpServletResponse.SC_GONE);
    model.addAttribute("page", new TombstonePage(withdrawal.get()));
    return true;
  }

  /** The article's language versions; 404 for an article that does not exist. */
  private List<ArticleVersion> standing(UUID article) {
    List<ArticleVersion> versions = articles.versions(article);
    if (versions.isEmpty()) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
    return versions;
  }

  private static ArticleVersion shown(List<ArticleVersion> versions, String language) {
    return versions.stream().filter(v -> v.language().equals(language)).findFirst().orElse(versions.get(0));
  }

  /** The language asked for in the address, otherwise the reader's own. */
  private static String wanted(String lang) {
    if (Articles.LANGUAGES.contains(lang)) {
      return lang;
    }
    String reader = LocaleContextHolder.getLocale().getLanguage();
    return Articles.LANGUAGES.contains(reader) ? reader : "en";
  }

  /**
   * An Atom feed (RFC 4287) of the newest articles in one language: {@code published} is the first
   * publication, {@code updated} the latest revision (a correction). Withdrawn articles leave the feed as
   * Atom tombstones (RFC 6721 {@code deleted-entry}, with the reason in the feed's language and a link to
   * the tombstone page), so a reader that kept a copy learns to remove it.
   */
  @GetMapping(value = "/articles/feed.atom")
  ResponseEntity<String> feed(@RequestParam(defaultValue = "en") String lang) throws XMLStreamException {
    String language = Articles.LANGUAGES.contains(lang) ? lang : "en";
    Locale locale = Locale.forLanguageTag(language);
    List<ArticleVersion> newest = articles.newest(language);
    List<Withdrawal> withdrawn = articles.withdrawals(language);
    Instant updated = Stream.concat(newest.stream().map(ArticleVersion::publishedAt), withdrawn.stream().map(Withdrawal::at))
        .max(Comparator.naturalOrder()).orElse(Instant.EPOCH);
    StringWriter out = new StringWriter();
    XMLStreamWriter xml = XMLOutputFactory.newInstance().createXMLStreamWriter(out);
    xml.writeStartDocument("UTF-8", "1.0");
    xml.writeStartElement("feed");
    xml.writeDefaultNamespace(ATOM);
    xml.writeNamespace("at", TOMBSTONES);
    xml.writeAttribute("xml:lang", language);
    element(xml, "title", organisation.profile().map(p -> "ar".equals(language) ? p.nameAr() : p.nameEn()).orElse("Commune"));
    element(xml, "id", publicUrl + "/articles/feed.atom?lang=" + language);
    element(xml, "updated", updated.toString());
    xml.writeEmptyElement("link");
    xml.writeAttribute("rel", "self");
    xml.writeAttribute("href", publicUrl + "/articles/feed.atom?lang=" + language);
    for (ArticleVersion v : newest) {
      String link = publicUrl + "/articles/" + v.article() + "?lang=" + language;
      xml.writeStartElement("entry");
      element(xml, "title", v.title());
      element(xml, "id", entryId(v.article(), language));
      element(xml, "published", v.firstPublishedAt().toString());
      element(xml, "updated", v.publishedAt().toString());
      xml.writeEmptyElement("link");
      xml.writeAttribute("href", link);
      xml.writeStartElement("author");
      element(xml, "name", v.authorName());
      xml.writeEndElement();
      if (v.corrected()) {
        element(xml, "summary", messages.getMessage("articles.corrected.feed", new Object[] {
            messages.getMessage("articles.correction.reason." + v.correctionReason().code(), null, locale),
            v.correctionNote()}, locale));
      }
      element(xml, "content", v.body());
      if (v.aiAssisted()) {
        xml.writeEmptyElement("category");
        xml.writeAttribute("scheme", "http://cv.iptc.org/newscodes/digitalsourcetype/");
        xml.writeAttribute("term", v.sourceType());
      }
      xml.writeEndElement();
    }
    for (Withdrawal w : withdrawn) {
      xml.writeStartElement("at", "deleted-entry", TOMBSTONES);
      xml.writeAttribute("ref", entryId(w.article(), language));
      xml.writeAttribute("when", w.at().toString());
      xml.writeEmptyElement("link");
      xml.writeAttribute("href", publicUrl + "/articles/" + w.article());
      xml.writeStartElement("at", "comment", TOMBSTONES);
      xml.writeCharacters(messages.getMessage("articles.withdrawal.reason." + w.reason().code(), null, locale));
      xml.writeEndElement();
      xml.writeEndElement();
    }
    xml.writeEndElement();
    xml.writeEndDocument();
    xml.close();
    return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/atom+xml;charset=UTF-8"))
        .body(out.toString());
  }

  private static final String ATOM = "http://www.w3.org/2005/Atom";
  /** RFC 6721, The Atom "deleted-entry" Element. */
  private static final String TOMBSTONES = "http://purl.org/atompub/tombstones/1.0";

  private static String entryId(UUID article, String language) {
    return "urn:uuid:" + article + ":" + language;
  }

  private static void element(XMLStreamWriter xml, String name, String text) throws XMLStreamException {
    xml.writeStartElement(name);
    xml.writeCharacters(text);
    xml.writeEndElement();
  }

  /** schema.org JSON-LD with the IPTC digital source type; "<" is escaped so the text cannot end the script element. */
  private String jsonLd(ArticleVersion v) {
    Map<String, Object> ld = new LinkedHashMap<>();
    ld.put("@context", "https://schema.org");
    ld.put("@type", "Article");
    ld.put("headline", v.title());
    ld.put("inLanguage", v.language());
    ld.put("datePublished", v.firstPublishedAt().toString());
    ld.put("dateModified", v.publishedAt().toString());
    ld.put("author", Map.of("@type", "Person", "name", v.authorName()));
    ld.put("url", publicUrl + "/articles/" + v.article() + "?lang=" + v.language());
    if (v.aiAssisted()) {
      ld.put("digitalSourceType", v.digitalSourceTypeUri());
      ld.put("editor", Map.of("@type", "Person", "name", v.reviewerName()));
      ld.put("contributor", Map.of("@type", "SoftwareApplication", "name", String.valueOf(v.aiModel())));
    }
    if (v.corrected()) {
      ld.put("correction", Map.of("@type", "CorrectionComment", "text", v.correctionNote(),
          "datePublished", String.valueOf(v.correctedAt())));
    }
    return Json.MAPPER.writeValueAsString(ld).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
  }

  private static UUID uuid(String id) {
    try {
      return UUID.fromString(id);
    } catch (IllegalArgumentException e) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
  }
}
