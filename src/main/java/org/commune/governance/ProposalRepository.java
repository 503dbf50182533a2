package org.commune.governance;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for proposals, their options and ballots. */
@Repository
class ProposalRepository {

  private static final String VIEW =
      """
      SELECT p.id, p.title, p.body, p.method, p.phase, p.opened_at, p.closes_at, p.eligible, p.tie_seed,
             p.threshold_num, p.threshold_den, p.quorum_num, p.quorum_den, p.outcome, p.result,
             coalesce(p.turnout, (SELECT count(*) FROM ballot b WHERE b.proposal_id = p.id)) AS ballots
      FROM proposal p
      """;

  private final JdbcClient jdbc;

  ProposalRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(ProposalId id, String title, String body, VotingMethod method, int[] threshold, int[] quorum,
      java.util.UUID author, long eligible, long seed, Instant opened, Instant closes, List<String> options) {
    jdbc.sql(
            """
            INSERT INTO proposal (id, title, body, method, threshold_num, threshold_den, quorum_num, quorum_den,
                                  author, phase, eligible, tie_seed, opened_at, closes_at)
            VALUES (:id, :title, :body, :method, :tn, :td, :qn, :qd, :author, 'voting', :eligible, :seed, :opened, :closes)
            """)
        .param("id", id.value()).param("title", title).param("body", body).param("method", method.code())
        .param("tn", threshold[0]).param("td", threshold[1]).param("qn", quorum[0]).param("qd", quorum[1])
        .param("author", author).param("eligible", eligible).param("seed", seed)
        .param("opened", Timestamp.from(opened)).param("closes", Timestamp.from(closes))
        .update();
    for (int i = 0; i < options.size(); i++) {
      jdbc.sql("INSERT INTO proposal_option (proposal_id, idx, label) VALUES (:id, :idx, :label)")
          .param("id", id.value()).param("idx", i).param("label", options.get(i)).update();
    }
  }

  Optional<ProposalView> find(ProposalId id) {
    return jdbc.sql(VIEW + " WHERE p.id = :id").param("id", id.value()).query(ProposalRepository::map).optional()
        .map(this::withOptions);
  }

  /**
   * The phase, with the proposal row locked: ballots take a shared lock, closing an exclusive one, so
   * ballots are cast side by side but none is acknowledged after the count began.
   */
  Optional<String> lockPhase(ProposalId id, boolean exclusive) {
    String lock = exclusive ? "FOR UPDATE" : "FOR SHARE";
    return jdbc.sql("SELECT phase FROM proposal WHERE id = :id " + lock).param("id", id.value())
        .query(String.class).optional();
  }

  List<ProposalView> newest(int count) {
    return jdbc.sql(VIEW + " ORDER BY p.opened_at DESC LIMIT :count").param("count", count)
        .query(ProposalRepository::map).list().stream().map(this::withOptions).toList();
  }

  List<ProposalId> dueForClosing(Instant now) {
    return jdbc.sql("SELECT id FROM proposal WHERE phase = 'voting' AND closes_at <= :now")
        .param("now", Timestamp.from(now))
        .query((rs, n) -> new ProposalId(rs.getObject(1, UUID.class))).list();
  }

  void insertBallot(ProposalId id, UUID voter, String content) {
    jdbc.sql("INSERT INTO ballot (proposal_id, voter, content) VALUES (:id, :voter, :content)")
        .param("id", id.value()).param("voter", voter).param("content", content).update();
  }

  boolean hasVoted(ProposalId id, UUID voter) {
    return jdbc.sql("SELECT EXISTS (SELECT 1 FROM ballot WHERE proposal_id = :id AND voter = :voter)")
        .param("id", id.value()).param("voter", voter).query(Boolean.class).single();
  }

  /** A ballot with its voter, for weighting at close; never shown with the voter. */
  record VoterBallot(UUID voter, String content) {}

