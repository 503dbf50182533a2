package org.commune.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.assertj.core.api.Assertions;
import org.awaitility.Awaitility;
import org.commune.database.BackupCommand;
import org.commune.database.DataDirectory;
import org.commune.database.InstanceKeys;
import org.commune.members.Accounts;
import org.commune.members.BallotSecret;
import org.commune.members.InvalidInput;
import org.commune.members.MemberId;
import org.commune.members.Role;
import org.commune.testing.RunningCommune;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * The attacker's side of secret ballots: someone holding the database (psql) or a backup file tries to
 * tell who cast which ballot. 24 members cast 24 different ballots; every attack pairs voters with
 * ballots and counts how many pairs are right. A random pairing gets one right on average (more than 8
 * of 24 happens by chance about once in a million tries), so any attack above 8 is a link; the code
 * before sealed ballots gave 24 of 24 to most of them.
 */
class SecretBallotLinkageIT extends RunningCommune {

  private static final int VOTERS = 24;
  /** Correct pairs a random guess exceeds with probability about 10⁻⁶ (fixed points of a permutation). */
  private static final int CHANCE = 8;
  private static final Pattern SCORES = Pattern.compile("\\[\\d+,\\d+,\\d+]");

  @Autowired Proposals proposals;
  @Autowired InstanceKeys keys;
  @Autowired Accounts accounts;

  /** A voter's or a ballot's row as psql shows it, with the system columns an attacker can read. */
  private record Seen(String who, long xmin, long xmax, long cmin, long cmax, long ctid, int position) {}

