package org.commune.governance.proposal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.commune.governance.DecisionType;
import org.commune.governance.Outcome;
import org.commune.governance.ProposalFilter;
import org.commune.governance.ProposalId;
import org.commune.governance.ProposalPhase;
import org.commune.governance.ProposalView;
import org.commune.governance.VoteControl;
import org.commune.governance.VoteRoute;
import org.commune.governance.VotingMethod;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for proposals, their options and ballots (open and secret), and where each vote went. */
@Repository
public class ProposalRepository {

  private static final String VIEW =
      """
      SELECT p.*,
             coalesce(p.turnout, (SELECT count(*) FROM ballot b WHERE b.proposal_id = p.id)
                                 + (SELECT count(*) FROM secret_voter v WHERE v.proposal_id = p.id)) AS ballots
      FROM proposal p
      """;

  private final JdbcClient jdbc;

  ProposalRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** A new proposal, in full. */
  public record Row(ProposalId id, String title, String body, DecisionType type, VotingMethod method, int[] threshold,
      int[] quorum, UUID author, @Nullable UUID group, int seats, int maxScore, boolean secret, ProposalPhase phase,
      long eligible, long seed, Instant created, @Nullable Instant discussion, Instant opens, Instant closes,
      List<String> options, @Nullable UUID amends, @Nullable String payload, int maxApprovals) {}

  public void insert(Row p) {
    jdbc.sql(
            """
            INSERT INTO proposal (id, title, body, decision_type, method, threshold_num, threshold_den, quorum_num,
                                  quorum_den, author, scope_group, seats, max_score, secret, phase, eligible, tie_seed,
                                  created_at, discussion_at, opened_at, closes_at, amends, payload, max_approvals)
            VALUES (:id, :title, :body, :type, :method, :tn, :td, :qn, :qd, :author, :group, :seats, :maxScore, :secret,
                    :phase, :eligible, :seed, :created, :discussion, :opens, :closes, :amends, :payload, :maxApprovals)
            """)
        .param("id", p.id().value()).param("title", p.title()).param("body", p.body()).param("type", p.type().code())
        .param("method", p.method().code()).param("tn", p.threshold()[0]).param("td", p.threshold()[1])
        .param("qn", p.quorum()[0]).param("qd", p.quorum()[1]).param("author", p.author()).param("group", p.group())
        .param("seats", p.seats()).param("maxScore", p.maxScore()).param("secret", p.secret())
        .param("phase", p.phase().code()).param("eligible", p.eligible()).param("seed", p.seed())
        .param("created", Timestamp.from(p.created()))
        .param("discussion", p.discussion() == null ? null : Timestamp.from(p.discussion()))
        .param("opens", Timestamp.from(p.opens())).param("closes", Timestamp.from(p.closes()))
        .param("amends", p.amends()).param("payload", p.payload()).param("maxApprovals", p.maxApprovals())
        .update();
    for (int i = 0; i < p.options().size(); i++) {
      jdbc.sql("INSERT INTO proposal_option (proposal_id, idx, label) VALUES (:id, :idx, :label)")
          .param("id", p.id().value()).param("idx", i).param("label", p.options().get(i)).update();
    }
  }

  /**
   * The proposal without its ballot count and options: what casting needs, read once per ballot, so it
   * must not count the ballots already cast.
   */
  public Optional<ProposalView> findForCasting(ProposalId id) {
    return jdbc.sql("SELECT p.*, 0 AS ballots FROM proposal p WHERE p.id = :id").param("id", id.value())
        .query(ProposalRepository::map).optional().map(this::withOptions);
  }

  public Optional<ProposalView> find(ProposalId id) {
    return jdbc.sql(VIEW + " WHERE p.id = :id").param("id", id.value()).query(ProposalRepository::map).optional()
        .map(this::withOptions);
  }

  /**
   * The phase, with the proposal row locked: ballots take a shared lock, closing an exclusive one, so
   * ballots are cast side by side but none is acknowledged after the count began.
   */
  public Optional<ProposalPhase> lockPhase(ProposalId id, boolean exclusive) {
    String lock = exclusive ? "FOR UPDATE" : "FOR SHARE";
    return jdbc.sql("SELECT phase FROM proposal WHERE id = :id " + lock).param("id", id.value())
        .query(String.class).optional().map(ProposalPhase::ofCode);
  }

