package org.commune.members;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import org.commune.web.RateLimits;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.commune.search.SearchableChanged;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What a member does with their own account: second factor, password reset, sessions, their data, leaving. */
@Service
public class Accounts {

  static final Duration RESET_VALID = Duration.ofMinutes(30);
  /** Long enough to hand a link over by phone or in person, short enough that a forgotten one dies soon. */
  static final Duration RECOVERY_VALID = Duration.ofHours(4);

  private final MemberRepository members;
  private final GroupRepository groups;
  private final InvitationRepository invitations;
  private final PasswordResetRepository resets;
  private final RecoveryCodeRepository recoveryCodes;
  private final SecondFactor secondFactor;
  private final Passwords passwords;
  private final Sessions sessions;
  private final Mailer mailer;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final String publicUrl;
  private final ObjectProvider<PersonalDataHolder> personalData;
  private final AccountRecoveryRepository recoveries;
  private final RateLimits rateLimits;

  Accounts(
      MemberRepository members,
      GroupRepository groups,
      InvitationRepository invitations,
      PasswordResetRepository resets,
      RecoveryCodeRepository recoveryCodes,
      SecondFactor secondFactor,
      Passwords passwords,
      Sessions sessions,
      Mailer mailer,
      ApplicationEventPublisher events,
      Clock clock,
      @Value("${commune.public-url}") String publicUrl,
      ObjectProvider<PersonalDataHolder> personalData,
      AccountRecoveryRepository recoveries,
      RateLimits rateLimits) {
    this.recoveries = recoveries;
    this.rateLimits = rateLimits;
    this.personalData = personalData;
    this.members = members;
    this.groups = groups;
    this.invitations = invitations;
    this.resets = resets;
    this.recoveryCodes = recoveryCodes;
    this.secondFactor = secondFactor;
    this.passwords = passwords;
    this.sessions = sessions;
    this.mailer = mailer;
    this.events = events;
    this.clock = clock;
    this.publicUrl = publicUrl;
  }

  public boolean totpEnabled(MemberId member) {
    return members.findById(member).map(MemberRecord::totpEnabled).orElse(false);
  }

  public int recoveryCodesLeft(MemberId member) {
    return recoveryCodes.remaining(member);
  }

  public boolean hasEmail(MemberId member) {
    return members.findById(member).map(m -> m.email() != null).orElse(false);
  }

  /** Starts setting up TOTP: a new secret, stored but not in force until a code confirms it. */
  @Transactional
  public TotpEnrolment startTotp(MemberId member, String issuer) {
    MemberRecord record = existing(member);
    if (record.totpEnabled()) {
      throw InvalidInput.of("code", "security.totp.already");
    }
    byte[] secret = Tokens.randomBytes(20);
    members.storePendingTotpSecret(member, secret);
    return new TotpEnrolment(Base32.encode(secret), TotpCodes.otpauthUri(issuer, record.username(), secret));
  }

  /** The pending secret, to show again when a confirmation code was wrong. */
  public TotpEnrolment pendingTotp(MemberId member, String issuer) {
    MemberRecord record = existing(member);
    if (record.totpSecret() == null || record.totpEnabled()) {
      return startTotp(member, issuer);
    }
    return new TotpEnrolment(
        Base32.encode(record.totpSecret()), TotpCodes.otpauthUri(issuer, record.username(), record.totpSecret()));
  }

  /** Confirms TOTP with a current code; returns the recovery codes, shown once. */
  @Transactional
  public List<String> confirmTotp(MemberId member, String code) {
    MemberRecord record = existing(member);
    if (record.totpEnabled()) {
      throw InvalidInput.of("code", "security.totp.already");
    }
    if (record.totpSecret() == null) {
      throw InvalidInput.of("code", "security.totp.start-first");
    }
    OptionalLong step = TotpCodes.matchingStep(record.totpSecret(), code == null ? "" : code.strip(), clock.instant());
    if (step.isEmpty() || !members.useTotpStep(member, step.getAsLong())) {
      throw InvalidInput.of("code", "security.totp.wrong");
    }
    members.enableTotp(member);
    return secondFactor.newRecoveryCodes(member);
  }

