package org.commune.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.commune.database.InstanceKeys;
import org.commune.members.Accounts;
import org.commune.members.BallotSecret;
import org.commune.members.InvalidInput;
import org.commune.members.MemberId;
import org.commune.members.Role;
import org.commune.testing.RunningCommune;
import org.commune.testing.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * Members see their own ballot and change it until the close, open and secret. From the attacker's
 * side: after a secret change nothing in the database tells which sealed ballot was replaced or by
 * whom, only the latest ballot counts, the old receipt is gone, and nobody can change another's ballot.
 */
class BallotChangeIT extends RunningCommune {

  private static final Pattern RECEIPT = Pattern.compile("<code dir=\"ltr\">([0-9a-f]{64})</code>");

  @Autowired Proposals proposals;
  @Autowired Accounts accounts;
  @Autowired InstanceKeys keys;

  /** An open ranked ballot: shown back as "1. X, 2. Y", changed in place, refused after the close. */
  @Test
  void anOpenBallotIsShownAndChangedUntilTheClose() {
    member("change-a", Role.MEMBER);
    member("change-b", Role.MEMBER);
    ProposalId id = proposals.create(steward(), NewProposal.votingFor("Choose a name", "", "irv",
        List.of("Solidarity", "تضامن", "Unity"), Duration.ofDays(1), 0));
    String path = "/proposals/" + id;
    WebSession a = signedIn("change-a");
    assertThat(a.get(path).body()).contains("data-seed").doesNotContain("Change my ballot");
    // Changing before voting is refused, in both languages; nothing is stored.
    WebSession.Page early = a.post(path + "/ballot/change", Map.of("rank-0", "1"));
    assertThat(early.status()).isEqualTo(400);
    assertThat(early.body()).contains("You have not voted in this vote yet: cast your ballot first.");
    a.switchLanguage("ar");
    a.get(path);
    assertThat(a.post(path + "/ballot/change", Map.of("rank-0", "1")).body()).contains("لم تصوّت في هذا التصويت بعد");
    a.switchLanguage("en");
    a.get(path);
    assertThat(a.post(path + "/ballot", Map.of("rank-1", "1", "rank-0", "2")).status()).isEqualTo(302);
    String mine = a.get(path).body();
    assertThat(mine).contains("Your ballot as cast").contains("1. <bdi>تضامن</bdi>").contains("2. <bdi>Solidarity</bdi>")
        .contains("Change my ballot");
    // A bad change is refused and the ballot stays as it was.
    assertThat(a.post(path + "/ballot/change", Map.of("rank-0", "1", "rank-1", "1")).status()).isEqualTo(400);
    assertThat(jdbc.sql("SELECT content FROM ballot WHERE proposal_id = :p").param("p", id.value())
        .query(String.class).single()).isEqualTo("{\"ranks\":[2,1,0]}");
    a.get(path);
    assertThat(a.post(path + "/ballot/change", Map.of("rank-2", "1", "rank-0", "2")).status()).isEqualTo(302);
    assertThat(a.get(path).body()).contains("1. <bdi>Unity</bdi>").contains("2. <bdi>Solidarity</bdi>")
        .doesNotContain("1. <bdi>تضامن</bdi>");
    assertThat(jdbc.sql("SELECT count(*) FROM ballot WHERE proposal_id = :p").param("p", id.value())
        .query(Long.class).single()).isEqualTo(1);
    // Another member sees nothing of it.
    WebSession b = signedIn("change-b");
    assertThat(b.get(path).body()).doesNotContain("Your ballot as cast").contains("1 of");

    proposals.close(id);
    assertThat(proposals.report(proposals.find(id).orElseThrow()).orElseThrow().winners()).containsExactly("Unity");
    a.get(path);
    WebSession.Page late = a.post(path + "/ballot/change", Map.of("rank-0", "1"));
    assertThat(late.status()).isEqualTo(400);
    assertThat(late.body()).contains("Voting on this proposal has closed");
    assertThat(a.get(path).body()).contains("Your ballot as cast").contains("1. <bdi>Unity</bdi>")
        .doesNotContain("data-seed");
  }

