package org.commune.members;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.commune.web.UtcMinute;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Invitation links: single use, with an expiry, optionally into a group; one at a time or a whole
 * list at once (all or nothing). Links go by email when the list gives an address and mail is
 * configured, otherwise they are shown once, for a printed sheet. Only hashes are stored, so a link
 * can be shown once and never again: resending makes a new one and kills the old.
 */
@Service
public class Invitations {

  static final int MAX_DAYS = 30;

  private final InvitationRepository invitations;
  private final GroupRepository groupRows;
  private final Groups groups;
  private final Members members;
  private final Clock clock;
  private final Mailer mailer;
  private final OrganisationRepository organisation;
  private final String publicUrl;

  Invitations(InvitationRepository invitations, GroupRepository groupRows, Groups groups, Members members, Clock clock,
      Mailer mailer, OrganisationRepository organisation, @Value("${commune.public-url}") String publicUrl) {
    this.mailer = mailer;
    this.organisation = organisation;
    this.publicUrl = publicUrl.endsWith("/") ? publicUrl.substring(0, publicUrl.length() - 1) : publicUrl;
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

  /** The name an open invitation was made out to ("" when none), to fill in the join form; empty when not open. */
  public Optional<String> openFor(String token) {
    return Tokens.wellFormed(token) ? invitations.opened(Tokens.hash(token)) : Optional.empty();
  }

  /** The link a token opens, as the person receives it. */
  public String link(String token) {
    return publicUrl + "/join/" + token;
  }

  /**
   * Invites everyone on the list in one transaction: any bad line ({@link InvalidList}) or bad form field
   * ({@link InvalidInput}) and nothing is created. A line's group wins over {@code groupSlug}.
   */
  @Transactional
  public InvitationsMade createBulk(MemberId by, @Nullable String list, int validDays, @Nullable String groupSlug) {
    InputChecks checks = new InputChecks();
    if (validDays < 1 || validDays > MAX_DAYS) {
      checks.problem("days", "invitations.days.invalid");
    }
    GroupId defaultGroup = null;
    if (groupSlug != null && !groupSlug.isBlank()) {
      Optional<GroupSummary> found = groupRows.bySlug(groupSlug);
      if (found.isEmpty()) {
        checks.problem("group", "groups.unknown");
      } else {
        defaultGroup = found.get().id();
      }
    }
    checks.throwIfAny();
    List<GroupSummary> known = groupRows.all();
    List<InvitationList.Entry> entries = InvitationList.parse(list, name -> known.stream()
        .filter(g -> g.slug().equals(name) || g.nameEn().equalsIgnoreCase(name) || g.nameAr().equals(name))
        .map(GroupSummary::id).findFirst());
    UUID batch = UUID.randomUUID();
    Instant expires = clock.instant().plus(Duration.ofDays(validDays));
    boolean mail = mailer.configured();
    List<InvitationsMade.Made> made = new ArrayList<>();
    List<Runnable> mails = new ArrayList<>();
    for (InvitationList.Entry entry : entries) {
      String token = Tokens.newToken();
      GroupId group = entry.group() != null ? entry.group() : defaultGroup;
      invitations.insert(UUID.randomUUID(), Tokens.hash(token), by, group, null, expires, entry.name(), entry.email(), batch);
      boolean mailed = mail && entry.email() != null;
      if (mailed) {
        mails.add(() -> mailInvitation(entry.email(), entry.name(), token, expires));
      }
      made.add(new InvitationsMade.Made(entry.name(), mailed ? null : link(token), mailed, groupSlug(known, group)));
    }
    afterCommit(mails);
    return new InvitationsMade(made, expires);
  }

  /** Revokes an invitation nobody used yet: its link stops working at once. */
  @Transactional
  public void revoke(UUID invitation) {
    if (!invitations.revoke(invitation)) {
      throw InvalidInput.of("form", "invitations.unchangeable");
    }
  }

  /**
   * Resends an invitation nobody used: a new link with a new expiry, by email when the invitation has
   * an address and mail works, otherwise returned to show once. The old link is dead from now on.
   */
  @Transactional
  public InvitationsMade resend(UUID invitation, int validDays) {
    if (validDays < 1 || validDays > MAX_DAYS) {
      throw InvalidInput.of("days", "invitations.days.invalid");
    }
    String token = Tokens.newToken();
    Instant expires = clock.instant().plus(Duration.ofDays(validDays));
    InvitationRepository.Resent resent = invitations.renew(invitation, Tokens.hash(token), expires)
        .orElseThrow(() -> InvalidInput.of("form", "invitations.unchangeable"));
    String name = resent.inviteeName() == null ? "" : resent.inviteeName();
    boolean mailed = resent.email() != null && mailer.configured();
    if (mailed) {
      afterCommit(List.of(() -> mailInvitation(resent.email(), name, token, expires)));
    }
    return new InvitationsMade(List.of(new InvitationsMade.Made(name, mailed ? null : link(token), mailed, null)), expires);
  }

  private void mailInvitation(String to, String name, String token, Instant expires) {
    String language = organisation.find().map(OrganisationProfile::defaultLanguage).orElse("en");
    String orgName = organisation.find().map(p -> p.name(language)).orElse("Commune");
    mailer.send(to, language, "mail.invite.subject", "mail.invite.body", name, orgName, link(token), UtcMinute.format(expires));
  }

  /** Mail leaves only once the invitations exist: a rolled-back list sends nothing. */
  private static void afterCommit(List<Runnable> actions) {
    if (actions.isEmpty()) {
      return;
    }
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      @Override
      public void afterCommit() {
        actions.forEach(Runnable::run);
      }
    });
  }

  private static @Nullable String groupSlug(List<GroupSummary> groups, @Nullable GroupId id) {
    return id == null ? null : groups.stream().filter(g -> g.id().equals(id)).map(GroupSummary::slug).findFirst().orElse(null);
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