  /** Turns TOTP off; the password confirms it is really the member. */
  @Transactional
  public void disableTotp(MemberId member, String password) {
    confirmPassword(member, password);
    members.disableTotp(member);
    recoveryCodes.deleteAll(member);
  }

  /**
   * Sends reset links to the accounts with this username or email. Says nothing about whether any
   * exist: the caller shows the same page either way.
   */
  @Transactional
  public void requestPasswordReset(String usernameOrEmail) {
    String given = usernameOrEmail == null ? "" : usernameOrEmail.strip();
    if (given.isEmpty() || given.length() > 254) {
      return;
    }
    List<MemberRecord> found =
        given.contains("@")
            ? members.findByEmail(given)
            : members.findByUsername(InputChecks.normaliseUsername(given)).stream().toList();
    for (MemberRecord member : found) {
      if (member.email() == null) {
        continue;
      }
      String token = Tokens.newToken();
      resets.insert(Tokens.hash(token), member.id(), clock.instant().plus(RESET_VALID));
      mailer.send(
          member.email(), member.language(), "mail.reset.subject", "mail.reset.body",
          member.username(), publicUrl + "/reset/" + token, RESET_VALID.toMinutes());
    }
  }

  public boolean canSendMail() {
    return mailer.configured();
  }

  public boolean resetLinkOpen(String token) {
    return Tokens.wellFormed(token) && resets.isOpen(Tokens.hash(token));
  }

  /** Sets a new password with a reset link, once; every session of the member ends. */
  @Transactional
  public void resetPassword(String token, String newPassword) {
    if (!Tokens.wellFormed(token)) {
      throw InvalidInput.of("form", "reset.link.invalid");
    }
    MemberId member = resets.claim(Tokens.hash(token)).orElseThrow(() -> InvalidInput.of("form", "reset.link.invalid"));
    MemberRecord record = existing(member);
    if (record.role() == Role.STEWARD) {
      // Made a steward after the link was issued: the link no longer opens the account.
      throw InvalidInput.of("form", "recovery.link.invalid");
    }
    new InputChecks().password("password", newPassword, record.username()).throwIfAny();
    members.updatePassword(member, passwords.hash(newPassword));
    resets.closeAll(member);
    sessions.endAll(member);
  }

  /** The member's own account settings, to fill in the form. */
  public AccountSettings settings(MemberId member) {
    MemberRecord record = existing(member);
    return new AccountSettings(record.displayName(), record.email(), record.language(), record.timeZone());
  }

  /**
   * Changes what needs no password: display name, language, time zone (null: the organisation's).
   * Returns the member as their session should now hold them, so the change shows at once.
   */
  @Transactional
  public MemberPrincipal changeProfile(MemberId member, String displayName, String language, @Nullable String timeZone) {
    String zone = timeZone == null || timeZone.isBlank() ? null : timeZone.strip();
    new InputChecks()
        .displayName("displayName", displayName)
        .language("language", language)
        .timeZone("timeZone", zone)
        .throwIfAny();
    MemberRecord before = existing(member);
    String name = displayName.strip();
    members.updateProfile(member, name, language, zone);
    if (!name.equals(before.displayName())) {
      // Members are found by their display name: the index learns the new one now.
      events.publishEvent(new SearchableChanged(Members.SEARCH_KIND, member.toString()));
    }
    return signedInAs(member);
  }

