package org.commune.federation.survival;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.commune.federation.FederationUrls;
import org.commune.federation.http.ActorKeys;
import org.commune.publishing.ArticleVersion;
import org.commune.publishing.Articles;
import org.commune.publishing.Withdrawal;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/**
 * The origin side of mirroring: this Commune's published articles as signed items, every language and
 * every revision with its provenance label (never who wrote or reviewed it: those are members' names),
 * and withdrawn articles as tombstones that carry no text.
 */
@Service
public class MirrorExport {

  public static final int MAX_COUNT = 20;

  private final Articles articles;
  private final ActorKeys keys;
  private final FederationUrls urls;

  MirrorExport(Articles articles, ActorKeys keys, FederationUrls urls) {
    this.articles = articles;
    this.keys = keys;
    this.urls = urls;
  }

  /** One signed item: the canonical JSON and its base64 signature. */
  public record Item(String canonical, String signature) {}

  /** A page of items after the given article (in first-published order), and the cursor for the next page. */
  public record Page(List<Item> items, @Nullable UUID next) {}

  public Page page(@Nullable UUID after, int count) {
    List<UUID> ids = articles.ids();
    int from = after == null ? 0 : ids.indexOf(after) + 1;
    if (after != null && from == 0) {
      return new Page(List.of(), null);
    }
    int to = Math.min(ids.size(), from + Math.clamp(count, 1, MAX_COUNT));
    List<Item> items = new ArrayList<>();
    for (UUID id : ids.subList(from, to)) {
      item(id).ifPresent(items::add);
    }
    return new Page(items, to < ids.size() ? ids.get(to - 1) : null);
  }

  Optional<Item> item(UUID id) {
    Map<String, Object> item = new TreeMap<>();
    item.put("id", id.toString());
    item.put("origin", urls.base());
    Optional<Withdrawal> withdrawal = articles.withdrawal(id);
    List<Map<String, Object>> languages = new ArrayList<>();
    if (withdrawal.isPresent()) {
      item.put("withdrawn", Map.of("reason", withdrawal.get().reason().code(),
          "at", withdrawal.get().at().getEpochSecond()));
    } else {
      Map<String, List<Map<String, Object>>> byLanguage = new TreeMap<>();
      for (ArticleVersion revision : articles.history(id)) {
        byLanguage.computeIfAbsent(revision.language(), l -> new ArrayList<>()).add(revision(revision));
      }
      if (byLanguage.isEmpty()) {
        return Optional.empty();
      }
      byLanguage.forEach((language, revisions) -> languages.add(Map.of("language", language, "revisions", revisions)));
    }
    item.put("languages", languages);
    String canonical = SignedItems.canonical(item);
    return Optional.of(new Item(canonical, SignedItems.sign(canonical, keys.privateKey())));
  }

  private static Map<String, Object> revision(ArticleVersion v) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("revision", v.revision());
    r.put("title", v.title());
    r.put("body", v.body());
    r.put("sourceType", v.sourceType());
    r.put("publishedAt", v.publishedAt().getEpochSecond());
    if (v.aiModel() != null) {
      r.put("aiModel", v.aiModel());
    }
    if (v.reviewedAt() != null) {
      r.put("reviewedAt", v.reviewedAt().getEpochSecond());
    }
    if (v.correctionReason() != null) {
      r.put("correctionReason", v.correctionReason().code());
      r.put("correctionNote", v.correctionNote());
    }
    return r;
  }
}