  /** The newest proposals the viewer may see: everything but other members' drafts. */
  public List<ProposalView> newest(int count, UUID viewer) {
    return jdbc.sql(VIEW + " WHERE p.phase <> 'draft' OR p.author = :viewer ORDER BY p.created_at DESC LIMIT :count")
        .param("count", count).param("viewer", viewer)
        .query(ProposalRepository::map).list().stream().map(this::withOptions).toList();
  }

  /**
   * Open votes the member may cast and has not (their own ballot only, open or secret): the fixed
   * electorate decides once voting opened, else the proposal's group (or everyone). Soonest closing first.
   * Options are not read: the home page shows titles.
   */
  public List<ProposalView> votesWaiting(UUID member, Collection<UUID> groups, int count) {
    return jdbc.sql("SELECT p.*, 0 AS ballots FROM proposal p WHERE p.phase = 'voting' AND " + IN_ELECTORATE
            + " AND NOT EXISTS (SELECT 1 FROM ballot b WHERE b.proposal_id = p.id AND b.voter = :m)"
            + " AND NOT EXISTS (SELECT 1 FROM secret_voter v WHERE v.proposal_id = p.id AND v.voter = :m)"
            + " ORDER BY p.closes_at, p.id LIMIT :n")
        .param("m", member).param("groups", ids(groups)).param("n", count)
        .query(ProposalRepository::map).list();
  }

  /**
   * Proposals in discussion in the member's groups or for everyone: their own groups' first, then the
   * newest discussions (those the member is least likely to have seen); the page says when each opens for
   * voting and links to all of them.
   */
  public List<ProposalView> inDiscussion(Collection<UUID> groups, int count) {
    return jdbc.sql("SELECT p.*, 0 AS ballots FROM proposal p WHERE p.phase = 'discussion' AND " + IN_SCOPE
            + " ORDER BY (p.scope_group IS NULL), p.discussion_at DESC NULLS LAST, p.id LIMIT :n")
        .param("groups", ids(groups)).param("n", count).query(ProposalRepository::map).list();
  }

  /** Decisions taken after {@code since} in the member's groups, for everyone, or on their own proposals. */
  public List<ProposalView> decidedSince(UUID member, Collection<UUID> groups, Instant since, int count) {
    return jdbc.sql("SELECT p.*, 0 AS ballots FROM proposal p WHERE p.decided_at > :since AND (" + IN_SCOPE
            + " OR p.author = :m) ORDER BY p.decided_at DESC, p.id LIMIT :n")
        .param("since", Timestamp.from(since)).param("m", member).param("groups", ids(groups)).param("n", count)
        .query(ProposalRepository::map).list();
  }

  /**
   * The newest proposals the viewer may see (everything but other members' drafts), narrowed by phase,
   * group and whether the viewer has voted (their own ballot, open or secret: never anyone else's).
   */
  public List<ProposalView> list(UUID viewer, ProposalFilter filter, int count) {
    StringBuilder where = new StringBuilder(" WHERE (p.phase <> 'draft' OR p.author = :viewer)");
    if (filter.phase() != null) {
      where.append(" AND p.phase = :phase");
    }
    if (filter.group() != null) {
      where.append(" AND p.scope_group = :group");
    }
    if (filter.voted() != null) {
      where.append(filter.voted() ? " AND " : " AND NOT ").append(VOTED);
    }
    // Without the ballot counts of VIEW: the list shows none, and counting them row by row was most of its time.
    var query = jdbc.sql("SELECT p.*, 0 AS ballots FROM proposal p" + where + " ORDER BY p.created_at DESC, p.id LIMIT :count")
        .param("viewer", viewer).param("count", count);
    if (filter.phase() != null) {
      query = query.param("phase", filter.phase().code());
    }
    if (filter.group() != null) {
      query = query.param("group", filter.group());
    }
    return query.query(ProposalRepository::map).list();
  }

  /** The viewer's own ballot in the proposal, open or secret. */
  private static final String VOTED = "(EXISTS (SELECT 1 FROM ballot b WHERE b.proposal_id = p.id AND b.voter = :viewer)"
      + " OR EXISTS (SELECT 1 FROM secret_voter v WHERE v.proposal_id = p.id AND v.voter = :viewer))";