  /**
   * A secret ballot changed: the new one replaces the old inside a batch that writes no row naming the
   * voter and rewrites every sealed ballot of the vote, so no row survives to say which was replaced;
   * the receipt changes; only the latest counts; a hostile member cannot touch another's ballot.
   */
  @Test
  void aSecretBallotIsReplacedWithoutAnythingLinkingTheTwoOrTheVoter() {
    List<MemberId> voters = new ArrayList<>();
    List<byte[]> secrets = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      MemberId voter = member("secret-change-" + i, Role.MEMBER);
      voters.add(voter);
      var request = new MockHttpServletRequest();
      accounts.rememberBallotSecret(request, voter, PASSWORD);
      secrets.add(BallotSecret.of(request));
    }
    MemberId outsider = member("secret-change-outsider", Role.MEMBER);
    MemberId randomVoter = member("secret-change-random", Role.MEMBER);
    ProposalId id = proposals.create(steward(), NewProposal.votingFor("Secret change", "", "majority", List.of(),
        Duration.ofDays(1), 0).in(null, true));
    // One member casts without their secret (a passkey session that gave no password): a random receipt.
    proposals.cast(randomVoter, id, new BallotInput("yes", Set.of(), Map.of()), null);
    List<String> receipts = new ArrayList<>();
    for (int i = 0; i < voters.size(); i++) {
      receipts.add(proposals.cast(voters.get(i), id, new BallotInput(i < 3 ? "yes" : "no", Set.of(), Map.of()),
          secrets.get(i)).orElseThrow());
    }
    Set<String> sealedBefore = sealedRows(id);
    List<String> voterRowsBefore = jdbc.sql("SELECT voter::text || '/' || xmin::text FROM secret_voter WHERE proposal_id = :p ORDER BY voter")
        .param("p", id.value()).query(String.class).list();

    // Voter 0 changes yes → no.
    String changed = proposals.change(voters.get(0), id, new BallotInput("no", Set.of(), Map.of()), secrets.get(0))
        .orElseThrow();
    assertThat(changed).isNotEqualTo(receipts.get(0)).matches("[0-9a-f]{64}");
    Set<String> sealedAfter = sealedRows(id);
    assertThat(sealedAfter).hasSize(7);
    assertThat(sealedAfter).as("every sealed row was rewritten: none tells which one was replaced")
        .doesNotContainAnyElementsOf(sealedBefore);
    assertThat(jdbc.sql("SELECT voter::text || '/' || xmin::text FROM secret_voter WHERE proposal_id = :p ORDER BY voter")
        .param("p", id.value()).query(String.class).list()).as("the change wrote no voter row").isEqualTo(voterRowsBefore);
    // No row of any table written in the change's transaction names the voter.
    List<Long> changeXids = jdbc.sql("SELECT DISTINCT xmin::text::bigint FROM sealed_ballot WHERE proposal_id = :p")
        .param("p", id.value()).query(Long.class).list();
    assertThat(changeXids).hasSize(1);
    for (String table : jdbc.sql("SELECT tablename FROM pg_tables WHERE schemaname = 'public'").query(String.class).list()) {
      List<String> rows = jdbc.sql("SELECT t::text FROM \"" + table + "\" t WHERE t.xmin::text::bigint IN (:x)")
          .param("x", changeXids).query(String.class).list();
      assertThat(rows).as("rows of %s written by the change", table)
          .noneMatch(r -> r.contains(voters.get(0).toString()));
    }
    // With the instance key: the old receipt is gone, the new one is there, each receipt once.
    List<String> opened = openedReceipts(id);
    assertThat(opened).hasSize(7).doesNotContain(receipts.get(0)).contains(changed).doesNotHaveDuplicates();

    // The voter sees their ballot (found with their own secret); the receipt again is the new one.
    WebSession voterPage = signedIn("secret-change-0");
    String path = "/proposals/" + id;
    String page = voterPage.get(path).body();
    assertThat(page).contains("Your ballot as cast").contains("data-own-choice=\"no\"");
    assertThat(voterPage.post(path + "/receipt", Map.of()).body()).contains(changed).doesNotContain(receipts.get(0));
    // Change again over HTTP: a third receipt, still one ballot.
    voterPage.get(path);
    WebSession.Page again = voterPage.post(path + "/ballot/change", Map.of("choice", "abstain"));
    assertThat(again.status()).isEqualTo(200);
    Matcher shown = RECEIPT.matcher(again.body());
    assertThat(shown.find()).isTrue();
    String third = shown.group(1);
    assertThat(third).isNotIn(changed, receipts.get(0));
    assertThat(openedReceipts(id)).hasSize(7).contains(third).doesNotContain(changed);

