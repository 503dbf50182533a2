package org.commune.members;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Invitation links: single use, with an expiry, optionally into a group. */
@Service
public class Invitations {

  static final int MAX_DAYS = 30;

  private final InvitationRepository invitations;
  private final GroupRepository groupRows;
  private final Groups groups;
  private final Members members;
  private final Clock clock;

  Invitations(InvitationRepository invitations, GroupRepository groupRows, Groups groups, Members members, Clock clock) {
    this.invitations = invitations;
    this.groupRows = groupRows;
    this.groups = groups;
    this.members = members;
    this.clock = clock;
  }

  /** Makes an invitation and returns its secret token, which is shown once and never stored. */
  @Transactional
  public String create(MemberId by, int validDays, @Nullable String groupSlug, @Nullable String note) {
    InputChecks checks = new InputChecks();
    if (validDays < 1 || validDays > MAX_DAYS) {
      checks.problem("days", "invitations.days.invalid");
    }
    String cleanNote = note == null || note.isBlank() ? null : note.strip();
    checks.optionalText("note", cleanNote, 200);
    GroupId group = null;
    if (groupSlug != null && !groupSlug.isBlank()) {
      Optional<GroupSummary> found = groupRows.bySlug(groupSlug);
      if (found.isEmpty()) {
        checks.problem("group", "groups.unknown");
      } else {
        group = found.get().id();
      }
    }
    checks.throwIfAny();
    String token = Tokens.newToken();
    invitations.insert(
        UUID.randomUUID(), Tokens.hash(token), by, group, cleanNote, clock.instant().plus(Duration.ofDays(validDays)));
    return token;
  }

  /** True when the token names an invitation that can still be used. */
  public boolean isOpen(String token) {
    return Tokens.wellFormed(token) && invitations.isOpen(Tokens.hash(token));
  }

  /**
   * Joins with an invitation: claims it, creates the member and adds them to the invitation's group,
   * all in one transaction, so a failure leaves the invitation unused and no account behind.
   */
  @Transactional
  public MemberId accept(String token, NewMember member) {
    InputChecks.check(member);
    if (!Tokens.wellFormed(token)) {
      throw InvalidInput.of("form", "join.invitation.invalid");
    }
    GroupId group = invitations.claim(Tokens.hash(token))
        .orElseThrow(() -> InvalidInput.of("form", "join.invitation.invalid")).group();
    MemberId id = members.create(member, "invitation");
    if (group != null) {
      groups.addOnJoining(group, id);
    }
    return id;
  }

  public List<InvitationSummary> recent() {
    return invitations.recent();
  }

  public Instant now() {
    return clock.instant();
  }
}