  /** The proposal concerns everyone, or a group in :groups (a comma-separated list of ids). */
  private static final String IN_SCOPE =
      "(p.scope_group IS NULL OR p.scope_group = ANY (string_to_array(:groups, ',')::uuid[]))";

  /** :m decides the vote: in its fixed electorate, or (none fixed) in its scope. */
  private static final String IN_ELECTORATE = "(CASE WHEN p.electorate_fixed THEN EXISTS (SELECT 1 FROM "
      + "proposal_electorate e WHERE e.proposal_id = p.id AND e.member = :m) ELSE " + IN_SCOPE + " END)";

  private static String ids(Collection<UUID> ids) {
    return String.join(",", ids.stream().map(UUID::toString).toList());
  }

  /** Every proposal, or the one with this id, without ballots counted or options read: for the search index. */
  public List<ProposalView> searchable(@Nullable UUID id) {
    return jdbc.sql("SELECT p.*, 0 AS ballots FROM proposal p" + (id == null ? "" : " WHERE p.id = :id"))
        .paramSource(id == null ? Map.of() : Map.of("id", id)).query(ProposalRepository::map).list();
  }

  public boolean any() {
    return jdbc.sql("SELECT EXISTS (SELECT 1 FROM proposal)").query(Boolean.class).single();
  }

  public List<ProposalId> inPhaseDue(ProposalPhase phase, String column, Instant now) {
    return jdbc.sql("SELECT id FROM proposal WHERE phase = :phase AND " + column + " <= :now")
        .param("phase", phase.code()).param("now", Timestamp.from(now))
        .query((rs, n) -> new ProposalId(rs.getObject(1, UUID.class))).list();
  }

  /** Votes closing before {@code soon} whose voters were not yet told; marks them told. */
  public List<ProposalId> claimClosingSoon(Instant soon) {
    return jdbc.sql("UPDATE proposal SET closing_notified = true WHERE phase = 'voting' AND NOT closing_notified "
            + "AND closes_at <= :soon RETURNING id")
        .param("soon", Timestamp.from(soon))
        .query((rs, n) -> new ProposalId(rs.getObject(1, UUID.class))).list();
  }

  /**
   * Moves a proposal from one phase to the next, a move the state machine allows ({@link
   * ProposalPhase#canMoveTo}); false when another server moved it first.
   */
  public boolean move(ProposalId id, ProposalPhase from, ProposalPhase to) {
    allowed(from, to);
    return jdbc.sql("UPDATE proposal SET phase = :to, version = version + 1 WHERE id = :id AND phase = :from")
        .param("to", to.code()).param("from", from.code()).param("id", id.value()).update() == 1;
  }

  private static void allowed(ProposalPhase from, ProposalPhase to) {
    if (!from.canMoveTo(to)) {
      throw new IllegalStateException("A proposal cannot move from " + from.code() + " to " + to.code());
    }
  }

  public void schedule(ProposalId id, @Nullable Instant discussion, Instant opens, Instant closes) {
    jdbc.sql("UPDATE proposal SET discussion_at = :d, opened_at = :o, closes_at = :c WHERE id = :id")
        .param("d", discussion == null ? null : Timestamp.from(discussion)).param("o", Timestamp.from(opens))
        .param("c", Timestamp.from(closes)).param("id", id.value()).update();
  }

  /** Moves a vote's closing time (closed early, or extended). */
  public void setClosesAt(ProposalId id, Instant closes) {
    jdbc.sql("UPDATE proposal SET closes_at = :c, version = version + 1 WHERE id = :id")
        .param("c", Timestamp.from(closes)).param("id", id.value()).update();
  }

  /** Records who changed when a vote ends, and why (see {@link VoteControl}). */
  public void insertVoteControl(ProposalId id, String action, @Nullable UUID by, @Nullable String role, String reason,
      Instant closes, Instant at) {
    jdbc.sql("INSERT INTO vote_control (id, proposal_id, action, by_member, role, reason, closes_at, at) "
            + "VALUES (:uuid, :id, :action, :by, :role, :reason, :closes, :at)")
        .param("uuid", UUID.randomUUID()).param("id", id.value()).param("action", action).param("by", by)
        .param("role", role).param("reason", reason).param("closes", Timestamp.from(closes))
        .param("at", Timestamp.from(at)).update();
  }

