package org.commune.publishing.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.commune.members.InvalidInput;
import org.commune.members.MemberPrincipal;
import org.commune.members.Organisation;
import org.commune.publishing.ArticleVersion;
import org.commune.publishing.Articles;
import org.commune.web.Form;
import org.commune.web.Json;
import org.springframework.beans.factory.annotation.Value;
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

/** The public site of published articles, their Atom feeds, and (for moderators) writing one. */
@Controller
class ArticlesController {

  private final Articles articles;
  private final Organisation organisation;
  private final String publicUrl;

  ArticlesController(Articles articles, Organisation organisation, @Value("${commune.public-url}") String publicUrl) {
    this.articles = articles;
    this.organisation = organisation;
    this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
  }

  @GetMapping("/articles")
  String list(@RequestParam(defaultValue = "") String lang, Model model) {
    String language = Articles.LANGUAGES.contains(lang) ? lang : "en";
    model.addAttribute("page", new ArticlesPage(language, articles.newest(language)));
    return "publishing/list";
  }

  @GetMapping("/articles/{id}")
  String show(@PathVariable String id, @RequestParam(defaultValue = "") String lang, Model model) {
    UUID article = uuid(id);
    List<ArticleVersion> versions = articles.versions(article);
    if (versions.isEmpty()) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
    ArticleVersion shown = versions.stream().filter(v -> v.language().equals(lang)).findFirst().orElse(versions.get(0));
    model.addAttribute("page", new ArticlePage(shown, versions.stream().map(ArticleVersion::language).toList(),
        jsonLd(shown), articles.related(shown, 3)));
    return "publishing/article";
  }

  /** Every revision of one language version, newest first: nothing published is ever silently replaced. */
  @GetMapping("/articles/{id}/history")
  String history(@PathVariable String id, @RequestParam(defaultValue = "") String lang, Model model) {
    UUID article = uuid(id);
    List<ArticleVersion> versions = articles.versions(article);
    if (versions.isEmpty()) {
      throw new ResponseStatusException(HttpStatus.NOT_FOUND);
    }
    ArticleVersion shown = versions.stream().filter(v -> v.language().equals(lang)).findFirst().orElse(versions.get(0));
    List<ArticleVersion> revisions = new ArrayList<>(articles.history(article).stream()
        .filter(v -> v.language().equals(shown.language())).toList());
    Collections.reverse(revisions);
    model.addAttribute("page", new ArticleHistoryPage(shown, revisions));
    return "publishing/history";
  }

  @GetMapping("/articles/new")
  String form(Model model) {
    model.addAttribute("page", new ArticleFormPage(Form.of(Map.of("language", "en"))));
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

  /** An Atom feed (RFC 4287) of the newest articles in one language. */
  @GetMapping(value = "/articles/feed.atom")
  ResponseEntity<String> feed(@RequestParam(defaultValue = "en") String lang) throws XMLStreamException {
    String language = Articles.LANGUAGES.contains(lang) ? lang : "en";
    List<ArticleVersion> newest = articles.newest(language);
    StringWriter out = new StringWriter();
    XMLStreamWriter xml = XMLOutputFactory.newInstance().createXMLStreamWriter(out);
    xml.writeStartDocument("UTF-8", "1.0");
    xml.writeStartElement("feed");
    xml.writeDefaultNamespace("http://www.w3.org/2005/Atom");
    xml.writeAttribute("xml:lang", language);
    element(xml, "title", organisation.profile().map(p -> "ar".equals(language) ? p.nameAr() : p.nameEn()).orElse("Commune"));
    element(xml, "id", publicUrl + "/articles/feed.atom?lang=" + language);
    element(xml, "updated", newest.isEmpty() ? "1970-01-01T00:00:00Z" : newest.get(0).publishedAt().toString());
    xml.writeEmptyElement("link");
    xml.writeAttribute("rel", "self");
    xml.writeAttribute("href", publicUrl + "/articles/feed.atom?lang=" + language);
    for (ArticleVersion v : newest) {
      String link = publicUrl + "/articles/" + v.article() + "?lang=" + language;
      xml.writeStartElement("entry");
      element(xml, "title", v.title());
      element(xml, "id", "urn:uuid:" + v.article() + ":" + language);
      element(xml, "updated", v.publishedAt().toString());
      xml.writeEmptyElement("link");
      xml.writeAttribute("href", link);
      xml.writeStartElement("author");
      element(xml, "name", v.authorName());
      xml.writeEndElement();
      element(xml, "content", v.body());
      if (v.aiAssisted()) {
        xml.writeEmptyElement("category");
        xml.writeAttribute("scheme", "http://cv.iptc.org/newscodes/digitalsourcetype/");
        xml.writeAttribute("term", v.sourceType());
      }
      xml.writeEndElement();
    }
    xml.writeEndElement();
    xml.writeEndDocument();
    xml.close();
    return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/atom+xml;charset=UTF-8"))
        .body(out.toString());
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
    ld.put("datePublished", v.publishedAt().toString());
    ld.put("author", Map.of("@type", "Person", "name", v.authorName()));
    ld.put("url", publicUrl + "/articles/" + v.article() + "?lang=" + v.language());
    if (v.aiAssisted()) {
      ld.put("digitalSourceType", v.digitalSourceTypeUri());
      ld.put("editor", Map.of("@type", "Person", "name", v.reviewerName()));
      ld.put("contributor", Map.of("@type", "SoftwareApplication", "name", String.valueOf(v.aiModel())));
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
