package org.commune.federation.survival;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import org.commune.federation.FederationSettings;
import org.commune.federation.http.OutboundHttp;
import org.commune.transparency.Checkpoint;
import org.commune.transparency.Cosignature;
import org.commune.transparency.LogLeaf;
import org.commune.transparency.LogTree;
import org.commune.transparency.LogVerifier;
import org.commune.transparency.Tampering;
import org.commune.transparency.TransparencyLog;
import org.commune.transparency.VerificationReport;
import org.commune.web.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Keeps each ally's mirror and witnesses its log. One sync: the signed articles (each verified against the
 * pinned actor key; refused ones are counted, never stored), then the whole log verified against the
 * pinned log key and against what this mirror stored and cosigned before; only then are new entries and
 * checkpoints stored and the latest checkpoint cosigned and sent to the ally. A log that does not verify
 * or does not extend what was cosigned raises an alert that keeps both checkpoints; nothing stored is
 * overwritten.
 */
@Service
public class MirrorSync {

  private static final Logger LOG = LoggerFactory.getLogger(MirrorSync.class);
  private static final int MAX_PAGES = 10_000;
  static final int PROOF_SAMPLES = 50;

  private final AllyRepository allies;
  private final MirrorRepository mirror;
  private final WitnessRepository witness;
  private final OutboundHttp http;
  private final TransparencyLog log;
  private final FederationSettings settings;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  /** The alert and its public fact commit together (the log appends facts after a commit). */
  private final TransactionTemplate transaction;

  MirrorSync(AllyRepository allies, MirrorRepository mirror, WitnessRepository witness, OutboundHttp http,
      TransparencyLog log, FederationSettings settings, ApplicationEventPublisher events, Clock clock,
      PlatformTransactionManager transactions) {
    this.transaction = new TransactionTemplate(transactions);
    this.allies = allies;
    this.mirror = mirror;
    this.witness = witness;
    this.http = http;
    this.log = log;
    this.settings = settings;
    this.events = events;
    this.clock = clock;
  }

  /** What one sync did. {@code status}: "ok" or the code of the step that stopped it. */
  public record Result(String status, int articlesStored, int articlesRefused, long logSize, boolean cosigned) {}

  @Scheduled(fixedDelayString = "${commune.federation.mirror-sync-interval:PT1H}",
      initialDelayString = "${commune.federation.mirror-sync-first:PT2M}")
  void syncAll() {
    for (Ally ally : allies.all()) {
      if (ally.active()) {
        Result result = sync(ally.host());
        LOG.info("Mirror of {}: {}", ally.host(), result.status());
      }
    }
  }

  /** Syncs one ally now (the stewards' "sync now" and the schedule). */
  public Result sync(String host) {
    Optional<Ally> found = allies.find(host).filter(Ally::active);
    if (found.isEmpty()) {
      return new Result("not-ally", 0, 0, 0, false);
    }
    synchronized (locks.computeIfAbsent(host, h -> new Object())) {
      Ally ally = found.get();
      int[] articles = {0, 0};
      try {
        syncArticles(ally, articles);
        long size = syncLog(ally);
        boolean cosigned = witness(ally);
        allies.synced(host, articles[1] > 0 ? "articles-refused" : "ok", clock.instant(), articles[1] == 0);
        return new Result(articles[1] > 0 ? "articles-refused" : "ok", articles[0], articles[1], size, cosigned);
      } catch (SyncFailed failed) {
        allies.synced(host, failed.code, clock.instant(), false);
        return new Result(failed.code, articles[0], articles[1], mirror.logSize(host), false);
      }
    }
  }