  public List<VoteControl> voteControls(ProposalId id) {
    return jdbc.sql("SELECT action, role, reason, closes_at, at FROM vote_control WHERE proposal_id = :id ORDER BY at")
        .param("id", id.value())
        .query((rs, n) -> new VoteControl(rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant()))
        .list();
  }

  /**
   * Open votes (not consent: it counts no ballots) whose fixed electorate has every member's own ballot
   * in: an open ballot or a secret voter row. A delegated vote is not "voted": the member may still cast
   * their own, which overrides their delegate's.
   */
  public List<ProposalId> openWithEveryoneVoted() {
    return jdbc.sql("""
            SELECT p.id FROM proposal p
            WHERE p.phase = 'voting' AND p.electorate_fixed AND p.method <> 'consent'
              AND EXISTS (SELECT 1 FROM proposal_electorate e WHERE e.proposal_id = p.id)
              AND NOT EXISTS (SELECT 1 FROM proposal_electorate e WHERE e.proposal_id = p.id
                  AND NOT EXISTS (SELECT 1 FROM ballot b WHERE b.proposal_id = p.id AND b.voter = e.member)
                  AND NOT EXISTS (SELECT 1 FROM secret_voter v WHERE v.proposal_id = p.id AND v.voter = e.member))
            """)
        .query((rs, n) -> new ProposalId(rs.getObject(1, UUID.class))).list();
  }

  public void setEligible(ProposalId id, long eligible) {
    jdbc.sql("UPDATE proposal SET eligible = :e WHERE id = :id").param("e", eligible).param("id", id.value()).update();
  }

  public void setBody(ProposalId id, String body) {
    jdbc.sql("UPDATE proposal SET body = :body, version = version + 1 WHERE id = :id")
        .param("body", body).param("id", id.value()).update();
  }

  public void setTitle(ProposalId id, String title) {
    jdbc.sql("UPDATE proposal SET title = :title, version = version + 1 WHERE id = :id")
        .param("title", title).param("id", id.value()).update();
  }

  /** Records implementation progress; a decided proposal moves to implementation (and stays there). */
  public void setImplementation(ProposalId id, String status) {
    allowed(ProposalPhase.DECIDED, ProposalPhase.IMPLEMENTATION);
    jdbc.sql("UPDATE proposal SET phase = :phase, implementation = :s WHERE id = :id AND outcome IS NOT NULL")
        .param("phase", ProposalPhase.IMPLEMENTATION.code()).param("s", status).param("id", id.value()).update();
  }

  public void insertBallot(ProposalId id, UUID voter, String content) {
    jdbc.sql("INSERT INTO ballot (proposal_id, voter, content) VALUES (:id, :voter, :content)")
        .param("id", id.value()).param("voter", voter).param("content", content).update();
  }

  /** Replaces a member's open ballot; false when they have none. */
  public boolean replaceBallot(ProposalId id, UUID voter, String content) {
    return jdbc.sql("UPDATE ballot SET content = :content, cast_at = now() WHERE proposal_id = :id AND voter = :voter")
        .param("id", id.value()).param("voter", voter).param("content", content).update() == 1;
  }

  /** The member's own open ballot (its content), if they cast one. */
  public Optional<String> ballotOf(ProposalId id, UUID voter) {
    return jdbc.sql("SELECT content FROM ballot WHERE proposal_id = :id AND voter = :voter")
        .param("id", id.value()).param("voter", voter).query(String.class).optional();
  }

  /** Records that a member voted in a secret vote; false when they had voted already (the primary key). */
  public boolean insertSecretVoterOnce(ProposalId id, UUID voter) {
    return jdbc.sql("INSERT INTO secret_voter (proposal_id, voter) VALUES (:id, :voter) ON CONFLICT DO NOTHING")
        .param("id", id.value()).param("voter", voter).update() == 1;
  }

  /** A counted secret ballot: its receipt and content, nothing that names or dates the voter. */
  public void insertSecretBallot(ProposalId id, String receipt, String content) {
    jdbc.sql("INSERT INTO secret_ballot (proposal_id, receipt, content) VALUES (:id, :receipt, :content)")
        .param("id", id.value()).param("receipt", receipt).param("content", content).update();
  }

  /**
   * Rewrites the sealed and counted secret ballot tables into new files (outside any transaction): the
   * rows the close deleted leave no dead tuple, and no free space inside a page, holding their bytes.
   */
  public void compactSecretBallotTables() {
    jdbc.sql("VACUUM FULL sealed_ballot, secret_ballot").update();
  }

