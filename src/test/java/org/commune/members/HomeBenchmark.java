package org.commune.members;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.commune.Application;
import org.commune.governance.NewProposal;
import org.commune.governance.ProposalId;
import org.commune.governance.Proposals;
import org.commune.governance.deliberation.Amendments;
import org.commune.search.Search;
import org.commune.testing.FreePort;
import org.commune.testing.WebSession;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The member home page under a realistic organisation (run by bench/home.sh, not by the tests): seeds
 * 1,000 members in 10 groups and 500 proposals in every phase (through the facade, so phases, electorates
 * and the log are real), open ballots, comments with replies, amendments and unread notifications (in
 * bulk SQL, which is only the seeding's speed), then times N sequential signed-in requests to
 * {@code /home}, and the same number to a static file in the same run. Arguments: data directory,
 * members (1000), proposals (500), requests (500).
 */
public final class HomeBenchmark {

  public static void main(String[] args) throws Exception {
    String dataDir = args.length > 0 ? args[0] : "target/bench-home";
    int memberCount = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int proposalCount = args.length > 2 ? Integer.parseInt(args[2]) : 500;
    int requests = args.length > 3 ? Integer.parseInt(args[3]) : 500;
    int port = FreePort.find();
    ConfigurableApplicationContext app = SpringApplication.run(Application.class,
        "--server.port=" + port, "--commune.data-dir=" + dataDir, "--commune.public-url=http://localhost:" + port,
        "--commune.rate-limit.attempts-per-minute=1000000", "--logging.level.root=WARN",
        // Server time as the server measures it (Micrometer), beside the time seen by the client.
        "--management.metrics.distribution.percentiles.http.server.requests=0.5,0.95,0.99",
        "--management.metrics.distribution.expiry.http.server.requests=10m");
    try {
      seed(app, memberCount, proposalCount);
      WebSession member = new WebSession(port);
      if (!member.signIn("member-1", PASSWORD).redirectsTo("/home")) {
        throw new IllegalStateException("member-1 could not sign in");
      }
      String home = member.get("/home").body();
      System.out.printf("home page: %d bytes, %d items; sections: %s%n", home.length(),
          home.split("class=\"card\"").length - 1, sectionCounts(home));
      measure("warm-up /home", requests / 2, i -> "/home", member);
      measure("warm-up static", requests / 2, i -> "/assets/commune.css", member);
      MeterRegistry registry = app.getBean(MeterRegistry.class);
      registry.clear();
      measure("GET /home (signed in)", requests, i -> "/home", member);
      measure("GET /assets/commune.css", requests, i -> "/assets/commune.css", member);
      for (Timer timer : registry.find("http.server.requests").timers()) {
        String uri = timer.getId().getTag("uri");
        if (timer.count() >= requests / 2 && uri != null) {
          StringBuilder line = new StringBuilder(String.format("server time %-28s n=%d", uri, timer.count()));
          for (ValueAtPercentile p : timer.takeSnapshot().percentileValues()) {
            line.append(String.format("  p%.0f %.1f ms", p.percentile() * 100, p.value(TimeUnit.MILLISECONDS)));
          }
          System.out.println(line);
        }
      }
      measure("GET /proposals?phase=voting&voted=no", requests / 5, i -> "/proposals?phase=voting&voted=no", member);
      measure("GET /search?q=… (signed in)", requests / 5, i -> "/search?q=comment+" + (i % 50), member);
    } finally {
      app.close();
    }
  }

  static final String PASSWORD = "benchmark password 123";

  private static String sectionCounts(String home) {
    List<String> counts = new ArrayList<>();
    for (String id : List.of("votes", "discussion", "amendments", "replies", "results", "drafts")) {
      int start = home.indexOf("data-section=\"" + id + "\"");
      int end = start < 0 ? -1 : home.indexOf("</section>", start);
      counts.add(id + "=" + (start < 0 ? "absent" : home.substring(start, end).split("class=\"card\"").length - 1));
    }
    return String.join(", ", counts);
  }

  private static void measure(String what, int count, IntFunction<String> path, WebSession session) {
    long[] micros = new long[count];
    for (int i = 0; i < count; i++) {
      long started = System.nanoTime();
      int status = session.get(path.apply(i)).status();
      micros[i] = (System.nanoTime() - started) / 1000;
      if (status != 200) {
        throw new IllegalStateException(what + " answered " + status);
      }
    }
    if (what.startsWith("warm-up")) {
      return;
    }
    Arrays.sort(micros);
    System.out.printf("%-40s n=%d  p50 %.1f ms  p95 %.1f ms  p99 %.1f ms  max %.1f ms%n", what, count,
        micros[count / 2] / 1000.0, micros[(int) (count * 0.95)] / 1000.0, micros[(int) (count * 0.99)] / 1000.0,
        micros[count - 1] / 1000.0);
  }

  private static void seed(ConfigurableApplicationContext app, int memberCount, int proposalCount) {
    Organisation organisation = app.getBean(Organisation.class);
    Members members = app.getBean(Members.class);
    Groups groups = app.getBean(Groups.class);
    Proposals proposals = app.getBean(Proposals.class);
    Amendments amendments = app.getBean(Amendments.class);
    JdbcClient jdbc = app.getBean(JdbcClient.class);
    if (organisation.isSetUp()) {
      System.out.println("data directory already seeded; measuring only");
      return;
    }
    long started = System.nanoTime();
    MemberId steward = organisation.setUp("Bench Union", "نقابة القياس", "en",
        new NewMember("bench-steward", "Steward", null, PASSWORD, "en"));
    String hash = jdbc.sql("SELECT password_hash FROM member WHERE id = :id").param("id", steward.value())
        .query(String.class).single();
    // Members share the steward's password hash (Argon2id): 1,000 hashes would only time the seeding.
    jdbc.sql("INSERT INTO member (id, username, display_name, password_hash, role, language) "
            + "SELECT gen_random_uuid(), 'member-' || i, 'عضو ' || i || ' Member', :h, 'member', "
            + "CASE WHEN i % 2 = 0 THEN 'ar' ELSE 'en' END FROM generate_series(1, :n) AS i")
        .param("h", hash).param("n", memberCount).update();
    List<String> slugs = new ArrayList<>();
    for (int g = 0; g < 10; g++) {
      String slug = "branch-" + g;
      groups.create(steward, slug, "Branch " + g, "فرع " + g, "branch");
      slugs.add(slug);
    }
    // Each member in two groups (by number), so every group has about 200.
    jdbc.sql("INSERT INTO group_membership (group_id, member_id) SELECT g.id, m.id FROM member m JOIN member_group g "
            + "ON m.username LIKE 'member-%' AND (substr(g.slug, 8)::int = substr(m.username, 8)::int % 10 "
            + "OR substr(g.slug, 8)::int = (substr(m.username, 8)::int / 10) % 10) ON CONFLICT DO NOTHING")
        .update();
    // Quiet while seeding (each proposal would notify up to 1,000 members one insert at a time);
    // notifications are seeded in bulk below and the choices removed again.
    jdbc.sql("INSERT INTO notification_preference (member, kind, in_app, email) SELECT m.id, k, false, false "
        + "FROM member m, unnest(ARRAY['opened', 'voting', 'closing', 'result']) AS k").update();
    List<MemberId> ids = jdbc.sql("SELECT id FROM member WHERE username LIKE 'member-%' ORDER BY username")
        .query((rs, n) -> new MemberId(rs.getObject(1, UUID.class))).list();
    MemberId me = jdbc.sql("SELECT id FROM member WHERE username = 'member-1'")
        .query((rs, n) -> new MemberId(rs.getObject(1, UUID.class))).single();
    List<ProposalId> toClose = new ArrayList<>();
    List<ProposalId> mineInDiscussion = new ArrayList<>();
    for (int i = 0; i < proposalCount; i++) {
      MemberId author = i % 25 == 1 ? me : ids.get((i * 37) % ids.size());
      int kind = i % 5; // 0 draft, 1 discussion, 2-3 voting, 4 decided
      String wanted = i % 2 == 0 ? slugs.get(i % 10) : null;
      // An author proposes only in their own groups.
      String group = wanted != null && groups.of(author).stream().anyMatch(g -> g.slug().equals(wanted)) ? wanted : null;
      String title = (i % 3 == 0 ? "مقترح رقم " : "Proposal number ") + i + (i % 4 == 0 ? " — الجمعية العامة" : " about dues");
      ProposalId id = proposals.create(author, new NewProposal(title, "Text of proposal " + i + ". نص المقترح.",
          "general", "majority", List.of(), 1, 5, false, group, kind == 1 ? 5 : 0, 7, 0, kind == 0, null));
      if (kind == 4) {
        toClose.add(id);
      }
      if (kind == 1 && author.equals(me)) {
        mineInDiscussion.add(id);
      }
    }
    for (ProposalId id : toClose) {
      proposals.close(id);
    }
    // Open ballots from a third of each electorate (member-1 votes on every other one).
    jdbc.sql("INSERT INTO ballot (proposal_id, voter, content) SELECT e.proposal_id, e.member, '{\"choice\":\"yes\"}' "
        + "FROM proposal_electorate e JOIN proposal p ON p.id = e.proposal_id AND p.phase = 'voting' "
        + "WHERE abs(hashtext(e.member::text || e.proposal_id::text)) % 3 = 0 ON CONFLICT DO NOTHING").update();
    // Six comments on each proposal under discussion or vote; member-1 speaks on some, others reply.
    jdbc.sql("INSERT INTO proposal_comment (id, proposal_id, author, stance, body, created_at) "
            + "SELECT gen_random_uuid(), p.id, m.id, (ARRAY['for','against','question','other'])[1 + c % 4], "
            + "'Comment ' || c || ' on ' || p.title || '. تعليق على المقترح.', now() - (c || ' minutes')::interval "
            + "FROM proposal p CROSS JOIN generate_series(1, 6) AS c "
            + "JOIN member m ON m.username = 'member-' || (1 + (abs(hashtext(p.id::text)) + c * 97) % :n) "
            + "WHERE p.phase IN ('discussion', 'voting')")
        .param("n", memberCount).update();
    jdbc.sql("INSERT INTO proposal_comment (id, proposal_id, parent_id, author, stance, body, created_at) "
            + "SELECT gen_random_uuid(), c.proposal_id, c.id, m.id, 'question', 'A reply to member 1.', now() "
            + "FROM proposal_comment c JOIN member m ON m.username = 'member-500' "
            + "WHERE c.author = :me AND c.parent_id IS NULL")
        .param("me", me.value()).update();
    for (ProposalId id : mineInDiscussion) {
      for (MemberId amender : List.of(ids.get(500), ids.get(501), ids.get(502))) {
        try {
          amendments.propose(amender, id, null, "Amended text.", "Clearer.");
          break;
        } catch (InvalidInput outsideTheGroup) {
          // The next one may belong to the proposal's group.
        }
      }
    }
    // About twenty notifications per member, most of them read.
    jdbc.sql("DELETE FROM notification_preference").update();
    jdbc.sql("INSERT INTO notification (member, kind, proposal_id, created_at, read_at) "
        + "SELECT m.id, 'voting', p.id, now(), CASE WHEN abs(hashtext(m.id::text || p.id::text)) % 5 = 0 THEN NULL ELSE now() END "
        + "FROM member m JOIN proposal p ON p.phase = 'voting' AND abs(hashtext(m.id::text || p.id::text)) % 8 = 0 "
        + "ON CONFLICT DO NOTHING").update();
    jdbc.sql("ANALYZE").update();
    app.getBean(Search.class).rebuild();
    System.out.printf("seeded in %.1f s: %s%n", (System.nanoTime() - started) / 1e9, jdbc.sql("""
        SELECT (SELECT count(*) FROM member) || ' members, ' || (SELECT count(*) FROM proposal) || ' proposals ('
          || (SELECT string_agg(phase || ' ' || n, ', ') FROM (SELECT phase, count(*) n FROM proposal GROUP BY phase) x)
          || '), ' || (SELECT count(*) FROM ballot) || ' ballots, ' || (SELECT count(*) FROM proposal_comment)
          || ' comments, ' || (SELECT count(*) FROM amendment) || ' amendments, ' || (SELECT count(*) FROM notification)
          || ' notifications, search index ' || :docs || ' documents'
        """).param("docs", app.getBean(Search.class).size()).query(String.class).single());
  }
}