  @Test
  void noAttackOnTheDatabaseOrABackupLinksBallotsToVoters() throws Exception {
    List<MemberId> electorate = new ArrayList<>();
    for (int i = 0; i < VOTERS; i++) {
      electorate.add(member("linkage-" + i, Role.MEMBER));
    }
    ProposalId id = proposals.create(steward(), new NewProposal("Secret scores", "", "general", "score",
        List.of("A", "B", "C"), 1, 5, true, null, 0, 3, 0, false, null, 0));
    Map<UUID, String> truth = new HashMap<>();
    for (int i = 0; i < VOTERS; i++) {
      MemberId voter = electorate.get(i);
      int[] s = {i / 36, i / 6 % 6, i % 6};
      proposals.cast(voter, id, new BallotInput("", Set.of(), Map.of(), Map.of(0, s[0], 1, s[1], 2, s[2])));
      truth.put(voter.value(), "[" + s[0] + "," + s[1] + "," + s[2] + "]");
    }

    // While voting is open: no row written in a voter's transaction shows a choice in clear.
    List<Long> voterXmins = voters(id).stream().map(Seen::xmin).toList();
    assertThat(voterXmins).hasSize(VOTERS);
    for (String table : jdbc.sql("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").query(String.class).list()) {
      List<String> rows = jdbc.sql("SELECT t::text FROM \"" + table + "\" t WHERE t.xmin::text::bigint IN (:x)")
          .param("x", voterXmins).query(String.class).list();
      assertThat(rows).as("rows of %s written with a voter's row", table).noneMatch(r -> SCORES.matcher(r).find());
      if (!table.equals("secret_voter")) {
        assertThat(rows.stream().map(String::length).distinct().count()).as("lengths in %s tell ballots apart", table)
            .isLessThanOrEqualTo(1);
      }
    }

    // Someone who holds the database and the instance key (a backup has both) while the vote is open:
    // each voter's transaction holds a group of sealed ballots; guess the first of the group.
    Map<String, Integer> withKey = new LinkedHashMap<>();
    List<Seen> sealed = new ArrayList<>();
    jdbc.sql("SELECT sealed, proposal_id::text, xmin::text FROM sealed_ballot").query(rs -> {
      if (rs.getString(2).equals(id.toString())) {
        String plain = new String(keys.decrypt("secret-ballot", rs.getBytes(1)), StandardCharsets.UTF_8);
        sealed.add(new Seen(choice(plain.replace("\\\"", "\"")), Long.parseLong(rs.getString(3)), 0, 0, 0, 0,
            sealed.size()));
      }
    });
    assertThat(sealed).hasSize(VOTERS);
    List<Seen> openVoters = voters(id);
    int firstOfGroup = 0;
    for (Seen voter : openVoters) {
      firstOfGroup += sealed.stream().filter(b -> b.xmin() == voter.xmin()).findFirst()
          .map(b -> truth.get(UUID.fromString(voter.who())).equals(b.who()) ? 1 : 0).orElse(0);
    }
    withKey.put("with the key: first ballot of the voter's transaction", firstOfGroup);
    withKey.put("with the key: order by xmin", pair(sorted(openVoters, Seen::xmin, false),
        sorted(sealed, Seen::xmin, false), truth));
    withKey.put("with the key: physical order", pair(openVoters, sealed, truth));
    System.out.println("While open, correct pairs out of " + VOTERS + ": " + withKey);
    assertThat(withKey).allSatisfy((attack, correct) -> assertThat(correct).as(attack).isLessThanOrEqualTo(CHANCE));
    // The scheduler's next run seals them all again in one transaction, in a random order: one group.
    proposals.advanceDue();
    assertThat(jdbc.sql("SELECT count(*) FROM sealed_ballot WHERE proposal_id = :p").param("p", id.value())
        .query(Long.class).single()).isEqualTo(VOTERS);
    assertThat(jdbc.sql("SELECT count(*) FROM sealed_ballot WHERE proposal_id = :p AND xmin::text::bigint IN (:x)")
        .param("p", id.value()).param("x", voterXmins).query(Long.class).single())
        .as("sealed ballots still in a voter's transaction after the remix").isZero();

    proposals.close(id);
    List<Seen> voters = voters(id);
    List<Seen> ballots = ballots(id);
    assertThat(ballots).hasSize(VOTERS);
    assertThat(ballots.stream().map(Seen::who).distinct().count()).isEqualTo(VOTERS);

    Map<String, Integer> links = new LinkedHashMap<>();
    Map<String, Function<Seen, Long>> columns = new LinkedHashMap<>();
    columns.put("xmin", Seen::xmin);
    columns.put("xmax", Seen::xmax);
    columns.put("cmin", Seen::cmin);
    columns.put("cmax", Seen::cmax);
    columns.put("ctid", Seen::ctid);
    columns.put("physical order", s -> (long) s.position());
    columns.forEach((name, column) -> {
      links.put("join on " + name, join(voters, ballots, column, truth));
      links.put("order by " + name, pair(sorted(voters, column, false), sorted(ballots, column, false), truth));
      links.put("reverse order by " + name, pair(sorted(voters, column, false), sorted(ballots, column, true), truth));
    });
    links.put("order by receipt", pair(sorted(voters, Seen::xmin, false),
        jdbc.sql("SELECT content FROM secret_ballot WHERE proposal_id = :p ORDER BY receipt").param("p", id.value())
            .query(String.class).list().stream().map(SecretBallotLinkageIT::choice)
            .map(c -> new Seen(c, 0, 0, 0, 0, 0, 0)).toList(), truth));

    // A backup keeps rows in the order it read them: pair the voters' rows with the ballots' rows.
    Path file = Files.createDirectories(Path.of("target/it-backups", UUID.randomUUID().toString())).resolve("b.backup");
    String previous = System.getProperty(DataDirectory.PROPERTY);
    System.setProperty(DataDirectory.PROPERTY, DATA_DIR);
    try {
      assertThat(BackupCommand.run(new String[] {file.toString()})).isZero();
    } finally {
      if (previous == null) {
        System.clearProperty(DataDirectory.PROPERTY);
      } else {
        System.setProperty(DataDirectory.PROPERTY, previous);
      }
    }
    List<String> backupVoters = new ArrayList<>();
    List<String> backupBallots = new ArrayList<>();
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(file))) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        if (entry.getName().endsWith("/secret_voter.copy")) {
          for (List<byte[]> row : copyRows(zip)) {
            if (uuid(row.get(0)).equals(id.value())) {
              backupVoters.add(uuid(row.get(1)).toString());
            }
          }
        } else if (entry.getName().endsWith("/secret_ballot.copy")) {
          for (List<byte[]> row : copyRows(zip)) {
            if (uuid(row.get(0)).equals(id.value())) {
              backupBallots.add(choice(new String(row.get(2), StandardCharsets.UTF_8)));
            }
          }
        }
      }
    }
    assertThat(backupVoters).hasSize(VOTERS);
    assertThat(backupBallots).hasSize(VOTERS);
    int byBackupOrder = 0;
    for (int i = 0; i < VOTERS; i++) {
      byBackupOrder += truth.get(UUID.fromString(backupVoters.get(i))).equals(backupBallots.get(i)) ? 1 : 0;
    }
    links.put("backup row order", byBackupOrder);

    System.out.println("Correct voter-ballot pairs per attack, out of " + VOTERS + ": " + links);
    assertThat(links).as("correct voter-ballot pairs per attack, out of " + VOTERS)
        .allSatisfy((attack, correct) -> assertThat(correct).as(attack).isLessThanOrEqualTo(CHANCE));

    // Nothing public about this vote names a voter: the log entries and notifications of the proposal.
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
        jdbc.sql("SELECT count(*) FROM event_publication WHERE completion_date IS NULL").query(Long.class).single() == 0);
    List<String> logged = jdbc.sql("SELECT leaf FROM log_entry WHERE leaf LIKE :p").param("p", "%" + id + "%")
        .query(String.class).list();
    assertThat(logged).isNotEmpty();
    for (UUID voter : truth.keySet()) {
      assertThat(logged).noneMatch(leaf -> leaf.contains(voter.toString()));
    }
    assertThat(jdbc.sql("SELECT count(*) FROM notification WHERE proposal_id = :p AND kind NOT IN ('voting', 'result')")
        .param("p", id.value()).query(Long.class).single()).as("casting sends no notification").isZero();
  }

  /**
   * A session begun with a passkey holds no ballot secret: the ballot form asks for the password. A
   * wrong one is refused (and stores nothing); the right one gives the same secret a password sign-in
   * derives, so the receipt can be fetched again later.
   */
  @Test
  void aPasskeySessionGivesItsPasswordForARecoverableReceipt() {
    MemberId voter = member("passkey-voter", Role.MEMBER);
    ProposalId id = proposals.create(steward(), new NewProposal("Secret, by passkey", "", "general", "majority",
        List.of(), 1, 5, true, null, 0, 3, 0, false, null, 0));
    var request = new MockHttpServletRequest();
    Assertions.assertThatThrownBy(
        () -> accounts.rememberBallotSecret(request, voter, "not the password"))
        .isInstanceOf(InvalidInput.class);
    assertThat(BallotSecret.of(request)).isNull();
    accounts.rememberBallotSecret(request, voter, PASSWORD);
    byte[] secret = BallotSecret.of(request);
    assertThat(secret).isNotNull();
    String receipt = proposals.cast(voter, id, new BallotInput("no", Set.of(), Map.of()), secret).orElseThrow();
    var session = signedIn("passkey-voter");
    String path = "/proposals/" + id;
    session.get(path);
    assertThat(session.post(path + "/receipt", Map.of()).body()).contains(receipt);
  }

  /**
   * A ballot stored but its response lost (a crash between the commit and the page): the voter fetches
   * the receipt again while the vote is open; no one else can, nothing stored pairs it with the voter, and
   * after the close the key it came from is gone.
   */
  @Test
  void aVoterWhoseResponseWasLostFetchesTheReceiptAgain() {
    MemberId voter = member("lost-response", Role.MEMBER);
    member("other-member", Role.MEMBER);
    ProposalId id = proposals.create(steward(), new NewProposal("Secret yes/no", "", "general", "majority", List.of(),
        1, 5, true, null, 0, 3, 0, false, null, 0));
    String path = "/proposals/" + id;
    var session = signedIn("lost-response");
    session.get(path);
    var cast = session.post(path + "/ballot", Map.of("choice", "yes"));
    Matcher shown = Pattern.compile("<code dir=\"ltr\">([0-9a-f]{64})</code>")
        .matcher(cast.body());
    assertThat(shown.find()).as("the receipt is shown once after casting").isTrue();
    String receipt = shown.group(1);
    // The response is "lost": the voter signs in again elsewhere (with the password) and asks for it.
    session = signedIn("lost-response");
    assertThat(session.get(path).body()).contains("You have voted").doesNotContain(receipt);
    var again = session.post(path + "/receipt", Map.of());
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.body()).contains(receipt);
    // Whoever holds the database, a backup and the instance key: no stored key derives it (the old
    // design kept a per-vote key, sealed with the instance key, that recomputed every voter's receipt).
    assertThat(jdbc.sql("SELECT count(*) FROM ballot_receipt_key WHERE proposal_id = :p").param("p", id.value())
        .query(Long.class).single()).as("no receipt key stored while voting").isZero();
    for (String purpose : List.of("secret-ballot-receipt-key", "receipt", "ballot-receipt", "sealed-ballot")) {
      assertThat(keys.keyedHash(purpose, id + "\n" + voter.value())).isNotEqualTo(receipt);
    }
    var other = signedIn("other-member");
    other.get(path);
    assertThat(other.post(path + "/receipt", Map.of()).body()).as("only a voter gets a receipt").doesNotContain(receipt);
    for (String table : jdbc.sql("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").query(String.class).list()) {
      assertThat(jdbc.sql("SELECT count(*) FROM \"" + table + "\" t WHERE t::text LIKE :r").param("r", "%" + receipt + "%")
          .query(Long.class).single()).as("the receipt stored in %s while voting", table).isZero();
    }

    proposals.close(id);
    assertThat(session.get(path + "/receipts.txt").body()).contains(receipt);
    assertThat(jdbc.sql("SELECT count(*) FROM secret_ballot b JOIN secret_voter v USING (proposal_id) "
        + "WHERE b.proposal_id = :p AND b::text LIKE '%' || v.voter || '%'").param("p", id.value())
        .query(Long.class).single()).isZero();
    session.get(path);
    assertThat(session.post(path + "/receipt", Map.of()).body()).as("not offered after the close: the list is public")
        .doesNotContain(receipt);
  }

  /**
   * Ballots cast side by side (each taking and resealing earlier ones) while the vote closes: every
   * acknowledged ballot is counted once, its receipt published, and nothing sealed is left behind.
   */
  @Test
  void simultaneousSecretBallotsAndTheCloseLoseNothingAcknowledged() throws Exception {
    List<MemberId> racers = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      racers.add(member("secret-racer-" + i, Role.MEMBER));
    }
    ProposalId id = proposals.create(steward(), new NewProposal("Secret race", "", "general", "majority", List.of(),
        1, 5, true, null, 0, 3, 0, false, null, 0));
    List<Callable<String>> work = new ArrayList<>();
    for (MemberId racer : racers) {
      work.add(() -> {
        try {
          return proposals.cast(racer, id, new BallotInput("yes", Set.of(), Map.of())).orElseThrow();
        } catch (InvalidInput closed) {
          return "";
        }
      });
    }
    work.add(20, () -> {
      proposals.close(id);
      return "";
    });
    List<String> receipts = new ArrayList<>();
    try (var pool = Executors.newFixedThreadPool(8)) {
      for (var f : pool.invokeAll(work)) {
        if (!f.get().isEmpty()) {
          receipts.add(f.get());
        }
      }
    }
    assertThat(receipts).isNotEmpty().doesNotHaveDuplicates();
    List<String> published = jdbc.sql("SELECT receipt FROM secret_ballot WHERE proposal_id = :p")
        .param("p", id.value()).query(String.class).list();
    assertThat(published).containsExactlyInAnyOrderElementsOf(receipts);
    assertThat(jdbc.sql("SELECT count(*) FROM secret_voter WHERE proposal_id = :p").param("p", id.value())
        .query(Long.class).single()).isEqualTo(receipts.size());
    assertThat(jdbc.sql("SELECT count(*) FROM sealed_ballot WHERE proposal_id = :p").param("p", id.value())
        .query(Long.class).single()).isZero();
    assertThat(proposals.find(id).orElseThrow().result()).contains("Yes: " + receipts.size() + ", no: 0");
  }

  private List<Seen> voters(ProposalId id) {
    return seen("SELECT voter::text, proposal_id::text", "secret_voter", id);
  }

  private List<Seen> ballots(ProposalId id) {
    return seen("SELECT content, proposal_id::text", "secret_ballot", id).stream()
        .map(s -> new Seen(choice(s.who()), s.xmin(), s.xmax(), s.cmin(), s.cmax(), s.ctid(), s.position())).toList();
  }

  /** Every row of the table in the order a plain scan returns it (physical order), filtered afterwards. */
  private List<Seen> seen(String select, String table, ProposalId id) {
    List<Seen> rows = new ArrayList<>();
    jdbc.sql(select + ", xmin::text, xmax::text, cmin::text, cmax::text, ctid::text FROM " + table)
        .query(rs -> {
          if (rs.getString(2).equals(id.toString())) {
            String[] ctid = rs.getString(7).replaceAll("[()]", "").split(",");
            rows.add(new Seen(rs.getString(1), Long.parseLong(rs.getString(3)), Long.parseLong(rs.getString(4)),
                Long.parseLong(rs.getString(5)), Long.parseLong(rs.getString(6)),
                Long.parseLong(ctid[0]) * 10_000 + Long.parseLong(ctid[1]), rows.size()));
          }
        });
    return rows;
  }

  private static String choice(String content) {
    Matcher m = SCORES.matcher(content.replaceAll("\\s", ""));
    return m.find() ? m.group() : content;
  }

  private static List<Seen> sorted(List<Seen> rows, Function<Seen, Long> column, boolean reversed) {
    Comparator<Seen> order = Comparator.comparing(column);
    return rows.stream().sorted(reversed ? order.reversed() : order).toList();
  }

  /** Pairs the i-th voter with the i-th ballot; counts the right pairs. */
  private static int pair(List<Seen> voters, List<Seen> ballots, Map<UUID, String> truth) {
    int correct = 0;
    for (int i = 0; i < Math.min(voters.size(), ballots.size()); i++) {
      correct += truth.get(UUID.fromString(voters.get(i).who())).equals(ballots.get(i).who()) ? 1 : 0;
    }
    return correct;
  }

  /** Pairs each voter with the one ballot that has the same value in the column, if exactly one has. */
  private static int join(List<Seen> voters, List<Seen> ballots, Function<Seen, Long> column, Map<UUID, String> truth) {
    int correct = 0;
    for (Seen voter : voters) {
      List<Seen> same = ballots.stream().filter(b -> column.apply(b).equals(column.apply(voter))).toList();
      if (same.size() == 1 && truth.get(UUID.fromString(voter.who())).equals(same.get(0).who())) {
        correct++;
      }
    }
    return correct;
  }

  /** The rows of a PostgreSQL binary COPY stream, each a list of field bytes (null for SQL NULL). */
  private static List<List<byte[]>> copyRows(InputStream in) throws IOException {
    DataInputStream data = new DataInputStream(in);
    data.readFully(new byte[11]);
    data.readInt();
    data.skipNBytes(data.readInt());
    List<List<byte[]>> rows = new ArrayList<>();
    for (short fields = data.readShort(); fields != -1; fields = data.readShort()) {
      List<byte[]> row = new ArrayList<>();
      for (int f = 0; f < fields; f++) {
        int length = data.readInt();
        row.add(length < 0 ? null : data.readNBytes(length));
      }
      rows.add(row);
    }
    return rows;
  }

  private static UUID uuid(byte[] bytes) {
    ByteBuffer b = ByteBuffer.wrap(bytes);
    return new UUID(b.getLong(), b.getLong());
  }
}
