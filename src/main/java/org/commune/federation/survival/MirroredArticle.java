package org.commune.federation.survival;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.commune.web.Json;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An ally's article as its signed item says, type-checked field by field: a standing article with its
 * language versions and every revision, or a tombstone. {@link #parse} refuses anything else.
 */
public record MirroredArticle(UUID id, String origin, @Nullable Tombstone withdrawn, List<Language> languages) {

  public record Tombstone(String reason, Instant at) {}

  public record Language(String language, List<Revision> revisions) {
    /** The current text: the last revision. */
    public Revision current() {
      return revisions.get(revisions.size() - 1);
    }

    public String dir() {
      return "ar".equals(language) ? "rtl" : "ltr";
    }
  }

  public record Revision(int revision, String title, String body, String sourceType, Instant publishedAt,
      @Nullable String aiModel, @Nullable Instant reviewedAt, @Nullable String correctionReason,
      @Nullable String correctionNote) {
    public boolean aiAssisted() {
      return !"human".equals(sourceType);
    }
  }

  private static final Set<String> LANGUAGES = Set.of("en", "ar");
  private static final Set<String> SOURCE_TYPES =
      Set.of("human", "trainedAlgorithmicMedia", "compositeWithTrainedAlgorithmicMedia");
  private static final Set<String> ITEM_KEYS = Set.of("id", "origin", "withdrawn", "languages");

  public String title() {
    return languages.isEmpty() ? "" : languages.get(0).current().title();
  }

  /** Parses a canonical item; throws IllegalArgumentException for anything that is not exactly an item. */
  public static MirroredArticle parse(String canonical) {
    JsonNode item = Json.MAPPER.readTree(canonical);
    if (!item.isObject()) {
      throw new IllegalArgumentException("not an object");
    }
    item.propertyNames().forEach(key -> {
      if (!ITEM_KEYS.contains(key)) {
        throw new IllegalArgumentException("unexpected field " + key);
      }
    });
    UUID id = UUID.fromString(text(item, "id", 36));
    String origin = text(item, "origin", 2048);
    Tombstone withdrawn = null;
    if (item.has("withdrawn")) {
      JsonNode w = item.path("withdrawn");
      withdrawn = new Tombstone(code(w, "reason"), time(w, "at"));
    }
    List<Language> languages = new ArrayList<>();
    JsonNode all = item.path("languages");
    if (!all.isArray() || all.size() > LANGUAGES.size()) {
      throw new IllegalArgumentException("languages is not a list of at most two");
    }
    for (JsonNode l : all) {
      String language = text(l, "language", 2);
      if (!LANGUAGES.contains(language) || !l.path("revisions").isArray() || l.path("revisions").isEmpty()) {
        throw new IllegalArgumentException("bad language version");
      }
      List<Revision> revisions = new ArrayList<>();
      for (JsonNode r : l.path("revisions")) {
        if (!r.path("revision").isIntegralNumber() || r.path("revision").asInt() != revisions.size() + 1) {
          throw new IllegalArgumentException("revisions are not numbered 1, 2, …");
        }
        String source = text(r, "sourceType", 40);
        if (!SOURCE_TYPES.contains(source)) {
          throw new IllegalArgumentException("unknown source type");
        }
        revisions.add(new Revision(r.path("revision").asInt(), text(r, "title", 200), text(r, "body", 50_000), source,
            time(r, "publishedAt"), r.has("aiModel") ? text(r, "aiModel", 100) : null,
            r.has("reviewedAt") ? time(r, "reviewedAt") : null,
            r.has("correctionReason") ? code(r, "correctionReason") : null,
            r.has("correctionNote") ? text(r, "correctionNote", 500) : null));
      }
      languages.add(new Language(language, List.copyOf(revisions)));
    }
    if ((withdrawn == null) == languages.isEmpty()) {
      throw new IllegalArgumentException("an item is either standing with text or withdrawn without");
    }
    return new MirroredArticle(id, origin, withdrawn, List.copyOf(languages));
  }

  private static String text(JsonNode node, String field, int max) {
    JsonNode value = node.path(field);
    if (!value.isString() || value.asString().length() > max) {
      throw new IllegalArgumentException(field + " is not a text of at most " + max);
    }
    return value.asString();
  }

  private static String code(JsonNode node, String field) {
    String code = text(node, field, 20);
    if (!code.matches("[a-z]{1,20}")) {
      throw new IllegalArgumentException(field + " is not a code");
    }
    return code;
  }

  private static Instant time(JsonNode node, String field) {
    if (!node.path(field).isIntegralNumber()) {
      throw new IllegalArgumentException(field + " is not a time");
    }
    return Instant.ofEpochSecond(node.path(field).asLong());
  }
}