  /** A secret ballot sealed until the close, under a random id: no voter, no time, no sequence. */
  public void insertSealedBallot(ProposalId id, byte[] sealed) {
    jdbc.sql("INSERT INTO sealed_ballot (id, proposal_id, sealed) VALUES (:uuid, :id, :sealed)")
        .param("uuid", UUID.randomUUID()).param("id", id.value()).param("sealed", sealed).update();
  }

  /**
   * Takes (deletes and returns) up to {@code count} sealed ballots of the vote, from a random point of
   * the random ids onwards (wrapping around); rows another ballot's transaction holds are skipped, so
   * two ballots never wait for each other.
   */
  public List<byte[]> takeSealedBallots(ProposalId id, int count) {
    UUID from = UUID.randomUUID();
    List<byte[]> taken = new ArrayList<>(take(id, "id >= :from", from, count));
    if (taken.size() < count) {
      taken.addAll(take(id, "id < :from", from, count - taken.size()));
    }
    return taken;
  }

  private List<byte[]> take(ProposalId id, String where, UUID from, int count) {
    return jdbc.sql("DELETE FROM sealed_ballot WHERE id IN (SELECT id FROM sealed_ballot WHERE proposal_id = :id AND "
            + where + " ORDER BY id LIMIT :count FOR UPDATE SKIP LOCKED) RETURNING sealed")
        .param("id", id.value()).param("from", from).param("count", count)
        .query((rs, n) -> rs.getBytes(1)).list();
  }

  public List<byte[]> sealedBallots(ProposalId id) {
    return jdbc.sql("SELECT sealed FROM sealed_ballot WHERE proposal_id = :id").param("id", id.value())
        .query((rs, n) -> rs.getBytes(1)).list();
  }

  /** A secret ballot under its receipt. */
  public record StoredBallot(String receipt, String content) {}

  /** Ballot contents under their receipts, as stored (before the close: ballots from before sealing). */
  public List<StoredBallot> plainSecretBallots(ProposalId id) {
    return jdbc.sql("SELECT receipt, content FROM secret_ballot WHERE proposal_id = :id").param("id", id.value())
        .query((rs, n) -> new StoredBallot(rs.getString(1), rs.getString(2))).list();
  }

  /** Deletes a vote's sealed ballots, its stored secret ballots and its receipt key (at the close, before the rewrite). */
  public void clearSecretBallots(ProposalId id) {
    jdbc.sql("DELETE FROM sealed_ballot WHERE proposal_id = :id").param("id", id.value()).update();
    jdbc.sql("DELETE FROM secret_ballot WHERE proposal_id = :id").param("id", id.value()).update();
    jdbc.sql("DELETE FROM ballot_receipt_key WHERE proposal_id = :id").param("id", id.value()).update();
  }

  /** Fixes the electorate of a vote that opens now: one row per member; the eligible count follows it. */
  public void fixElectorate(ProposalId id, Collection<UUID> electorate) {
    jdbc.sql("DELETE FROM proposal_electorate WHERE proposal_id = :id").param("id", id.value()).update();
    // One statement, however many members: opening a vote in a large organisation stays quick.
    jdbc.sql("INSERT INTO proposal_electorate (proposal_id, member) "
            + "SELECT :id, m FROM unnest(string_to_array(:members, ',')::uuid[]) AS m ON CONFLICT DO NOTHING")
        .param("id", id.value())
        .param("members", String.join(",", electorate.stream().map(UUID::toString).toList())).update();
    jdbc.sql("UPDATE proposal SET electorate_fixed = true, eligible = :n WHERE id = :id")
        .param("n", electorate.size()).param("id", id.value()).update();
  }

  /** The electorate fixed when voting opened; empty for votes opened before electorates were fixed. */
  public Optional<List<UUID>> fixedElectorate(ProposalId id) {
    boolean fixed = jdbc.sql("SELECT electorate_fixed FROM proposal WHERE id = :id").param("id", id.value())
        .query(Boolean.class).optional().orElse(false);
    if (!fixed) {
      return Optional.empty();
    }
    return Optional.of(jdbc.sql("SELECT member FROM proposal_electorate WHERE proposal_id = :id")
        .param("id", id.value()).query(UUID.class).list());
  }

