package org.commune.governance.deliberation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.commune.governance.ProposalId;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * SQL for what is said about a proposal: comments (their earlier versions, withdrawal and moderation),
 * amendments, consent
 * objections and implementation updates. Always in time order: no ranking, hidden or otherwise.
 */
@Repository
class DeliberationRepository {

  record CommentRow(UUID id, UUID proposal, @Nullable UUID parent, UUID author, String stance, String body,
      Instant at, @Nullable String hiddenReason, @Nullable UUID hiddenBy, @Nullable Instant editedAt,
      @Nullable Instant withdrawnAt) {

    /** Shown as a placeholder: withdrawn by its author or hidden by a moderator. */
    boolean gone() {
      return hiddenReason != null || withdrawnAt != null;
    }
  }

  /** An earlier version of an edited comment, and when it was written. */
  record VersionRow(int version, String stance, String body, Instant writtenAt) {}

  /**
   * An amendment: the whole proposed text, the proposed title (null: unchanged), and the title and text
   * it was written against (null for amendments from before they were kept); number counts from 1 per
   * proposal, in the order amendments were made.
   */
  record AmendmentRow(UUID id, UUID proposal, int number, UUID author, String body, @Nullable String title,
      @Nullable String baseTitle, @Nullable String baseBody, String reason, String status, @Nullable UUID vote,
      Instant at) {}

  record ObjectionRow(UUID id, UUID author, String reason, Instant at, @Nullable Instant withdrawnAt,
      @Nullable String resolution) {}

  record UpdateRow(UUID author, String status, String note, Instant at) {}

  private final JdbcClient jdbc;

  DeliberationRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insertComment(UUID id, ProposalId proposal, @Nullable UUID parent, UUID author, String stance, String body,
      Instant at) {
    jdbc.sql("INSERT INTO proposal_comment (id, proposal_id, parent_id, author, stance, body, created_at) "
            + "VALUES (:id, :p, :parent, :author, :stance, :body, :at)")
        .param("id", id).param("p", proposal.value()).param("parent", parent).param("author", author)
        .param("stance", stance).param("body", body).param("at", Timestamp.from(at)).update();
  }

  private static final String COMMENT = "SELECT id, proposal_id, parent_id, author, stance, body, created_at, "
      + "hidden_reason, hidden_by, edited_at, withdrawn_at FROM proposal_comment ";

  List<CommentRow> comments(ProposalId proposal) {
    return jdbc.sql(COMMENT + "WHERE proposal_id = :p ORDER BY created_at, id")
        .param("p", proposal.value()).query(DeliberationRepository::comment).list();
  }

  /** Something said about one of a member's proposals or comments, for their home page. */
  record AddressedRow(UUID proposal, String title, UUID author, Instant at) {}