    // Hostile: another member "changes" with their own secret: only their own ballot is replaced.
    proposals.change(voters.get(5), id, new BallotInput("yes", Set.of(), Map.of()), secrets.get(5));
    // Without a secret, or one that never cast: refused, nothing replaced.
    assertThatThrownBy(() -> proposals.change(voters.get(1), id, new BallotInput("no", Set.of(), Map.of()), null))
        .isInstanceOf(InvalidInput.class).hasMessageContaining("ballot.change.secret-needed");
    var request = new MockHttpServletRequest();
    accounts.rememberBallotSecret(request, outsider, PASSWORD);
    assertThatThrownBy(() -> proposals.change(outsider, id, new BallotInput("no", Set.of(), Map.of()),
        BallotSecret.of(request))).isInstanceOf(InvalidInput.class).hasMessageContaining("ballot.change.none");
    // A ballot cast with a random receipt cannot be found by the member's secret: refused, never doubled.
    var randomRequest = new MockHttpServletRequest();
    accounts.rememberBallotSecret(randomRequest, randomVoter, PASSWORD);
    assertThatThrownBy(() -> proposals.change(randomVoter, id, new BallotInput("no", Set.of(), Map.of()),
        BallotSecret.of(randomRequest))).isInstanceOf(InvalidInput.class).hasMessageContaining("ballot.change.not-found");
    assertThat(openedReceipts(id)).hasSize(7);

    proposals.close(id);
    ProposalView decided = proposals.find(id).orElseThrow();
    // yes: voters 1, 2, 5 and the random-receipt voter; no: 3, 4; abstain: 0 — only the latest of each counts.
    assertThat(decided.result()).contains("Yes: 4, no: 2, abstain: 1");
    List<String> published = proposals.receipts(decided);
    assertThat(published).hasSize(7).contains(third).doesNotContain(receipts.get(0), changed);
    assertThatThrownBy(() -> proposals.change(voters.get(0), id, new BallotInput("yes", Set.of(), Map.of()),
        secrets.get(0))).isInstanceOf(InvalidInput.class).hasMessageContaining("ballot.closed");
    // After the close the voter still sees their own (latest) ballot; the old receipts are nowhere.
    assertThat(signedIn("secret-change-0").get(path).body()).contains("data-own-choice=\"abstain\"");
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
        jdbc.sql("SELECT count(*) FROM event_publication WHERE completion_date IS NULL").query(Long.class).single() == 0);
    for (String old : List.of(receipts.get(0), changed)) {
      assertThat(jdbc.sql("SELECT count(*) FROM log_entry WHERE leaf LIKE :r").param("r", "%" + old + "%")
          .query(Long.class).single()).isZero();
      assertThat(jdbc.sql("SELECT count(*) FROM secret_ballot WHERE receipt = :r").param("r", old)
          .query(Long.class).single()).isZero();
    }
  }

  private Set<String> sealedRows(ProposalId id) {
    return new HashSet<>(jdbc.sql("SELECT id::text || ':' || encode(sealed, 'hex') FROM sealed_ballot WHERE proposal_id = :p")
        .param("p", id.value()).query(String.class).list());
  }

  private List<String> openedReceipts(ProposalId id) {
    List<String> out = new ArrayList<>();
    Pattern receipt = Pattern.compile("\"receipt\"\\s*:\\s*\"([0-9a-f]{64})\"");
    for (byte[] sealed : jdbc.sql("SELECT sealed FROM sealed_ballot WHERE proposal_id = :p").param("p", id.value())
        .query((rs, n) -> rs.getBytes(1)).list()) {
      Matcher m = receipt.matcher(new String(keys.decrypt("secret-ballot", sealed), StandardCharsets.UTF_8));
      if (m.find()) {
        out.add(m.group(1));
      }
    }
    return out;
  }
}
