package org.commune.governance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.commune.members.MemberId;
import org.commune.members.PersonalDataHolder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The governance module's part of the data download: proposals, comments, amendments, objections,
 * implementation reports, open ballots, the secret votes taken part in (never a secret ballot: none
 * is linked to its voter), delegations, where the member's vote went, notifications.
 */
@Repository
class GovernancePersonalDataRepository implements PersonalDataHolder {

  private final JdbcClient jdbc;

  GovernancePersonalDataRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public String section() {
    return "governance";
  }

  @Override
  public Set<String> tables() {
    return Set.of("proposal", "proposal_comment", "comment_version", "amendment", "objection", "implementation_update", "ballot",
        "secret_voter", "proposal_electorate", "delegation", "group_delegation", "vote_route", "notification", "notification_preference",
        "public_name_consent", "vote_control");
  }

  @Override
  public Object export(MemberId member) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("proposals", rows(
        "SELECT id, title, body, method, phase, outcome, opened_at, closes_at FROM proposal WHERE author = :m"
            + " ORDER BY opened_at", member));
    data.put("comments", rows(
        "SELECT id, proposal_id, stance, body, created_at, edited_at, withdrawn_at, hidden_reason, hidden_at"
            + " FROM proposal_comment WHERE author = :m ORDER BY created_at", member));
    data.put("earlierVersionsOfComments", rows(
        "SELECT v.comment_id, v.version, v.stance, v.body, v.written_at FROM comment_version v"
            + " JOIN proposal_comment c ON c.id = v.comment_id WHERE c.author = :m ORDER BY v.comment_id, v.version",
        member));
    data.put("commentsHiddenAsModerator", rows(
        "SELECT id, proposal_id, hidden_reason, hidden_at FROM proposal_comment WHERE hidden_by = :m"
            + " ORDER BY hidden_at", member));
    data.put("amendments", rows(
        "SELECT id, proposal_id, title, body, reason, status, created_at, decided_at FROM amendment WHERE author = :m"
            + " ORDER BY created_at", member));
    data.put("objections", rows(
        "SELECT id, proposal_id, reason, created_at, withdrawn_at, resolution FROM objection WHERE author = :m"
            + " ORDER BY created_at", member));
    data.put("implementationUpdates", rows(
        "SELECT id, proposal_id, status, note, created_at FROM implementation_update WHERE author = :m"
            + " ORDER BY created_at", member));
    data.put("openBallots", rows(
        "SELECT proposal_id, content, cast_at FROM ballot WHERE voter = :m ORDER BY cast_at", member));
    // Only the fact of taking part: the secret ballot itself is linked to no one, not even here.
    data.put("secretVotesTakenPart", rows(
        "SELECT proposal_id FROM secret_voter WHERE voter = :m ORDER BY proposal_id", member));
    // Electorate snapshots: the votes this member was entitled to when voting opened.
    data.put("electorates", rows(
        "SELECT proposal_id FROM proposal_electorate WHERE member = :m ORDER BY proposal_id", member));
    data.put("delegation", rows("SELECT delegate, created_at FROM delegation WHERE member = :m", member));
    data.put("groupDelegations", rows(
        "SELECT group_id, delegate, created_at FROM group_delegation WHERE member = :m ORDER BY created_at", member));
    data.put("membersDelegatingToYou", jdbc.sql(
            "SELECT (SELECT count(*) FROM delegation WHERE delegate = :m)"
                + " + (SELECT count(*) FROM group_delegation WHERE delegate = :m)")
        .param("m", member.value()).query(Long.class).single());
    data.put("voteRoutes", rows("SELECT proposal_id, cast_by FROM vote_route WHERE member = :m", member));
    data.put("notifications", rows(
        "SELECT kind, proposal_id, about, created_at, read_at FROM notification WHERE member = :m ORDER BY created_at",
        member));
    data.put("notificationPreferences", rows(
        "SELECT kind, in_app, email FROM notification_preference WHERE member = :m ORDER BY kind", member));
    data.put("votesClosedOrExtended", rows(
        "SELECT proposal_id, action, role, reason, closes_at, at FROM vote_control WHERE by_member = :m ORDER BY at",
        member));
    data.put("nameShownInPublicAs", rows("SELECT role, since FROM public_name_consent WHERE member_id = :m", member));
    return data;
  }

  /**
   * Delegations from and to the member end (a vote cannot follow a member who left), notifications and
   * preferences go. What was said and decided stays, shown as from a deleted member: proposals,
   * comments, amendments, objections and open ballots are part of other members' decisions.
   */
  @Override
  public void erase(MemberId member) {
    for (String sql : new String[] {
        "DELETE FROM delegation WHERE member = :m OR delegate = :m",
        "DELETE FROM group_delegation WHERE member = :m OR delegate = :m",
        "DELETE FROM notification WHERE member = :m",
        "UPDATE notification SET actor = NULL WHERE actor = :m",
        "DELETE FROM notification_preference WHERE member = :m",
        "DELETE FROM public_name_consent WHERE member_id = :m"}) {
      jdbc.sql(sql).param("m", member.value()).update();
    }
  }

  private List<Map<String, Object>> rows(String sql, MemberId member) {
    return PersonalDataHolder.plain(jdbc.sql(sql).param("m", member.value()).query().listOfRows());
  }
}
