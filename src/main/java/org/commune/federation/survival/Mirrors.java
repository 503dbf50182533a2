package org.commune.federation.survival;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.commune.transparency.LogSource;
import org.commune.transparency.LogVerifier;
import org.commune.transparency.VerificationReport;
import org.springframework.stereotype.Service;

/**
 * Reading a mirror: everything is re-verified against the keys pinned at adoption before it is shown, so a
 * copy changed in this database (or a bug) shows as "does not verify" instead of passing for the ally's.
 */
@Service
public class Mirrors {

  private final AllyRepository allies;
  private final MirrorRepository mirror;
  private final WitnessRepository witness;

  Mirrors(AllyRepository allies, MirrorRepository mirror, WitnessRepository witness) {
    this.allies = allies;
    this.mirror = mirror;
    this.witness = witness;
  }

  /** One mirrored article: verified (with its content) or not (content withheld). */
  public record Entry(UUID id, boolean verified, MirroredArticle article) {}

  /** The mirror's front page: the ally, its articles, the log's own verification, alerts raised. */
  public record Index(Ally ally, List<Entry> articles, int refused, VerificationReport log,
      List<WitnessAlert> alerts, List<CosignedCheckpoint> cosigned) {}

  public record WitnessAlert(String kind, String detail, Instant raisedAt) {}

  public record CosignedCheckpoint(long treeSize, long time, String rootHash, String signature) {}

  public Optional<Index> index(String host) {
    return allies.find(host).map(ally -> {
      List<Entry> entries = new ArrayList<>();
      int refused = 0;
      for (MirrorRepository.StoredItem item : mirror.articles(host)) {
        Optional<Entry> entry = verified(ally, item);
        if (entry.isPresent()) {
          entries.add(entry.get());
        } else {
          refused++;
        }
      }
      return new Index(ally, entries, refused, verifyLog(ally), alerts(host), cosigned(host, 20));
    });
  }

  /** The article, when it is mirrored here; {@code verified} false when the stored copy does not verify. */
  public Optional<Entry> article(String host, UUID id) {
    Optional<Ally> ally = allies.find(host);
    if (ally.isEmpty()) {
      return Optional.empty();
    }
    return mirror.article(host, id).map(item -> verified(ally.get(), item)
        .orElseGet(() -> new Entry(id, false, new MirroredArticle(id, ally.get().url(), null, List.of()))));
  }

  private static Optional<Entry> verified(Ally ally, MirrorRepository.StoredItem item) {
    if (!SignedItems.verify(item.item(), item.signature(), ally.actorPublicKey())) {
      return Optional.empty();
    }
    try {
      MirroredArticle article = MirroredArticle.parse(item.item());
      return article.id().equals(item.article()) && article.origin().equals(ally.url())
          ? Optional.of(new Entry(item.article(), true, article)) : Optional.empty();
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  /** The stored log checked as any outsider would, against the pinned key. */
  public VerificationReport verifyLog(Ally ally) {
    return new LogVerifier(new StoredLogSource(mirror, ally), 20).verify(ally.logKey(), null);
  }

  /** The mirrored log as a log source (the mirror's API serves it in the origin's shape). */
  public Optional<LogSource> log(String host) {
    return allies.find(host).map(ally -> new StoredLogSource(mirror, ally));
  }

  public List<WitnessAlert> alerts(String host) {
    return witness.alerts(host).stream().map(a -> new WitnessAlert(a.kind(), a.detail(), a.raisedAt())).toList();
  }

  /** What this Commune cosigned of the ally's log, newest first. */
  public List<CosignedCheckpoint> cosigned(String host, int count) {
    Base64.Encoder b64 = Base64.getEncoder();
    return witness.cosignedOf(host, count).stream().map(c -> new CosignedCheckpoint(c.treeSize(), c.time(),
        b64.encodeToString(c.rootHash()), b64.encodeToString(c.signature()))).toList();
  }
}