  /** Votes in progress whose electorate was not fixed when they opened (opened before the fixing existed). */
  public List<ProposalId> openWithoutFixedElectorate() {
    return jdbc.sql("SELECT id FROM proposal WHERE phase = 'voting' AND NOT electorate_fixed")
        .query((rs, n) -> new ProposalId(rs.getObject(1, UUID.class))).list();
  }

  /** Open secret votes, each with how many have voted so far. */
  public Map<ProposalId, Long> openSecretVotes() {
    Map<ProposalId, Long> open = new HashMap<>();
    jdbc.sql("SELECT p.id, (SELECT count(*) FROM secret_voter v WHERE v.proposal_id = p.id) FROM proposal p "
            + "WHERE p.phase = 'voting' AND p.secret")
        .query(rs -> {
          open.put(new ProposalId(rs.getObject(1, UUID.class)), rs.getLong(2));
        });
    return open;
  }

  /** Who has voted in a secret vote (never with their ballot). */
  public List<UUID> secretVoters(ProposalId id) {
    return jdbc.sql("SELECT voter FROM secret_voter WHERE proposal_id = :id").param("id", id.value())
        .query(UUID.class).list();
  }

  /** Whether the member is in the vote's fixed electorate; empty when the vote has none fixed. */
  public Optional<Boolean> inFixedElectorate(ProposalId id, UUID member) {
    int state = jdbc.sql("SELECT CASE WHEN NOT p.electorate_fixed THEN -1 WHEN EXISTS (SELECT 1 FROM "
            + "proposal_electorate e WHERE e.proposal_id = p.id AND e.member = :member) THEN 1 ELSE 0 END "
            + "FROM proposal p WHERE p.id = :id")
        .param("id", id.value()).param("member", member).query(Integer.class).optional().orElse(-1);
    return state < 0 ? Optional.empty() : Optional.of(state == 1);
  }

  public boolean hasVoted(ProposalId id, UUID voter) {
    return jdbc.sql("SELECT EXISTS (SELECT 1 FROM ballot WHERE proposal_id = :id AND voter = :voter) "
            + "OR EXISTS (SELECT 1 FROM secret_voter WHERE proposal_id = :id AND voter = :voter)")
        .param("id", id.value()).param("voter", voter).query(Boolean.class).single();
  }

  /** A ballot with its voter, for weighting at close; never shown with the voter. */
  public record VoterBallot(UUID voter, String content) {}

  /** Who cast an open ballot (secret votes keep no voter on the ballot, so they have none here). */
  public List<UUID> voters(ProposalId id) {
    return jdbc.sql("SELECT voter FROM ballot WHERE proposal_id = :id").param("id", id.value()).query(UUID.class).list();
  }

  public List<VoterBallot> ballots(ProposalId id) {
    return jdbc.sql("SELECT voter, content FROM ballot WHERE proposal_id = :id ORDER BY content, voter")
        .param("id", id.value())
        .query((rs, n) -> new VoterBallot(rs.getObject(1, UUID.class), rs.getString(2))).list();
  }

  /** Secret ballots, each under its receipt instead of a voter (sorted by receipt: order says nothing). */
  public List<VoterBallot> secretBallots(ProposalId id) {
    return jdbc.sql("SELECT receipt, content FROM secret_ballot WHERE proposal_id = :id ORDER BY receipt")
        .param("id", id.value())
        .query((rs, n) -> new VoterBallot(UUID.nameUUIDFromBytes(rs.getString(1).getBytes()), rs.getString(2))).list();
  }

  public List<String> receipts(ProposalId id) {
    return jdbc.sql("SELECT receipt FROM secret_ballot WHERE proposal_id = :id ORDER BY receipt")
        .param("id", id.value()).query(String.class).list();
  }

  public void recordRoutes(ProposalId id, Map<UUID, Optional<UUID>> castBy) {
    castBy.forEach((member, voter) -> jdbc.sql(
            "INSERT INTO vote_route (proposal_id, member, cast_by) VALUES (:id, :member, :voter)")
        .param("id", id.value()).param("member", member).param("voter", voter.orElse(null)).update());
  }

  /** How a member's vote was counted in a closed vote; empty when the member was not in its electorate. */
  public Optional<VoteRoute> routeOf(ProposalId id, UUID member) {
    return jdbc.sql("SELECT cast_by FROM vote_route WHERE proposal_id = :id AND member = :member")
        .param("id", id.value()).param("member", member)
        .query((rs, n) -> VoteRoute.of(rs.getObject(1, UUID.class))).optional();
  }

