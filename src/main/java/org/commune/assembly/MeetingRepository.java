package org.commune.assembly;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for meetings, their agenda, attendance and quick votes (one aggregate: the meeting). */
@Repository
class MeetingRepository {

  /** A quick vote as stored. */
  record VoteRow(UUID vote, UUID meeting, UUID agendaProposal, Instant startedAt, Instant closesAt, int presentAtStart,
      @Nullable Integer quorumRequired, @Nullable Integer presentAtClose, @Nullable String outcome,
      @Nullable Instant closedAt) {}

  private final JdbcClient jdbc;

  MeetingRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  void insert(UUID id, String title, Instant startsAt, @Nullable String place, @Nullable String quorumKind,
      @Nullable Integer quorumValue, String voters, UUID by, Instant now) {
    jdbc.sql("""
            INSERT INTO meeting (id, title, starts_at, place, quorum_kind, quorum_value, voters, created_by, created_at)
            VALUES (:id, :title, :starts, :place, :kind, :value, :voters, :by, :now)
            """)
        .param("id", id).param("title", title).param("starts", Timestamp.from(startsAt)).param("place", place)
        .param("kind", quorumKind).param("value", quorumValue).param("voters", voters).param("by", by)
        .param("now", Timestamp.from(now)).update();
  }

  void update(UUID id, String title, Instant startsAt, @Nullable String place, @Nullable String quorumKind,
      @Nullable Integer quorumValue, String voters) {
    jdbc.sql("""
            UPDATE meeting SET title = :title, starts_at = :starts, place = :place, quorum_kind = :kind,
              quorum_value = :value, voters = :voters
            WHERE id = :id AND status = 'scheduled'
            """)
        .param("id", id).param("title", title).param("starts", Timestamp.from(startsAt)).param("place", place)
        .param("kind", quorumKind).param("value", quorumValue).param("voters", voters).update();
  }

  Optional<MeetingView> find(UUID id) {
    return jdbc.sql("SELECT * FROM meeting WHERE id = :id").param("id", id).query(MeetingRepository::map).optional();
  }

  /** Locks the meeting's row for a change of status, attendance or minutes, and returns its status. */
  Optional<MeetingStatus> lock(UUID id) {
    return jdbc.sql("SELECT status FROM meeting WHERE id = :id FOR UPDATE").param("id", id).query(String.class)
        .optional().map(MeetingStatus::of);
  }

  List<MeetingView> all(int limit) {
    return jdbc.sql("SELECT * FROM meeting ORDER BY starts_at DESC LIMIT :n").param("n", limit)
        .query(MeetingRepository::map).list();
  }

  void open(UUID id, Instant at) {
    jdbc.sql("UPDATE meeting SET status = 'in-session', opened_at = :at WHERE id = :id AND status = 'scheduled'")
        .param("id", id).param("at", Timestamp.from(at)).update();
  }

  void close(UUID id, Instant at, int present, int members) {
    jdbc.sql("""
            UPDATE meeting SET status = 'closed', closed_at = :at, present_at_close = :present, members_at_close = :members
            WHERE id = :id AND status = 'in-session'
            """)
        .param("id", id).param("at", Timestamp.from(at)).param("present", present).param("members", members).update();
  }

  void saveMinutes(UUID id, String minutes, UUID by, Instant at) {
    jdbc.sql("""
            UPDATE meeting SET minutes = :minutes, minutes_by = :by, minutes_saved_at = :at
            WHERE id = :id AND minutes_published_at IS NULL
            """)
        .param("id", id).param("minutes", minutes).param("by", by).param("at", Timestamp.from(at)).update();
  }

  void publishMinutes(UUID id, String minutes, String sha256, UUID by, Instant at) {
    jdbc.sql("""
            UPDATE meeting SET minutes = :minutes, minutes_by = :by, minutes_saved_at = :at, minutes_published_at = :at,
              minutes_sha256 = :sha WHERE id = :id AND minutes_published_at IS NULL
            """)
        .param("id", id).param("minutes", minutes).param("sha", sha256).param("by", by).param("at", Timestamp.from(at))
        .update();
  }

  // The agenda.

  List<UUID> agenda(UUID meeting) {
    return jdbc.sql("SELECT proposal_id FROM meeting_agenda_item WHERE meeting_id = :m ORDER BY position")
        .param("m", meeting).query(UUID.class).list();
  }

  /** Adds the proposal at the end; false when it is on the agenda already. */
  boolean addToAgenda(UUID meeting, UUID proposal) {
    return jdbc.sql("""
            INSERT INTO meeting_agenda_item (meeting_id, proposal_id, position)
            SELECT :m, :p, coalesce(max(position), 0) + 1 FROM meeting_agenda_item WHERE meeting_id = :m
            ON CONFLICT DO NOTHING
            """)
        .param("m", meeting).param("p", proposal).update() == 1;
  }

  boolean removeFromAgenda(UUID meeting, UUID proposal) {
    return jdbc.sql("DELETE FROM meeting_agenda_item WHERE meeting_id = :m AND proposal_id = :p")
        .param("m", meeting).param("p", proposal).update() == 1;
  }

  /** Swaps the item with the one before it (nothing when it is first or not on the agenda). */
  void moveUp(UUID meeting, UUID proposal) {
    jdbc.sql("""
            WITH item AS (SELECT position FROM meeting_agenda_item WHERE meeting_id = :m AND proposal_id = :p),
                 before AS (SELECT proposal_id, position FROM meeting_agenda_item
                            WHERE meeting_id = :m AND position < (SELECT position FROM item)
                            ORDER BY position DESC LIMIT 1)
            UPDATE meeting_agenda_item a SET position = CASE WHEN a.proposal_id = :p THEN (SELECT position FROM before)
                                                             ELSE (SELECT position FROM item) END
            WHERE a.meeting_id = :m AND EXISTS (SELECT 1 FROM before)
              AND (a.proposal_id = :p OR a.proposal_id = (SELECT proposal_id FROM before))
            """)
        .param("m", meeting).param("p", proposal).update();
  }