  /** Replies by others to the member's comments since the moment, newest first; hidden and withdrawn replies left out. */
  List<AddressedRow> repliesTo(UUID member, Instant since, int count) {
    return jdbc.sql("""
            SELECT c.proposal_id, p.title, c.author, c.created_at FROM proposal_comment c
            JOIN proposal_comment parent ON parent.id = c.parent_id
            JOIN proposal p ON p.id = c.proposal_id
            WHERE parent.author = :m AND c.author <> :m AND c.hidden_at IS NULL AND c.withdrawn_at IS NULL
              AND c.created_at > :since
            ORDER BY c.created_at DESC, c.id LIMIT :n
            """)
        .param("m", member).param("since", Timestamp.from(since)).param("n", count)
        .query((rs, n) -> new AddressedRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
            rs.getTimestamp(4).toInstant()))
        .list();
  }

  /** Open amendments by others to the member's proposals, waiting for the author's answer, oldest first. */
  List<AddressedRow> openAmendmentsTo(UUID member, int count) {
    return jdbc.sql("""
            SELECT a.proposal_id, p.title, a.author, a.created_at FROM amendment a
            JOIN proposal p ON p.id = a.proposal_id
            WHERE p.author = :m AND a.author <> :m AND a.status = 'open'
            ORDER BY a.created_at, a.id LIMIT :n
            """)
        .param("m", member).param("n", count)
        .query((rs, n) -> new AddressedRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
            rs.getTimestamp(4).toInstant()))
        .list();
  }

  /** A comment for the search index, with what decides who may find it: its proposal's phase and author. */
  record Searchable(UUID id, UUID proposal, String title, String body, Instant at, String phase, UUID proposalAuthor) {}

  /**
   * Every comment still shown, or the one with this id if it is: hidden and withdrawn comments are never
   * searchable, and an edited one is found by its current words (earlier versions live in comment_version).
   */
  List<Searchable> searchableComments(@Nullable UUID id) {
    return jdbc.sql("SELECT c.id, c.proposal_id, p.title, c.body, c.created_at, p.phase, p.author FROM proposal_comment c "
            + "JOIN proposal p ON p.id = c.proposal_id WHERE c.hidden_at IS NULL AND c.withdrawn_at IS NULL"
            + (id == null ? "" : " AND c.id = :id"))
        .paramSource(id == null ? Map.of() : Map.of("id", id))
        .query((rs, n) -> new Searchable(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
            rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getString(6), rs.getObject(7, UUID.class)))
        .list();
  }

  /** One comment, locked until the transaction ends (so that two edits never write the same version). */
  Optional<CommentRow> lockComment(UUID comment) {
    return jdbc.sql(COMMENT + "WHERE id = :c FOR UPDATE").param("c", comment)
        .query(DeliberationRepository::comment).optional();
  }

  /** Keeps the comment's current words as its next earlier version, then replaces them. */
  void editComment(UUID comment, String stance, String body, Instant at) {
    jdbc.sql("""
            INSERT INTO comment_version (comment_id, version, stance, body, written_at)
            SELECT id, (SELECT count(*) + 1 FROM comment_version WHERE comment_id = :c), stance, body,
                   coalesce(edited_at, created_at)
            FROM proposal_comment WHERE id = :c
            """).param("c", comment).update();
    jdbc.sql("UPDATE proposal_comment SET stance = :s, body = :b, edited_at = :at WHERE id = :c")
        .param("s", stance).param("b", body).param("at", Timestamp.from(at)).param("c", comment).update();
  }

  /** The author withdraws the comment; false when it was already withdrawn. */
  boolean withdrawComment(UUID comment, Instant at) {
    return jdbc.sql("UPDATE proposal_comment SET withdrawn_at = :at WHERE id = :c AND withdrawn_at IS NULL")
        .param("at", Timestamp.from(at)).param("c", comment).update() == 1;
  }

  /** The earlier versions of a comment, oldest first. */
  List<VersionRow> versions(UUID comment) {
    return jdbc.sql("SELECT version, stance, body, written_at FROM comment_version WHERE comment_id = :c ORDER BY version")
        .param("c", comment)
        .query((rs, n) -> new VersionRow(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant()))
        .list();
  }

  /** Hides a comment with a public reason; false when it was already hidden. */
  boolean hide(UUID comment, UUID moderator, String reason, Instant at) {
    return jdbc.sql("UPDATE proposal_comment SET hidden_reason = :r, hidden_by = :m, hidden_at = :at "
            + "WHERE id = :c AND hidden_at IS NULL")
        .param("r", reason).param("m", moderator).param("at", Timestamp.from(at)).param("c", comment).update() == 1;
  }

  void insertAmendment(UUID id, ProposalId proposal, UUID author, String body, @Nullable String title,
      String baseTitle, String baseBody, String reason, Instant at) {
    jdbc.sql("INSERT INTO amendment (id, proposal_id, author, body, title, base_title, base_body, reason, created_at) "
            + "VALUES (:id, :p, :author, :body, :title, :baseTitle, :baseBody, :reason, :at)")
        .param("id", id).param("p", proposal.value()).param("author", author).param("body", body)
        .param("title", title).param("baseTitle", baseTitle).param("baseBody", baseBody)
        .param("reason", reason).param("at", Timestamp.from(at)).update();
  }

  // Numbered by their place among the proposal's amendments: none is ever deleted, so the number holds.
  private static final String AMENDMENT = "SELECT a.*, (SELECT count(*) FROM amendment b WHERE b.proposal_id = "
      + "a.proposal_id AND (b.created_at, b.id) <= (a.created_at, a.id)) AS number FROM amendment a ";

  List<AmendmentRow> amendments(ProposalId proposal) {
    return jdbc.sql(AMENDMENT + "WHERE a.proposal_id = :p ORDER BY a.created_at, a.id")
        .param("p", proposal.value()).query(DeliberationRepository::amendment).list();
  }

  Optional<AmendmentRow> amendment(UUID id) {
    return jdbc.sql(AMENDMENT + "WHERE a.id = :id FOR UPDATE OF a").param("id", id)
        .query(DeliberationRepository::amendment).optional();
  }

  /** The amendment a vote is about. */
  Optional<AmendmentRow> amendmentVotedIn(ProposalId vote) {
    return jdbc.sql(AMENDMENT + "WHERE a.vote_id = :v").param("v", vote.value())
        .query(DeliberationRepository::amendment).optional();
  }

  void settleAmendment(UUID id, String status, @Nullable UUID vote, Instant at) {
    jdbc.sql("UPDATE amendment SET status = :s, vote_id = coalesce(:vote, vote_id), decided_at = :at WHERE id = :id")
        .param("s", status).param("vote", vote).param("at", Timestamp.from(at)).param("id", id).update();
  }

  /** Open amendments lapse when their proposal leaves discussion. */
  void lapseOpenAmendments(ProposalId proposal, Instant at) {
    jdbc.sql("UPDATE amendment SET status = 'lapsed', decided_at = :at WHERE proposal_id = :p AND status = 'open'")
        .param("p", proposal.value()).param("at", Timestamp.from(at)).update();
  }

  void insertObjection(UUID id, ProposalId proposal, UUID author, String reason, Instant at) {
    jdbc.sql("INSERT INTO objection (id, proposal_id, author, reason, created_at) VALUES (:id, :p, :a, :r, :at)")
        .param("id", id).param("p", proposal.value()).param("a", author).param("r", reason)
        .param("at", Timestamp.from(at)).update();
  }

  List<ObjectionRow> objections(ProposalId proposal) {
    return jdbc.sql("SELECT id, author, reason, created_at, withdrawn_at, resolution FROM objection "
            + "WHERE proposal_id = :p ORDER BY created_at, id")
        .param("p", proposal.value())
        .query((rs, n) -> new ObjectionRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
            rs.getTimestamp(4).toInstant(), rs.getTimestamp(5) == null ? null : rs.getTimestamp(5).toInstant(),
            rs.getString(6)))
        .list();
  }

  /** The objector withdraws their open objection, saying how it was resolved; false when none was open. */
  boolean withdraw(ProposalId proposal, UUID author, String resolution, Instant at) {
    return jdbc.sql("UPDATE objection SET withdrawn_at = :at, resolution = :r "
            + "WHERE proposal_id = :p AND author = :a AND withdrawn_at IS NULL")
        .param("at", Timestamp.from(at)).param("r", resolution).param("p", proposal.value()).param("a", author)
        .update() == 1;
  }

  void insertUpdate(UUID id, ProposalId proposal, UUID author, String status, String note, Instant at) {
    jdbc.sql("INSERT INTO implementation_update (id, proposal_id, author, status, note, created_at) "
            + "VALUES (:id, :p, :a, :s, :n, :at)")
        .param("id", id).param("p", proposal.value()).param("a", author).param("s", status).param("n", note)
        .param("at", Timestamp.from(at)).update();
  }

  List<UpdateRow> updates(ProposalId proposal) {
    return jdbc.sql("SELECT author, status, note, created_at FROM implementation_update WHERE proposal_id = :p "
            + "ORDER BY created_at, id")
        .param("p", proposal.value())
        .query((rs, n) -> new UpdateRow(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
            rs.getTimestamp(4).toInstant()))
        .list();
  }

  private static AmendmentRow amendment(ResultSet rs, int row) throws SQLException {
    return new AmendmentRow(rs.getObject("id", UUID.class), rs.getObject("proposal_id", UUID.class),
        rs.getInt("number"), rs.getObject("author", UUID.class), rs.getString("body"), rs.getString("title"),
        rs.getString("base_title"), rs.getString("base_body"), rs.getString("reason"), rs.getString("status"),
        rs.getObject("vote_id", UUID.class), rs.getTimestamp("created_at").toInstant());
  }

  private static CommentRow comment(ResultSet rs, int row) throws SQLException {
    return new CommentRow(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
        rs.getObject(4, UUID.class), rs.getString(5), rs.getString(6), rs.getTimestamp(7).toInstant(),
        rs.getString(8), rs.getObject(9, UUID.class), instant(rs.getTimestamp(10)), instant(rs.getTimestamp(11)));
  }

  private static @Nullable Instant instant(@Nullable Timestamp at) {
    return at == null ? null : at.toInstant();
  }
}
