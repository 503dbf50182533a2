package org.commune.federation.archive;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import org.commune.federation.FederationSettings;
import org.commune.federation.FederationUrls;
import org.commune.federation.http.ActorKeys;
import org.commune.federation.move.Moving;
import org.commune.members.Organisation;
import org.commune.members.OrganisationProfile;
import org.commune.publishing.ArticleVersion;
import org.commune.publishing.Articles;
import org.commune.publishing.Withdrawal;
import org.commune.transparency.Checkpoint;
import org.commune.transparency.LogLeaf;
import org.commune.transparency.TransparencyLog;
import org.commune.web.Json;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * Gathers everything the organisation has made public into an archive: articles (every language, every
 * revision, provenance, withdrawals as tombstones without their text), the whole log with its key, and the
 * organisation's public profile and actor document. Members' names are left out: the archive is for anyone
 * to re-host, and the public facts of the log already carry pseudonyms only.
 */
@Component
public class ArchiveContents {

  private final Articles articles;
  private final TransparencyLog log;
  private final ActorKeys actorKeys;
  private final FederationUrls urls;
  private final FederationSettings settings;
  private final Organisation organisation;
  private final Moving moving;
  private final Clock clock;

  ArchiveContents(Articles articles, TransparencyLog log, ActorKeys actorKeys, FederationUrls urls,
      FederationSettings settings, Organisation organisation, Moving moving, Clock clock) {
    this.articles = articles;
    this.log = log;
    this.actorKeys = actorKeys;
    this.urls = urls;
    this.settings = settings;
    this.organisation = organisation;
    this.moving = moving;
    this.clock = clock;
  }

  /** Writes the signed archive; returns how many articles it holds. */
  public int write(OutputStream out) throws IOException {
    SortedMap<String, byte[]> files = new TreeMap<>();
    int count = 0;
    for (UUID id : articles.ids()) {
      Optional<Withdrawal> withdrawal = articles.withdrawal(id);
      List<ArticleVersion> current = withdrawal.isPresent() ? List.of() : articles.versions(id);
      if (withdrawal.isEmpty() && current.isEmpty()) {
        continue; // an article with no published language yet
      }
      files.put(Archive.ARTICLES + id + ".json", Json.MAPPER.writerWithDefaultPrettyPrinter()
          .writeValueAsBytes(article(id, current, withdrawal.isPresent() ? List.of() : articles.history(id),
              withdrawal.orElse(null))));
      count++;
    }
    // One snapshot of the log: the checkpoints up to the latest, the entries it covers.
    Optional<Checkpoint> latest = log.latestCheckpoint();
    long size = latest.map(Checkpoint::treeSize).orElse(0L);
    List<LogLeaf> leaves = new ArrayList<>();
    while (leaves.size() < size) {
      List<LogLeaf> page = log.leaves(leaves.size(), (int) Math.min(TransparencyLog.MAX_PAGE, size - leaves.size()));
      if (page.isEmpty()) {
        break;
      }
      leaves.addAll(page);
    }
    List<Checkpoint> checkpoints = new ArrayList<>();
    long from = 1;
    while (from <= size) {
      List<Checkpoint> page = log.checkpoints(from, TransparencyLog.MAX_PAGE);
      page.stream().filter(c -> c.treeSize() <= size).forEach(checkpoints::add);
      if (page.isEmpty() || page.get(page.size() - 1).treeSize() >= size) {
        break;
      }
      from = page.get(page.size() - 1).treeSize() + 1;
    }
    byte[] logKey = log.publicKey();
    files.put(Archive.LOG_KEY, LogFiles.key(logKey));
    files.put(Archive.LOG_ENTRIES, LogFiles.entries(leaves));
    files.put(Archive.LOG_CHECKPOINTS, LogFiles.checkpoints(checkpoints));
    files.put(Archive.ORGANISATION, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(profile()));
    files.put(Archive.ACTOR, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(actor()));
    Manifest manifest = Archive.manifest(settings.publicUrl(), urls.actor(), clock.instant(), actorKeys.publicKey(),
        logKey, files);
    Archive.write(out, manifest, files, actorKeys.privateKey());
    return count;
  }

  private Map<String, Object> profile() {
    Map<String, Object> json = new LinkedHashMap<>();
    Optional<OrganisationProfile> profile = organisation.profile();
    json.put("nameEn", profile.map(OrganisationProfile::nameEn).orElse(""));
    json.put("nameAr", profile.map(OrganisationProfile::nameAr).orElse(""));
    json.put("defaultLanguage", profile.map(OrganisationProfile::defaultLanguage).orElse("en"));
    json.put("url", settings.publicUrl());
    json.put("actor", urls.actor());
    return json;
  }

  /** The organisation's actor as other servers read it (the protocol's document may say more; this is its core). */
  private Map<String, Object> actor() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("@context", List.of("https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"));
    json.put("id", urls.actor());
    json.put("type", "Organization");
    json.put("preferredUsername", settings.handle());
    json.put("name", organisation.profile().map(p -> p.name(p.defaultLanguage())).orElse(""));
    json.put("url", settings.publicUrl());
    json.put("inbox", urls.inbox());
    json.put("outbox", urls.outbox());
    json.put("followers", urls.followers());
    json.put("publicKey", Map.of("id", urls.keyId(), "owner", urls.actor(), "publicKeyPem", actorKeys.publicKeyPem()));
    json.put("alsoKnownAs", moving.aliases());
    moving.movedTo().ifPresent(to -> json.put("movedTo", to));
    return json;
  }

  private Map<String, Object> article(UUID id, List<ArticleVersion> current, List<ArticleVersion> history,
      @Nullable Withdrawal withdrawal) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("id", id.toString());
    json.put("url", urls.article(id));
    if (withdrawal != null) {
      Map<String, Object> tombstone = new LinkedHashMap<>();
      tombstone.put("reason", withdrawal.reason().code());
      tombstone.put("note", withdrawal.note());
      tombstone.put("at", withdrawal.at().toString());
      json.put("withdrawn", tombstone);
    }
    Map<String, Object> languages = new LinkedHashMap<>();
    for (ArticleVersion version : current) {
      Map<String, Object> language = new LinkedHashMap<>();
      language.put("current", version(version));
      language.put("revisions", history.stream().filter(v -> v.language().equals(version.language()))
          .map(ArchiveContents::version).toList());
      languages.put(version.language(), language);
    }
    json.put("languages", languages);
    return json;
  }

  /** One version with its provenance; who wrote or reviewed it stays with the organisation. */
  private static Map<String, Object> version(ArticleVersion v) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("language", v.language());
    json.put("revision", v.revision());
    json.put("title", v.title());
    json.put("body", v.body());
    json.put("publishedAt", v.publishedAt().toString());
    json.put("firstPublishedAt", v.firstPublishedAt().toString());
    json.put("sourceType", v.sourceType());
    json.put("digitalSourceType", v.digitalSourceTypeUri());
    json.put("aiModel", v.aiModel());
    json.put("reviewedAt", instant(v.reviewedAt()));
    json.put("correctionReason", v.correctionReason() == null ? null : v.correctionReason().code());
    json.put("correctionNote", v.correctionNote());
    json.put("correctedAt", instant(v.correctedAt()));
    return json;
  }

  private static @Nullable String instant(@Nullable Instant at) {
    return at == null ? null : at.toString();
  }
}