  private void syncArticles(Ally ally, int[] counts) {
    String after = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      JsonNode answer = getJson(ally, "/api/mirror/articles?count=" + MirrorExport.MAX_COUNT
          + (after == null ? "" : "&after=" + after));
      JsonNode items = answer.path("items");
      if (!items.isArray()) {
        throw new SyncFailed("articles-malformed", "items is not a list");
      }
      for (JsonNode entry : items) {
        if (store(ally, entry)) {
          counts[0]++;
        } else {
          counts[1]++;
        }
      }
      JsonNode next = answer.path("next");
      if (!next.isString()) {
        return;
      }
      try {
        after = UUID.fromString(next.asString()).toString();
      } catch (IllegalArgumentException e) {
        throw new SyncFailed("articles-malformed", "next is not an article id");
      }
    }
  }

  /** Stores one item if its signature is the pinned key's and it is a well-formed article of this ally. */
  private boolean store(Ally ally, JsonNode entry) {
    JsonNode item = entry.path("item");
    JsonNode signature = entry.path("signature");
    if (!item.isObject() || !signature.isString()) {
      return false;
    }
    String canonical;
    MirroredArticle article;
    try {
      canonical = SignedItems.canonical(Json.MAPPER.writeValueAsString(item));
      if (!SignedItems.verify(canonical, signature.asString(), ally.actorPublicKey())) {
        return false;
      }
      article = MirroredArticle.parse(canonical);
    } catch (RuntimeException malformed) {
      return false;
    }
    if (!article.origin().equals(ally.url())) {
      return false; // signed by the ally, but about another origin: not this mirror's to keep
    }
    mirror.putArticle(ally.host(), article.id(), canonical, signature.asString(), article.withdrawn() != null,
        clock.instant());
    return true;
  }

  /**
   * Verifies the ally's whole log against the pinned key, the entries stored before (leaf by leaf) and
   * the last checkpoint cosigned; stores what is new only when everything verified.
   */
  private long syncLog(Ally ally) {
    String host = ally.host();
    List<String> stored = mirror.allLeaves(host);
    LogTree storedTree = LogTree.of(stored);
    List<LogVerifier.Remembered> earlier = new ArrayList<>();
    if (!stored.isEmpty()) {
      earlier.add(new LogVerifier.Remembered(stored.size(), storedTree.rootHash(stored.size()), storedTree.leafHashes()));
    }
    Optional<WitnessRepository.Cosigned> last = witness.lastCosigned(host);
    last.ifPresent(c -> earlier.add(new LogVerifier.Remembered(c.treeSize(), c.rootHash())));
    AllyLogSource source = new AllyLogSource(http, ally.url());
    LogVerifier verifier = new LogVerifier(source, PROOF_SAMPLES);
    VerificationReport report;
    try {
      report = verifier.verifyAgainst(ally.logKey(), earlier);
    } catch (CompletionException e) {
      throw e.getCause() instanceof SyncFailed failed ? failed : new SyncFailed("log-malformed", String.valueOf(e.getMessage()));
    } catch (SyncFailed failed) {
      throw failed;
    } catch (RuntimeException e) {
      throw new SyncFailed("log-malformed", String.valueOf(e.getMessage()));
    }
    if (!report.ok()) {
      raise(ally, report, last, source.latestCheckpointRead());
      throw new SyncFailed("log-refused", report.message());
    }
    Optional<Checkpoint> latest = verifier.verifiedLatest();
    if (latest.isEmpty()) {
      return stored.size();
    }
    long n = latest.get().treeSize();
    List<LogLeaf> fresh = new ArrayList<>(source.entriesRead.subMap((long) stored.size(), n).values());
    // One transaction: a mirror never holds entries without the checkpoints that cover them.
    transaction.executeWithoutResult(status -> {
      mirror.appendLeaves(host, fresh);
      mirror.putCheckpoints(host, source.checkpointsRead.headMap(n, true).values());
    });
    return n;
  }

  /** Keeps the evidence and says so in public: what this witness cosigned and what the ally serves now. */
  private void raise(Ally ally, VerificationReport report, Optional<WitnessRepository.Cosigned> cosigned,
      Optional<Checkpoint> served) {
    Tampering kind = report.kind();
    String code = kind == null ? "log-refused" : kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
    transaction.executeWithoutResult(status -> {
      witness.alert(ally.host(), code, report.message(), cosigned.map(MirrorSync::json).orElse(null),
          served.map(MirrorSync::json).orElse(null), clock.instant());
      events.publishEvent(new WitnessAlerted(UUID.randomUUID(), clock.instant(), ally.host(), code,
          cosigned.map(WitnessRepository.Cosigned::treeSize).orElse(0L)));
    });
  }

  private static String json(WitnessRepository.Cosigned c) {
    return Json.MAPPER.writeValueAsString(Map.of("treeSize", c.treeSize(),
        "rootHash", Base64.getEncoder().encodeToString(c.rootHash()), "cosignedAt", c.time(),
        "signature", Base64.getEncoder().encodeToString(c.signature())));
  }

  private static String json(Checkpoint c) {
    return Json.MAPPER.writeValueAsString(Map.of("treeSize", c.treeSize(),
        "rootHash", Base64.getEncoder().encodeToString(c.rootHash()), "issuedAt", c.issuedAt().getEpochSecond(),
        "signature", Base64.getEncoder().encodeToString(c.signature())));
  }

  /**
   * Cosigns the latest stored checkpoint when it is newer than the last one cosigned (the log was just
   * verified to extend it), keeps the cosignature, and sends it to the ally; an undelivered one is sent again.
   */
  private boolean witness(Ally ally) {
    Optional<Checkpoint> latest = mirror.latestCheckpoint(ally.host());
    if (latest.isEmpty()) {
      return false;
    }
    Optional<WitnessRepository.Cosigned> last = witness.lastCosigned(ally.host());
    boolean fresh = last.isEmpty() || last.get().treeSize() < latest.get().treeSize();
    if (fresh) {
      Cosignature c = log.cosign(ally.logKey(), latest.get().treeSize(), latest.get().rootHash());
      witness.cosigned(ally.host(), c.treeSize(), c.rootHash(), c.time(), c.signature());
    }
    WitnessRepository.Cosigned toSend = witness.lastCosigned(ally.host()).orElseThrow();
    if (!toSend.delivered()) {
      deliver(ally, toSend);
    }
    return fresh;
  }

  private void deliver(Ally ally, WitnessRepository.Cosigned c) {
    Base64.Encoder b64 = Base64.getEncoder();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("witness", settings.publicUrl());
    body.put("witnessKey", b64.encodeToString(log.publicKey()));
    body.put("originKey", b64.encodeToString(ally.logKey()));
    body.put("treeSize", c.treeSize());
    body.put("rootHash", b64.encodeToString(c.rootHash()));
    body.put("time", c.time());
    body.put("signature", b64.encodeToString(c.signature()));
    try {
      OutboundHttp.Response response = http.post(URI.create(ally.url() + "/api/log/cosignatures"), "application/json",
          Json.MAPPER.writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
      if (response.ok()) {
        witness.delivered(ally.host(), c.treeSize());
      } else {
        LOG.info("{} refused the cosignature of tree size {}: {}", ally.host(), c.treeSize(), response.status());
      }
    } catch (IOException | OutboundHttp.AddressRefused e) {
      LOG.info("Cannot deliver the cosignature of tree size {} to {}: {}", c.treeSize(), ally.host(), e.getMessage());
    }
  }

  private JsonNode getJson(Ally ally, String path) {
    OutboundHttp.Response response;
    try {
      response = http.get(URI.create(ally.url() + path), "application/json");
    } catch (OutboundHttp.AddressRefused refused) {
      throw new SyncFailed("refused-address", refused.getMessage());
    } catch (IOException e) {
      throw new SyncFailed("unreachable", "cannot reach " + ally.url());
    }
    if (!response.ok()) {
      throw new SyncFailed("unreachable", "the ally answered " + response.status() + " to " + path);
    }
    try {
      return Json.MAPPER.readTree(response.body());
    } catch (RuntimeException e) {
      throw new SyncFailed("articles-malformed", "the answer to " + path + " is not JSON");
    }
  }
}
