package org.commune.governance;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.commune.Application;
import org.commune.members.Invitations;
import org.commune.members.MemberId;
import org.commune.members.Members;
import org.commune.members.NewMember;
import org.commune.members.Organisation;
import org.commune.testing.FreePort;
import org.commune.testing.WebSession;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Casting ballots through the web endpoint (run by bench/casting.sh, not by the tests): N members,
 * each signed in with their own session, 100 at a time post their ballot to one open vote; then the
 * database is checked for exactly one ballot per member and a second round of posts must all be
 * refused. Arguments: data directory, members (default 1000).
 */
public final class CastingBenchmark {

  public static void main(String[] args) throws Exception {
    String dataDir = args.length > 0 ? args[0] : "target/bench-casting";
    int count = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    // "secret": a secret vote, whose ballots wait in batches of several voters (SecretBallotPool).
    boolean secret = args.length > 2 && args[2].equals("secret");
    int port = FreePort.find();
    ConfigurableApplicationContext app = SpringApplication.run(Application.class,
        "--server.port=" + port, "--commune.data-dir=" + dataDir, "--commune.public-url=http://localhost:" + port,
        "--commune.rate-limit.attempts-per-minute=1000000", "--logging.level.root=WARN");
    try {
      Organisation organisation = app.getBean(Organisation.class);
      Members members = app.getBean(Members.class);
      Invitations invitations = app.getBean(Invitations.class);
      Proposals proposals = app.getBean(Proposals.class);
      JdbcClient jdbc = app.getBean(JdbcClient.class);
      String password = "benchmark password 123";
      if (!organisation.isSetUp()) {
        organisation.setUp("Bench", "اختبار", "en", new NewMember("bench-steward", "Steward", null, password, "en"));
      }
      MemberId steward = members.all().get(0).id();
      long started = System.nanoTime();
      List<String> names = new ArrayList<>();
      try (var pool = Executors.newFixedThreadPool(4)) {
        for (int i = 0; i < count; i++) {
          String name = "voter-" + i;
          names.add(name);
          pool.submit(() -> invitations.accept(invitations.create(steward, 1, null, null),
              new NewMember(name, name, null, password, "en")));
        }
      }
      System.out.printf("created %d members in %.1f s%n", count, (System.nanoTime() - started) / 1e9);

      ConcurrentLinkedQueue<WebSession> sessions = new ConcurrentLinkedQueue<>();
      started = System.nanoTime();
      try (var pool = Executors.newFixedThreadPool(4)) {
        for (String name : names) {
          pool.submit(() -> {
            WebSession session = new WebSession(port);
            session.signIn(name, password);
            sessions.add(session);
          });
        }
      }
      System.out.printf("signed in %d sessions in %.1f s (Argon2id)%n", sessions.size(), (System.nanoTime() - started) / 1e9);

      ProposalId id = proposals.create(steward, new NewProposal("Benchmark", "", "general", "schulze",
          List.of("A", "B", "C", "D", "E"), 1, 5, secret, null, 0, 1, 0, false, null));
      // A secret ballot's page answers 200 with the receipt; an open one redirects (302).
      int acknowledged = secret ? 200 : 302;
      String path = "/proposals/" + id;
      sessions.forEach(s -> s.get(path));
      AtomicInteger accepted = new AtomicInteger();
      AtomicInteger refused = new AtomicInteger();
      started = System.nanoTime();
      try (var pool = Executors.newFixedThreadPool(100)) {
        int i = 0;
        for (WebSession session : sessions) {
          int first = i++ % 5;
          pool.submit(() -> {
            int status = session.post(path + "/ballot", Map.of("rank-" + first, "1", "rank-" + ((first + 1) % 5), "2")).status();
            (status == acknowledged ? accepted : refused).incrementAndGet();
          });
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      System.out.printf("cast %d ballots (100 concurrent voters) in %.2f s = %.0f ballots/s; refused %d%n",
          accepted.get(), seconds, accepted.get() / seconds, refused.get());

      AtomicInteger again = new AtomicInteger();
      try (var pool = Executors.newFixedThreadPool(100)) {
        for (WebSession session : sessions) {
          pool.submit(() -> {
            if (session.post(path + "/ballot", Map.of("rank-0", "1")).status() == acknowledged) {
              again.incrementAndGet();
            }
          });
        }
      }
      long stored = jdbc.sql(secret ? "SELECT count(*) FROM sealed_ballot WHERE proposal_id = :id"
              : "SELECT count(*) FROM ballot WHERE proposal_id = :id").param("id", id.value())
          .query(Long.class).single();
      long distinct = jdbc.sql(secret ? "SELECT count(DISTINCT voter) FROM secret_voter WHERE proposal_id = :id"
              : "SELECT count(DISTINCT voter) FROM ballot WHERE proposal_id = :id").param("id", id.value())
          .query(Long.class).single();
      System.out.printf("stored %d ballots from %d distinct voters (expected %d); second ballots accepted: %d%n",
          stored, distinct, count, again.get());
      proposals.close(id);
      System.out.println(proposals.find(id).orElseThrow().result().lines().filter(l -> l.startsWith("Turnout") || l.startsWith("Winner")).toList());
      if (stored != count || distinct != count || again.get() != 0 || accepted.get() != count) {
        System.out.println("FAILED: lost or duplicated ballots");
        System.exit(1);
      }
      System.out.println("OK: no ballot lost, none duplicated");
    } finally {
      app.close();
    }
    System.exit(0);
  }

  private CastingBenchmark() {}

}