  /**
   * Changes the email address and/or the password; both need the current password, so that someone
   * at an unlocked screen cannot take the account over. A blank new password leaves it as it is; a
   * blank email removes the address. Other sessions end when the password changes.
   */
  @Transactional
  public MemberPrincipal changeSignIn(
      HttpServletRequest request, MemberId member, String currentPassword, @Nullable String email,
      @Nullable String newPassword) {
    MemberRecord record;
    try {
      record = confirmPassword(member, currentPassword == null ? "" : currentPassword);
    } catch (InvalidInput wrong) {
      throw InvalidInput.of("currentPassword", wrong.problems().getFirst().messageKey());
    }
    String cleanEmail = InputChecks.normaliseEmail(email);
    boolean passwordChanges = newPassword != null && !newPassword.isEmpty();
    InputChecks checks = new InputChecks().email("email", cleanEmail);
    if (passwordChanges) {
      checks.password("newPassword", newPassword, record.username());
    }
    checks.throwIfAny();
    members.updateEmail(member, cleanEmail);
    if (passwordChanges) {
      members.updatePassword(member, passwords.hash(newPassword));
      resets.closeAll(member);
      recoveries.closeAll(member, clock.instant());
      var session = request.getSession(false);
      sessions.endOthers(member, session == null ? null : session.getId());
      BallotSecret.remember(request, member, newPassword);
    }
    return signedInAs(member);
  }

  /**
   * Issues a one-time recovery link for a locked-out member, to be handed over by the steward (shown
   * once). Refused for the steward's own account and for any steward's: a locked-out steward is first
   * made a member by another steward (public, with a reason), then recovered. The member is told (by email if they have one, and
   * on their security page); the issue is in the public log.
   */
  @Transactional
  public RecoveryLink issueRecovery(MemberId steward, String username) {
    MemberRecord record = members.findByUsername(InputChecks.normaliseUsername(username))
        .orElseThrow(() -> InvalidInput.of("username", "members.unknown"));
    if (record.id().equals(steward)) {
      throw InvalidInput.of("username", "recovery.self");
    }
    if (record.role() == Role.STEWARD) {
      // A link sets a password: one steward could take another's account over with it (many have no
      // second factor). A locked-out steward is first made a member by the others, in public, with a reason.
      throw InvalidInput.of("username", "recovery.steward");
    }
    String token = Tokens.newToken();
    var now = clock.instant();
    var expires = now.plus(RECOVERY_VALID);
    recoveries.insert(Tokens.hash(token), record.id(), steward, now, expires);
    events.publishEvent(new AccountRecoveryIssued(UUID.randomUUID(), now, record.id(), steward));
    if (record.email() != null) {
      mailer.send(record.email(), record.language(), "mail.recovery.subject", "mail.recovery.body", record.username());
    }
    return new RecoveryLink(record.username(), record.displayName(), publicUrl + "/recover/" + token, expires,
        record.role() != Role.STEWARD && record.totpEnabled());
  }

  /** The member as a session holds them (no password hash), after a change to their account. */
  private MemberPrincipal signedInAs(MemberId member) {
    MemberPrincipal principal = new MemberPrincipal(existing(member));
    principal.eraseCredentials();
    return principal;
  }

  public boolean recoveryLinkOpen(String token) {
    return Tokens.wellFormed(token) && recoveries.isOpen(Tokens.hash(token), clock.instant());
  }

  /**
   * Sets a new password with a recovery link, once, and removes two-step sign-in: the link exists for
   * someone who lost their phone as well as their password. Never for a steward (see
   * {@link #issueRecovery}). Every session of the member ends; other reset and recovery links close.
   */
  @Transactional
  public void recover(String token, String newPassword) {
    if (!Tokens.wellFormed(token)) {
      throw InvalidInput.of("form", "recovery.link.invalid");
    }
    var now = clock.instant();
    // A refused password throws after the claim: the transaction rolls back and the link stays usable.
    MemberId member = recoveries.claim(Tokens.hash(token), now).orElseThrow(() -> InvalidInput.of("form", "recovery.link.invalid"));
    MemberRecord record = existing(member);
    if (record.role() == Role.STEWARD) {
      // Made a steward after the link was issued: the link no longer opens the account.
      throw InvalidInput.of("form", "recovery.link.invalid");
    }
    new InputChecks().password("password", newPassword, record.username()).throwIfAny();
    members.updatePassword(member, passwords.hash(newPassword));
    boolean removeTwoStep = record.role() != Role.STEWARD && record.totpEnabled();
    if (removeTwoStep) {
      members.disableTotp(member);
      recoveryCodes.deleteAll(member);
    }
    resets.closeAll(member);
    recoveries.closeAll(member, now);
    sessions.endAll(member);
    events.publishEvent(new AccountRecovered(UUID.randomUUID(), now, member, removeTwoStep));
  }

