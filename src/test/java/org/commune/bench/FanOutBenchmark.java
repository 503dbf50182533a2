package org.commune.bench;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.commune.Application;
import org.commune.federation.http.ActorKeys;
import org.commune.members.MemberId;
import org.commune.members.NewMember;
import org.commune.members.Organisation;
import org.commune.publishing.Articles;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Fan-out: how fast Commune's delivery queue gets one new article to every follower's server. Starts
 * Commune (embedded PostgreSQL, a fresh data directory, loopback allowed) against a local sink that checks
 * every signature ({@link SignatureCheckingSink}, or another sink given with {@code --sink URL}, such as
 * bench/fedify/sink.mjs), seeds followers, publishes one article and times the deliveries from the moment
 * of publishing to the last one. Two shapes per follower count: spread over shared inboxes (what Mastodon
 * servers offer: one POST per server) and one personal inbox each (every follower a POST: the raw rate).
 *
 * <p>Arguments: {@code [--sink URL] [--followers 1000,10000] [--shared-inboxes 200] [--setting name=value]…}
 */
public final class FanOutBenchmark {

  private FanOutBenchmark() {}

  public static void main(String[] args) throws Exception {
    String sinkUrl = null;
    List<Integer> counts = List.of(1_000, 10_000);
    int sharedInboxes = 200;
    List<String> settings = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--sink" -> sinkUrl = args[++i];
        case "--followers" -> counts = Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
        case "--shared-inboxes" -> sharedInboxes = Integer.parseInt(args[++i]);
        case "--setting" -> settings.add("--" + args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path data = Files.createTempDirectory("commune-fanout-");
    List<String> arguments = new ArrayList<>(List.of("--server.port=" + port,
        "--commune.public-url=http://localhost:" + port, "--commune.data-dir=" + data,
        "--commune.federation.allow-private-addresses=true", "--logging.level.root=WARN",
        "--spring.main.banner-mode=off"));
    arguments.addAll(settings);
    try (ConfigurableApplicationContext commune = new SpringApplicationBuilder(Application.class)
        .run(arguments.toArray(String[]::new))) {
      Organisation organisation = commune.getBean(Organisation.class);
      MemberId steward = organisation.setUp("Bench Union", "نقابة القياس", "en",
          new NewMember("steward", "Steward", null, "a long enough password", "en"));
      Articles articles = commune.getBean(Articles.class);
      JdbcClient jdbc = commune.getBean(JdbcClient.class);
      SignatureCheckingSink ownSink = sinkUrl == null ? new SignatureCheckingSink(commune.getBean(ActorKeys.class)
          .publicKey()) : null;
      String sink = sinkUrl != null ? sinkUrl : ownSink.url();
      System.out.printf("sink: %s%s%n", sink, ownSink != null ? " (Java, verifies every signature)" : "");
      System.out.printf("settings: %s%n", settings.isEmpty() ? "defaults" : String.join(" ", settings));
      System.out.println("| followers | inboxes | POSTs | delivered | refused/failed | first delivery | last delivery"
          + " | deliveries/s | CPU ms per delivery | deliveries per CPU second |");
      System.out.println("|---|---|---|---|---|---|---|---|---|---|");
      // A first round that is not counted: the JIT, the connection pool and the sink warm up.
      run(jdbc, articles, steward, sink, 200, 0, false);
      for (int followers : counts) {
        run(jdbc, articles, steward, sink, followers, sharedInboxes, true);
      }
      for (int followers : counts) {
        run(jdbc, articles, steward, sink, followers, 0, true);
      }
      if (ownSink != null) {
        System.out.printf("sink: %d signatures verified, %d refused; key %s (%d fetch)%n", ownSink.verified(),
            ownSink.refused(), ownSink.keySource(), ownSink.keyFetches());
        ownSink.close();
      }
    }
  }

  /**
   * CPU time used so far by this JVM (Commune and the Java sink, which verifies every signature) and by its
   * child processes (the embedded PostgreSQL): on a machine that other work shares, wall-clock rates say
   * little, CPU per delivery says what a delivery costs.
   */
  private static Duration cpu() {
    Duration total = ProcessHandle.current().info().totalCpuDuration().orElse(Duration.ZERO);
    for (ProcessHandle child : ProcessHandle.current().descendants().toList()) {
      total = total.plus(child.info().totalCpuDuration().orElse(Duration.ZERO));
    }
    return total;
  }

  /** Seeds the followers (shared inboxes round robin, or none: personal inboxes), publishes, waits, prints. */
  private static void run(JdbcClient jdbc, Articles articles, MemberId steward, String sink, int followers,
      int sharedInboxes, boolean print) throws InterruptedException {
    jdbc.sql("DELETE FROM federation_delivery").update();
    jdbc.sql("DELETE FROM federation_inbox_health").update();
    jdbc.sql("DELETE FROM federation_follower").update();
    jdbc.sql("""
        INSERT INTO federation_follower (actor, inbox, shared_inbox, follow_id, state, since)
        SELECT :sink || '/users/' || i, :sink || '/users/' || i || '/inbox',
               CASE WHEN :shared > 0 THEN :sink || '/inbox/' || (i % :shared) END,
               :sink || '/follows/' || i, 'accepted', now()
        FROM generate_series(1, :n) AS i
        """).param("sink", sink).param("shared", sharedInboxes).param("n", followers).update();
    Duration cpuBefore = cpu();
    Instant start = Instant.now();
    UUID article = articles.publish(steward, "en", "Fan-out " + followers, "One article to " + followers + " followers.");
    String object = "%/articles/" + article;
    UUID activity = null;
    long targets = 0;
    Instant limit = start.plus(Duration.ofMinutes(10));
    while (Instant.now().isBefore(limit)) {
      if (activity == null) {
        activity = jdbc.sql("SELECT id FROM federation_activity WHERE type = 'Create' AND object_id LIKE :o")
            .param("o", object).query(UUID.class).optional().orElse(null);
      } else {
        Map<String, Object> counts = jdbc.sql("""
            SELECT count(*) AS targets, count(*) FILTER (WHERE state = 'delivered') AS delivered,
              count(*) FILTER (WHERE state IN ('failed', 'gave_up') OR last_error IS NOT NULL AND state = 'pending')
                AS failed,
              min(finished_at) AS first, max(finished_at) AS last
            FROM federation_delivery WHERE activity_id = :a
            """).param("a", activity).query().singleRow();
        targets = ((Number) counts.get("targets")).longValue();
        long delivered = ((Number) counts.get("delivered")).longValue();
        long failed = ((Number) counts.get("failed")).longValue();
        if (targets > 0 && delivered + failed >= targets) {
          if (print) {
            double cpuSeconds = cpu().minus(cpuBefore).toNanos() / 1e9;
            Instant first = ((Timestamp) counts.get("first")).toInstant();
            Instant last = ((Timestamp) counts.get("last")).toInstant();
            double seconds = Duration.between(start, last).toNanos() / 1e9;
            System.out.printf("| %,d | %s | %,d | %,d | %,d | %.3f s | %.3f s | %,.0f | %.2f | %,.0f |%n", followers,
                sharedInboxes > 0 ? sharedInboxes + " shared" : "personal", targets, delivered, failed,
                Duration.between(start, first).toNanos() / 1e9, seconds, delivered / seconds,
                cpuSeconds * 1000 / delivered, delivered / cpuSeconds);
          }
          return;
        }
      }
      Thread.sleep(5);
    }
    throw new IllegalStateException("the deliveries did not finish within ten minutes (" + targets + " targets)");
  }
}