  /** Each voter's weight as recorded at the close: the members (themselves included) whose vote they cast. */
  public Map<UUID, Integer> weightsAtClose(ProposalId id) {
    Map<UUID, Integer> weights = new HashMap<>();
    jdbc.sql("SELECT cast_by, count(*) FROM vote_route WHERE proposal_id = :id AND cast_by IS NOT NULL GROUP BY cast_by")
        .param("id", id.value())
        .query(rs -> {
          weights.put(rs.getObject(1, UUID.class), rs.getInt(2));
        });
    return weights;
  }

  public void recordReport(ProposalId id, String report) {
    jdbc.sql("UPDATE proposal SET report = :r WHERE id = :id").param("r", report).param("id", id.value()).update();
  }

  public Optional<String> reportOf(ProposalId id) {
    return jdbc.sql("SELECT report FROM proposal WHERE id = :id AND report IS NOT NULL").param("id", id.value())
        .query(String.class).optional();
  }

  public void recordTurnout(ProposalId id, long turnout) {
    jdbc.sql("UPDATE proposal SET turnout = :t WHERE id = :id").param("t", turnout).param("id", id.value()).update();
  }

  public void decide(ProposalId id, Outcome outcome, String result, Instant at) {
    allowed(ProposalPhase.VOTING, ProposalPhase.DECIDED);
    jdbc.sql("UPDATE proposal SET phase = :to, outcome = :outcome, result = :result, decided_at = :at, "
            + "version = version + 1 WHERE id = :id AND phase = :from")
        .param("to", ProposalPhase.DECIDED.code()).param("from", ProposalPhase.VOTING.code())
        .param("outcome", outcome.code()).param("result", result).param("at", Timestamp.from(at)).param("id", id.value())
        .update();
  }

  /**
   * Options are read after the proposal rows are read, never from inside a row mapper: a query nested
   * in an open result set takes a second connection, and under load every connection ends up
   * waiting for another (found by bench/casting.sh).
   */
  private ProposalView withOptions(ProposalView v) {
    List<String> options = jdbc.sql("SELECT label FROM proposal_option WHERE proposal_id = :id ORDER BY idx")
        .param("id", v.id().value()).query(String.class).list();
    return new ProposalView(v.id(), v.title(), v.body(), v.type(), v.method(), options, v.phase(), v.author(),
        v.group(), v.seats(), v.maxScore(), v.secret(), v.createdAt(), v.discussionAt(), v.openedAt(), v.closesAt(),
        v.decidedAt(), v.eligible(), v.ballots(), v.tieSeed(), v.threshold(), v.quorum(), v.outcome(), v.result(),
        v.amends(), v.payload(), v.implementation(), v.maxApprovals());
  }

  private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }

  private static @Nullable Outcome outcome(@Nullable String code) {
    return code == null ? null : Outcome.ofCode(code);
  }

  private static ProposalView map(ResultSet rs, int row) throws SQLException {
    return new ProposalView(
        new ProposalId(rs.getObject("id", UUID.class)), rs.getString("title"), rs.getString("body"),
        DecisionType.ofCode(rs.getString("decision_type")), VotingMethod.fromCode(rs.getString("method")).orElseThrow(), List.of(),
        ProposalPhase.ofCode(rs.getString("phase")), rs.getObject("author", UUID.class), rs.getObject("scope_group", UUID.class),
        rs.getInt("seats"), rs.getInt("max_score"), rs.getBoolean("secret"),
        rs.getTimestamp("created_at").toInstant(), instant(rs, "discussion_at"),
        rs.getTimestamp("opened_at").toInstant(), rs.getTimestamp("closes_at").toInstant(), instant(rs, "decided_at"),
        rs.getLong("eligible"), rs.getLong("ballots"), rs.getLong("tie_seed"),
        rs.getInt("threshold_num") + "/" + rs.getInt("threshold_den"),
        rs.getInt("quorum_num") + "/" + rs.getInt("quorum_den"),
        outcome(rs.getString("outcome")), rs.getString("result"), rs.getObject("amends", UUID.class), rs.getString("payload"),
        rs.getString("implementation"), rs.getInt("max_approvals"));
  }
}