  /** The recovery links issued for the member's account, newest first: their notice that it happened. */
  public List<RecoveryLinkIssued> recoveryLinks(MemberId member) {
    return recoveries.of(member);
  }

  @Transactional
  public void changeLanguage(MemberId member, String language) {
    new InputChecks().language("lang", language).throwIfAny();
    members.updateLanguage(member, language);
  }

  /** The member's open sessions by handle (never by session id); current: the asking session's id. */
  public List<OpenSession> sessions(MemberId member, @Nullable String currentSessionId) {
    return sessions.listed(member, currentSessionId);
  }

  /** Ends one of the member's own sessions, named by the handle the security page shows. */
  public boolean endSession(MemberId member, String handle) {
    return sessions.end(member, handle);
  }

  /**
   * Everything Commune holds about the member, for them to download: every module's part, collected
   * through the {@link PersonalDataHolder} contract (the account first).
   */
  public Map<String, Object> export(MemberId member) {
    existing(member);
    Map<String, Object> data = new LinkedHashMap<>();
    for (PersonalDataHolder holder : holders()) {
      data.put(holder.section(), holder.export(member));
    }
    data.put(
        "note",
        "Passwords, TOTP secrets and recovery codes are stored only as hashes or secrets that are not exported. "
            + "Secret ballots are not linked to you anywhere, so only the votes you took part in are listed. "
            + "Your public actions appear in the transparency log under a pseudonym, never your name.");
    data.put("exportedAt", clock.instant().toString());
    return data;
  }

  /** The holders, the members module's own first, then by section name. */
  private List<PersonalDataHolder> holders() {
    return personalData.orderedStream()
        .sorted(Comparator.comparing((PersonalDataHolder h) -> !(h instanceof MembersPersonalDataRepository))
            .thenComparing(PersonalDataHolder::section))
        .toList();
  }

  /**
   * Deletes the account for good. The public log keeps the member's id (it is append-only), and
   * pages show it as a deleted member.
   */
  @Transactional
  public void delete(MemberId member, String password) {
    MemberRecord record = confirmPassword(member, password);
    if (record.role() == Role.STEWARD && members.countWithRole(Role.STEWARD) <= 1) {
      throw InvalidInput.of("password", "account.delete.last-steward");
    }
    // Every module removes or anonymises its part first (while the member row still exists).
    for (PersonalDataHolder holder : holders()) {
      holder.erase(member);
    }
    members.delete(record);
    events.publishEvent(new MemberLeft(UUID.randomUUID(), clock.instant(), member));
    events.publishEvent(new SearchableChanged(Members.SEARCH_KIND, member.toString()));
    sessions.endAll(member);
  }

  /**
   * For a session begun with a passkey: the member gives their password at a secret ballot, so that
   * its receipt is derived from their own secret (see {@link BallotSecret}). Refused if it is wrong.
   */
  public void rememberBallotSecret(HttpServletRequest request, MemberId member, String password) {
    confirmPassword(member, password);
    BallotSecret.remember(request, member, password);
  }

  /**
   * Checks a signed-in member's password (settings, second factor, a secret ballot's receipt). Wrong
   * guesses count with the account's failed sign-ins: past the limit the check is refused for a while, so
   * a borrowed or stolen session cannot be used to guess the password (found in review).
   */
  private MemberRecord confirmPassword(MemberId member, String password) {
    MemberRecord record = existing(member);
    if (!rateLimits.accountDelay(record.username()).isZero()) {
      throw InvalidInput.of("password", "account.password.slow");
    }
    if (password == null || password.length() > InputChecks.MAX_PASSWORD || !passwords.matches(password, record.passwordHash())) {
      rateLimits.signInFailed("signed-in|" + member.value(), record.username());
      throw InvalidInput.of("password", "account.password.wrong");
    }
    return record;
  }

  private MemberRecord existing(MemberId member) {
    return members.findById(member).orElseThrow(() -> InvalidInput.of("form", "members.unknown"));
  }
}
