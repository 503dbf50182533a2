package org.commune.members;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The members module's part of the data download: the account, groups, invitations written,
 * sessions and passkeys. Erasing is the account's deletion itself (rows here cascade with it).
 */
@Repository
class MembersPersonalDataRepository implements PersonalDataHolder {

  private final MemberRepository members;
  private final GroupRepository groups;
  private final InvitationRepository invitations;
  private final RecoveryCodeRepository recoveryCodes;
  private final Sessions sessions;
  private final JdbcClient jdbc;
  private final AccountRecoveryRepository recoveries;

  MembersPersonalDataRepository(MemberRepository members, GroupRepository groups, InvitationRepository invitations,
      RecoveryCodeRepository recoveryCodes, Sessions sessions, JdbcClient jdbc, AccountRecoveryRepository recoveries) {
    this.recoveries = recoveries;
    this.members = members;
    this.groups = groups;
    this.invitations = invitations;
    this.recoveryCodes = recoveryCodes;
    this.sessions = sessions;
    this.jdbc = jdbc;
  }

  @Override
  public String section() {
    return "account";
  }

  @Override
  public Set<String> tables() {
    return Set.of("member", "recovery_code", "group_membership", "invitation", "password_reset", "user_entities",
        "user_credentials", "account_recovery");
  }

  @Override
  public Object export(MemberId member) {
    MemberRecord record = members.findById(member).orElseThrow(() -> InvalidInput.of("form", "members.unknown"));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("id", record.id().toString());
    data.put("username", record.username());
    data.put("displayName", record.displayName());
    data.put("email", record.email());
    data.put("role", record.role().code());
    data.put("language", record.language());
    data.put("joinedAt", record.joinedAt().toString());
    data.put("twoStepSignIn", record.totpEnabled());
    // When the member last opened their home page (what "since your last visit" is measured from).
    List<String> seen = jdbc.sql("SELECT home_seen_at::text FROM member WHERE id = :m").param("m", member.value())
        .query((rs, n) -> rs.getString(1)).list();
    data.put("homePageLastSeen", seen.isEmpty() ? null : seen.get(0));
    data.put("recoveryCodesLeft", recoveryCodes.remaining(member));
    data.put("groups", groups.of(member).stream().map(GroupSummary::slug).toList());
    data.put("invitationNotesWritten", invitations.notesBy(member));
    data.put("recoveryLinksIssuedForYou", recoveries.of(member).stream()
        .map(r -> Map.of("issuedAt", r.createdAt().toString(), "usedAt", r.usedAt() == null ? "" : r.usedAt().toString()))
        .toList());
    data.put(
        "sessions",
        sessions.of(member).stream().map(s -> Map.of("lastRequest", s.getLastRequest().toInstant().toString())).toList());
    data.put("passkeys", PersonalDataHolder.plain(jdbc.sql(
            """
            SELECT c.label, c.created, c.last_used FROM user_credentials c
            JOIN user_entities e ON e.id = c.user_entity_user_id WHERE e.name = :username
            """)
        .param("username", record.username()).query().listOfRows()));
    return data;
  }

  /**
   * Nothing to do here: {@link Accounts#delete} removes the member row itself, with its passkeys;
   * recovery codes, group memberships and password resets cascade; invitations keep no creator.
   */
  @Override
  public void erase(MemberId member) {}
}
