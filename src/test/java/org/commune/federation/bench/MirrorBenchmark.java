package org.commune.federation.bench;

import java.nio.file.Files;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.commune.federation.survival.Alliances;
import org.commune.federation.survival.MirrorSync;
import org.commune.governance.BallotInput;
import org.commune.governance.ProposalId;
import org.commune.governance.Proposals;
import org.commune.members.MemberId;
import org.commune.members.NewMember;
import org.commune.members.Organisation;
import org.commune.testing.VerifierRun;
import org.commune.transparency.LogFiller;
import org.commune.transparency.TransparencyLog;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Mirror catch-up (run by bench/mirror.sh, not by the tests): how long an ally takes to mirror an origin
 * with many articles and a long log, and to verify them. The origin's data directory is built first (the
 * articles in bulk SQL, in the rows {@code Articles.publish} writes: every second one in English and Arabic;
 * the log grown through the log's own append code, 1,000 entries and one signed checkpoint per batch), then
 * the origin is served by a process of its own. The ally runs in this JVM: its members adopt the origin
 * through the governance API (the alliance proposal the stewards' page opens, one yes vote, the vote
 * closed at once — the code path a passed vote takes), then one {@link MirrorSync#sync} is timed while a
 * watcher reads the ally's mirror tables: when the last article was stored, when the first log entry was
 * stored (the log is downloaded and verified against the pinned key before anything is stored), when the
 * sync returned. Then a second sync with nothing new, and {@code verify-log} of the mirrored log (as any
 * reader would check it, against the origin's key, over HTTP from the ally).
 *
 * <p>Arguments: {@code [--articles 10000] [--log-entries 1000000] [--no-resync]}
 */
public final class MirrorBenchmark {

  private MirrorBenchmark() {}

  public static void main(String[] args) throws Exception {
    int articles = 10_000;
    long entries = 1_000_000;
    boolean resync = true;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--articles" -> articles = Integer.parseInt(args[++i]);
        case "--log-entries" -> entries = Long.parseLong(args[++i]);
        case "--no-resync" -> resync = false;
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    List<String> settings = List.of("commune.federation.mirror-sync-first=PT10H");
    try (BenchCommune origin = new BenchCommune("origin", settings)) {
      int articleCount = articles;
      long entryCount = entries;
      long[] logSize = {0};
      origin.seed(context -> {
        MemberId steward = setUp(context, "Origin");
        long start = System.nanoTime();
        seedArticles(context.getBean(JdbcClient.class), steward, articleCount);
        System.out.printf("origin: %,d articles written in %.1f s%n", articleCount, (System.nanoTime() - start) / 1e9);
        TransparencyLog log = context.getBean(TransparencyLog.class);
        start = System.nanoTime();
        long appended = LogFiller.fill(log, context.getBean(PlatformTransactionManager.class), entryCount);
        logSize[0] = log.size();
        System.out.printf("origin: %,d log entries appended in %.1f s (log size %,d)%n", appended,
            (System.nanoTime() - start) / 1e9, logSize[0]);
      });
      origin.serve();

      BenchCommune allyCommune = new BenchCommune("ally", settings);
      try (ConfigurableApplicationContext ally = allyCommune.inProcess()) {
        MemberId steward = setUp(ally, "Ally");
        Alliances allies = ally.getBean(Alliances.class);
        Proposals proposals = ally.getBean(Proposals.class);
        long start = System.nanoTime();
        ProposalId proposal = allies.proposeAdoption(steward, origin.url(), Locale.ENGLISH);
        proposals.cast(steward, proposal, new BallotInput("yes", Set.of(), Map.of()));
        proposals.close(proposal);
        while (allies.find(origin.host()).isEmpty()) {
          if (System.nanoTime() - start > Duration.ofMinutes(2).toNanos()) {
            throw new IllegalStateException("the alliance was not adopted within two minutes");
          }
          Thread.sleep(50);
        }
        System.out.printf("ally %s adopted %s by a closed vote in %.1f s (proposal %s)%n", allyCommune.url(),
            origin.url(), (System.nanoTime() - start) / 1e9, proposal);

        MirrorSync sync = ally.getBean(MirrorSync.class);
        JdbcClient jdbc = ally.getBean(JdbcClient.class);
        System.out.println();
        System.out.println("| step | result | time |");
        System.out.println("|---|---|---|");
        timedSync(sync, jdbc, origin.host(), articleCount, "first sync");
        if (resync) {
          timedSync(sync, jdbc, origin.host(), articleCount, "second sync, nothing new");
        }
        byte[] key = allies.find(origin.host()).orElseThrow().logKey();
        start = System.nanoTime();
        VerifierRun.Result verified = VerifierRun.against(allyCommune.url() + "/mirrors/" + origin.host(),
            Files.createTempDirectory("verify-log").resolve("known_logs"), "--key",
            Base64.getEncoder().encodeToString(key));
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("| `verify-log` of the mirror (%s/mirrors/%s, `--key` = the origin's key) | exit %d | %.1f s |%n",
            allyCommune.url(), origin.host(), verified.exit(), seconds);
        System.out.println();
        System.out.println("verify-log said:");
        verified.output().lines().forEach(line -> System.out.println("  " + line));
        System.out.printf("origin: log size %,d; ally: %,d mirrored entries, %,d mirrored articles%n", logSize[0],
            jdbc.sql("SELECT count(*) FROM federation_mirror_log_entry").query(Long.class).single(),
            jdbc.sql("SELECT count(*) FROM federation_mirror_article").query(Long.class).single());
      }
    }
  }

  private static MemberId setUp(ConfigurableApplicationContext context, String name) {
    return context.getBean(Organisation.class).setUp("Union " + name, "نقابة " + name, "en",
        new NewMember("keeper", "Keeper " + name, null, "a long enough password", "en"));
  }

  /** Articles in the rows publishing writes (first revision, current version); every second one bilingual. */
  private static void seedArticles(JdbcClient jdbc, MemberId author, int count) {
    jdbc.sql("""
        INSERT INTO article (id, author, created_at)
        SELECT md5('bench-article-' || i)::uuid, :author, now() - make_interval(secs => :n - i)
        FROM generate_series(1, :n) AS i
        """).param("author", author.value()).param("n", count).update();
    for (String language : new String[] {"en", "ar"}) {
      String title = language.equals("en") ? "'Strike fund report ' || i" : "'تقرير صندوق الإضراب ' || i";
      String body = language.equals("en")
          ? "'The fund holds **enough** for a month. Report number ' || i || ' of the union, with figures, "
              + "decisions and the next steps the members agreed on at the general meeting.'"
          : "'يكفي الصندوق لشهر. التقرير رقم ' || i || ' من النقابة، مع الأرقام والقرارات والخطوات التالية.'";
      String rows = "FROM generate_series(1, :n) AS i WHERE " + (language.equals("en") ? "true" : "i % 2 = 0");
      jdbc.sql("INSERT INTO article_revision (article_id, language, revision, title, body, source_type, author, "
          + "published_at) SELECT md5('bench-article-' || i)::uuid, '" + language + "', 1, " + title + ", " + body
          + ", 'human', :author, now() - make_interval(secs => :n - i) " + rows)
          .param("author", author.value()).param("n", count).update();
      jdbc.sql("INSERT INTO article_version (article_id, language, title, body, source_type, published_at, author, "
          + "revision) SELECT md5('bench-article-' || i)::uuid, '" + language + "', " + title + ", " + body
          + ", 'human', now() - make_interval(secs => :n - i), :author, 1 " + rows)
          .param("author", author.value()).param("n", count).update();
    }
  }

  /** One sync, watched from the ally's own tables. */
  private static void timedSync(MirrorSync sync, JdbcClient jdbc, String host, int articles, String name)
      throws InterruptedException {
    long before = jdbc.sql("SELECT count(*) FROM federation_mirror_log_entry").query(Long.class).single();
    AtomicBoolean done = new AtomicBoolean();
    AtomicLong articlesAt = new AtomicLong();
    AtomicLong firstEntryAt = new AtomicLong();
    List<String> progress = new ArrayList<>();
    long start = System.nanoTime();
    Timestamp since = Timestamp.from(Instant.now().minusSeconds(1));
    Thread watcher = Thread.ofPlatform().start(() -> {
      long lastReport = start;
      while (!done.get()) {
        long now = System.nanoTime();
        if (articlesAt.get() == 0 && jdbc.sql("SELECT count(*) FROM federation_mirror_article WHERE synced_at >= :since")
            .param("since", since).query(Long.class).single() >= articles) {
          articlesAt.set(now);
        }
        long stored = jdbc.sql("SELECT coalesce(max(idx) + 1, 0) FROM federation_mirror_log_entry WHERE host = :h")
            .param("h", host).query(Long.class).single();
        if (firstEntryAt.get() == 0 && stored > before) {
          firstEntryAt.set(now);
        }
        if (now - lastReport > Duration.ofSeconds(30).toNanos()) {
          progress.add(String.format("  %.0f s: log entries stored %,d", (now - start) / 1e9, stored));
          lastReport = now;
        }
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    MirrorSync.Result result = sync.sync(host);
    long end = System.nanoTime();
    double total = (end - start) / 1e9;
    done.set(true);
    watcher.join();
    System.out.printf("| %s | %s: %,d articles stored, %,d refused; log size %,d; cosigned %s | **%.1f s** |%n", name,
        result.status(), result.articlesStored(), result.articlesRefused(), result.logSize(), result.cosigned(), total);
    if (articlesAt.get() > 0) {
      System.out.printf("| … articles fetched, verified (RSA, pinned key) and stored | %,d | %.1f s |%n", articles,
          (articlesAt.get() - start) / 1e9);
    }
    if (firstEntryAt.get() > 0) {
      long from = articlesAt.get() > 0 ? articlesAt.get() : start;
      System.out.printf("| … log downloaded and verified against the pinned key (until the first entry is stored) | | %.1f s |%n",
          (firstEntryAt.get() - from) / 1e9);
      System.out.printf("| … log entries and checkpoints stored, cosignature sent | %,d entries | %.1f s |%n",
          result.logSize() - before, (end - firstEntryAt.get()) / 1e9);
    }
    progress.forEach(System.out::println);
  }
}