  List<VoterBallot> ballots(ProposalId id) {
    return jdbc.sql("SELECT voter, content FROM ballot WHERE proposal_id = :id ORDER BY content, voter")
        .param("id", id.value())
        .query((rs, n) -> new VoterBallot(rs.getObject(1, UUID.class), rs.getString(2))).list();
  }

  void recordRoutes(ProposalId id, java.util.Map<UUID, java.util.Optional<UUID>> castBy) {
    castBy.forEach((member, voter) -> jdbc.sql(
            "INSERT INTO vote_route (proposal_id, member, cast_by) VALUES (:id, :member, :voter)")
        .param("id", id.value()).param("member", member).param("voter", voter.orElse(null)).update());
  }

  /** Who cast a member's vote in a closed vote: themselves, a delegate, or nobody (empty inner). */
  java.util.Optional<java.util.Optional<UUID>> routeOf(ProposalId id, UUID member) {
    return jdbc.sql("SELECT cast_by FROM vote_route WHERE proposal_id = :id AND member = :member")
        .param("id", id.value()).param("member", member)
        .query((rs, n) -> java.util.Optional.ofNullable(rs.getObject(1, UUID.class))).optional();
  }

  /** Each voter's weight as recorded at the close: the members (themselves included) whose vote they cast. */
  java.util.Map<UUID, Integer> weightsAtClose(ProposalId id) {
    java.util.Map<UUID, Integer> weights = new java.util.HashMap<>();
    jdbc.sql("SELECT cast_by, count(*) FROM vote_route WHERE proposal_id = :id AND cast_by IS NOT NULL GROUP BY cast_by")
        .param("id", id.value())
        .query(rs -> {
          weights.put(rs.getObject(1, UUID.class), rs.getInt(2));
        });
    return weights;
  }

  void recordTurnout(ProposalId id, long turnout) {
    jdbc.sql("UPDATE proposal SET turnout = :t WHERE id = :id").param("t", turnout).param("id", id.value()).update();
  }

  void decide(ProposalId id, String outcome, String result, Instant at) {
    jdbc.sql("UPDATE proposal SET phase = 'decided', outcome = :outcome, result = :result, decided_at = :at, "
            + "version = version + 1 WHERE id = :id AND phase = 'voting'")
        .param("outcome", outcome).param("result", result).param("at", Timestamp.from(at)).param("id", id.value())
        .update();
  }

  /**
   * Options are read after the proposal rows are read, never from inside a row mapper: a query nested
   * in an open result set takes a second connection, and under load every connection ends up
   * waiting for another (found by bench/casting.sh).
   */
  private ProposalView withOptions(ProposalView view) {
    List<String> options = jdbc.sql("SELECT label FROM proposal_option WHERE proposal_id = :id ORDER BY idx")
        .param("id", view.id().value()).query(String.class).list();
    return new ProposalView(view.id(), view.title(), view.body(), view.method(), options, view.phase(), view.openedAt(),
        view.closesAt(), view.eligible(), view.ballots(), view.tieSeed(), view.threshold(), view.quorum(), view.outcome(),
        view.result());
  }

  private static ProposalView map(ResultSet rs, int row) throws SQLException {
    ProposalId id = new ProposalId(rs.getObject("id", UUID.class));
    return new ProposalView(
        id, rs.getString("title"), rs.getString("body"),
        VotingMethod.fromCode(rs.getString("method")).orElseThrow(), List.of(), rs.getString("phase"),
        rs.getTimestamp("opened_at").toInstant(), rs.getTimestamp("closes_at").toInstant(),
        rs.getLong("eligible"), rs.getLong("ballots"), rs.getLong("tie_seed"),
        rs.getInt("threshold_num") + "/" + rs.getInt("threshold_den"),
        rs.getInt("quorum_num") + "/" + rs.getInt("quorum_den"),
        rs.getString("outcome"), rs.getString("result"));
  }
}