  // Attendance.

  List<UUID> present(UUID meeting) {
    return jdbc.sql("SELECT member_id FROM meeting_attendance WHERE meeting_id = :m ORDER BY recorded_at")
        .param("m", meeting).query(UUID.class).list();
  }

  int presentCount(UUID meeting) {
    return jdbc.sql("SELECT count(*) FROM meeting_attendance WHERE meeting_id = :m").param("m", meeting)
        .query(Integer.class).single();
  }

  boolean isPresent(UUID meeting, UUID member) {
    return jdbc.sql("SELECT EXISTS (SELECT 1 FROM meeting_attendance WHERE meeting_id = :m AND member_id = :member)")
        .param("m", meeting).param("member", member).query(Boolean.class).single();
  }

  void markPresent(UUID meeting, Collection<UUID> members, UUID by, Instant at) {
    for (UUID member : members) {
      jdbc.sql("""
              INSERT INTO meeting_attendance (meeting_id, member_id, recorded_by, recorded_at)
              VALUES (:m, :member, :by, :at) ON CONFLICT DO NOTHING
              """)
          .param("m", meeting).param("member", member).param("by", by).param("at", Timestamp.from(at)).update();
    }
  }

  void markAbsent(UUID meeting, Collection<UUID> members) {
    for (UUID member : members) {
      jdbc.sql("DELETE FROM meeting_attendance WHERE meeting_id = :m AND member_id = :member")
          .param("m", meeting).param("member", member).update();
    }
  }

  // Quick votes.

  void insertVote(UUID vote, UUID meeting, UUID agendaProposal, UUID by, Instant at, Instant closes, int present,
      @Nullable Integer quorum) {
    jdbc.sql("""
            INSERT INTO meeting_vote (vote_id, meeting_id, agenda_proposal, started_by, started_at, closes_at,
                                      present_at_start, quorum_required)
            VALUES (:v, :m, :a, :by, :at, :closes, :present, :quorum)
            """)
        .param("v", vote).param("m", meeting).param("a", agendaProposal).param("by", by).param("at", Timestamp.from(at))
        .param("closes", Timestamp.from(closes)).param("present", present).param("quorum", quorum).update();
  }

  List<VoteRow> votes(UUID meeting) {
    return jdbc.sql("SELECT * FROM meeting_vote WHERE meeting_id = :m ORDER BY started_at").param("m", meeting)
        .query(MeetingRepository::vote).list();
  }

  Optional<VoteRow> vote(UUID vote) {
    return jdbc.sql("SELECT * FROM meeting_vote WHERE vote_id = :v").param("v", vote).query(MeetingRepository::vote)
        .optional();
  }

  boolean anyOpenVote(UUID meeting) {
    return jdbc.sql("SELECT EXISTS (SELECT 1 FROM meeting_vote WHERE meeting_id = :m AND closed_at IS NULL)")
        .param("m", meeting).query(Boolean.class).single();
  }

  boolean openVoteOn(UUID meeting, UUID agendaProposal) {
    return jdbc.sql("""
            SELECT EXISTS (SELECT 1 FROM meeting_vote WHERE meeting_id = :m AND agenda_proposal = :a AND closed_at IS NULL)
            """)
        .param("m", meeting).param("a", agendaProposal).query(Boolean.class).single();
  }

  /** Open quick votes whose minutes are up. */
  List<UUID> due(Instant now) {
    return jdbc.sql("SELECT vote_id FROM meeting_vote WHERE closed_at IS NULL AND closes_at <= :now")
        .param("now", Timestamp.from(now)).query(UUID.class).list();
  }

  /** Records the close once; false when it was recorded already (a redelivered event). */
  boolean closeVote(UUID vote, String outcome, int present, Instant at) {
    return jdbc.sql("""
            UPDATE meeting_vote SET outcome = :outcome, present_at_close = :present, closed_at = :at
            WHERE vote_id = :v AND closed_at IS NULL
            """)
        .param("v", vote).param("outcome", outcome).param("present", present).param("at", Timestamp.from(at))
        .update() == 1;
  }

  private static MeetingView map(ResultSet rs, int n) throws SQLException {
    return new MeetingView(rs.getObject("id", UUID.class), rs.getString("title"), instant(rs, "starts_at"),
        rs.getString("place"), MeetingStatus.of(rs.getString("status")), rs.getString("quorum_kind"),
        rs.getInt("quorum_value"), rs.getString("voters"), instant(rs, "created_at"), instant(rs, "opened_at"),
        instant(rs, "closed_at"), rs.getInt("present_at_close"), rs.getInt("members_at_close"), rs.getString("minutes"),
        instant(rs, "minutes_saved_at"), instant(rs, "minutes_published_at"), rs.getString("minutes_sha256"));
  }

  private static VoteRow vote(ResultSet rs, int n) throws SQLException {
    return new VoteRow(rs.getObject("vote_id", UUID.class), rs.getObject("meeting_id", UUID.class),
        rs.getObject("agenda_proposal", UUID.class), instant(rs, "started_at"), instant(rs, "closes_at"),
        rs.getInt("present_at_start"), rs.getObject("quorum_required", Integer.class),
        rs.getObject("present_at_close", Integer.class), rs.getString("outcome"), instant(rs, "closed_at"));
  }

  private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp t = rs.getTimestamp(column);
    return t == null ? null : t.toInstant();
  }
}
