package org.commune.federation.activity.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.commune.federation.FederationSettings;
import org.commune.federation.FederationUrls;
import org.commune.federation.activity.ActivityDocuments;
import org.commune.federation.delivery.DeliveryRepository;
import org.commune.publishing.Announcement;
import org.commune.publishing.Announcements;
import org.commune.publishing.ArticleVersion;
import org.commune.publishing.Articles;
import org.commune.web.DefaultLanguage;
import org.commune.web.Json;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The organisation's public objects as ActivityStreams JSON: the same addresses as the public pages, chosen
 * by the Accept header (browsers still get publishing's HTML, which maps the same paths without a
 * {@code produces}); the activities it sent (public ones only: an Accept names a follower); and the outbox.
 * A withdrawn object answers 410 Gone with its Tombstone, as Mastodon expects.
 */
@RestController
class FederatedObjectsController {

  static final int OUTBOX_PAGE = 20;
  private static final MediaType ACTIVITY = MediaType.parseMediaType(FederationUrls.ACTIVITY_JSON);

  private final Articles articles;
  private final Announcements announcements;
  private final ActivityDocuments documents;
  private final DeliveryRepository stored;
  private final FederationUrls urls;
  private final FederationSettings settings;
  private final DefaultLanguage defaultLanguage;

  FederatedObjectsController(Articles articles, Announcements announcements, ActivityDocuments documents,
      DeliveryRepository stored, FederationUrls urls, FederationSettings settings, DefaultLanguage defaultLanguage) {
    this.articles = articles;
    this.announcements = announcements;
    this.documents = documents;
    this.stored = stored;
    this.urls = urls;
    this.settings = settings;
    this.defaultLanguage = defaultLanguage;
  }

  @GetMapping(value = "/articles/{id}", produces = {FederationUrls.ACTIVITY_JSON, "application/ld+json"})
  ResponseEntity<String> article(@PathVariable String id) {
    Optional<UUID> article = uuid(id);
    if (article.isEmpty()) {
      return notFound();
    }
    var withdrawal = articles.withdrawal(article.get());
    if (withdrawal.isPresent()) {
      return json(HttpStatus.GONE, documents.tombstone(urls.article(article.get()), "Article", withdrawal.get().at()));
    }
    List<ArticleVersion> versions = articles.versions(article.get());
    return versions.isEmpty() ? notFound() : json(HttpStatus.OK, documents.article(versions, defaultLanguage.get()));
  }

  @GetMapping(value = "/announcements/{id}", produces = {FederationUrls.ACTIVITY_JSON, "application/ld+json"})
  ResponseEntity<String> announcement(@PathVariable String id) {
    Optional<Announcement> found = uuid(id).flatMap(announcements::find);
    if (found.isEmpty()) {
      return notFound();
    }
    Announcement a = found.get();
    return a.withdrawn() ? json(HttpStatus.GONE, documents.tombstone(urls.announcement(a.id()), "Note", a.withdrawnAt()))
        : json(HttpStatus.OK, documents.announcement(a));
  }

  /** A public activity the organisation sent, as it was sent. */
  @GetMapping("/activities/{id}")
  ResponseEntity<String> activity(@PathVariable String id) {
    return uuid(id).flatMap(stored::activity).filter(DeliveryRepository.StoredActivity::isPublic)
        .map(a -> raw(HttpStatus.OK, a.json())).orElseGet(FederatedObjectsController::notFound);
  }

  /** A Note with no page of its own (a vote's result): its newest version, or its Tombstone. */
  @GetMapping("/notes/{id}")
  ResponseEntity<String> note(@PathVariable String id) {
    if (uuid(id).isEmpty()) {
      return notFound();
    }
    String note = urls.note(uuid(id).get());
    return stored.latestAbout(note, List.of("Create", "Update", "Delete")).filter(DeliveryRepository.StoredActivity::isPublic)
        .filter(a -> Json.MAPPER.readTree(a.json()).path("object").isObject())
        .map(a -> {
          ObjectNode shown = ((ObjectNode) Json.MAPPER.readTree(a.json()).get("object")).deepCopy();
          shown.put("@context", ActivityDocuments.CONTEXT);
          return raw(a.type().equals("Delete") ? HttpStatus.GONE : HttpStatus.OK, Json.MAPPER.writeValueAsString(shown));
        }).orElseGet(FederatedObjectsController::notFound);
  }

  /**
   * The outbox: an OrderedCollection of the Create activities whose object still stands, newest first, in
   * pages of {@value #OUTBOX_PAGE}; each carries its object's newest version (after Updates).
   */
  @GetMapping("/actors/{handle}/outbox")
  ResponseEntity<String> outbox(@PathVariable String handle, @RequestParam(required = false) String page) {
    if (!handle.equals(settings.handle())) {
      return notFound();
    }
    long total = stored.countCurrentCreates();
    Map<String, Object> collection = new LinkedHashMap<>();
    collection.put("@context", ActivityDocuments.CONTEXT);
    if (page == null) {
      collection.put("id", urls.outbox());
      collection.put("type", "OrderedCollection");
      collection.put("totalItems", total);
      collection.put("first", urls.outbox() + "?page=1");
      collection.put("last", urls.outbox() + "?page=" + Math.max(1, (total + OUTBOX_PAGE - 1) / OUTBOX_PAGE));
      return json(HttpStatus.OK, collection);
    }
    if (!page.matches("[1-9][0-9]{0,6}")) {
      return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN).body("page: a number from 1");
    }
    int number = Integer.parseInt(page);
    List<Object> items = new ArrayList<>();
    for (DeliveryRepository.StoredActivity create : stored.currentCreates((number - 1) * OUTBOX_PAGE, OUTBOX_PAGE)) {
      ObjectNode item = (ObjectNode) Json.MAPPER.readTree(create.json());
      item.remove("@context");
      stored.latestAbout(create.objectId(), List.of("Update")).map(u -> Json.MAPPER.readTree(u.json()).get("object")).filter(JsonNode::isObject)
          .ifPresent(newest -> item.set("object", newest));
      items.add(item);
    }
    collection.put("id", urls.outbox() + "?page=" + number);
    collection.put("type", "OrderedCollectionPage");
    collection.put("partOf", urls.outbox());
    collection.put("totalItems", total);
    if (number > 1) {
      collection.put("prev", urls.outbox() + "?page=" + (number - 1));
    }
    if ((long) number * OUTBOX_PAGE < total) {
      collection.put("next", urls.outbox() + "?page=" + (number + 1));
    }
    collection.put("orderedItems", items);
    return json(HttpStatus.OK, collection);
  }

  private static ResponseEntity<String> json(HttpStatus status, Map<String, Object> document) {
    return raw(status, Json.MAPPER.writeValueAsString(document));
  }

  private static ResponseEntity<String> raw(HttpStatus status, String json) {
    return ResponseEntity.status(status).contentType(ACTIVITY).header(HttpHeaders.VARY, HttpHeaders.ACCEPT).body(json);
  }

  private static ResponseEntity<String> notFound() {
    return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(ACTIVITY).body("{\"error\":\"not_found\"}");
  }

  private static Optional<UUID> uuid(String id) {
    try {
      return Optional.of(UUID.fromString(id));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
