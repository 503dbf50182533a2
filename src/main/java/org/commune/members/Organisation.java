package org.commune.members;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.commune.search.SearchableChanged;
import org.commune.web.DefaultLanguage;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** The organisation this instance belongs to: set up once, then its settings change in public. */
@Service
public class Organisation implements DefaultLanguage {

  private final OrganisationRepository organisations;
  private final MemberRepository members;
  private final Passwords passwords;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  Organisation(
      OrganisationRepository organisations,
      MemberRepository members,
      Passwords passwords,
      ApplicationEventPublisher events,
      Clock clock) {
    this.organisations = organisations;
    this.members = members;
    this.passwords = passwords;
    this.events = events;
    this.clock = clock;
  }

  /** Every page shows the profile: it is read at most every few seconds, and afresh after a change here. */
  public Optional<OrganisationProfile> profile() {
    Cached current = cached;
    if (current == null || System.nanoTime() - current.loadedAt() > CACHE_NANOS) {
      try {
        current = new Cached(organisations.find(), System.nanoTime());
      } catch (DataAccessException unreachable) {
        // While the database restarts, pages (the "database unavailable" page first) keep their frame
        // with the name last read; with nothing read yet there is nothing to fall back on.
        if (current == null) {
          throw unreachable;
        }
        return current.profile();
      }
      cached = current;
    }
    return current.profile();
  }

  public boolean isSetUp() {
    return profile().isPresent();
  }

  @Override
  public String get() {
    return profile().map(OrganisationProfile::defaultLanguage).orElse("en");
  }

  /** Another process sharing the database sees a change within this time. */
  private static final long CACHE_NANOS = TimeUnit.SECONDS.toNanos(5);

  private record Cached(Optional<OrganisationProfile> profile, long loadedAt) {}

  private volatile Cached cached;

  private void forgetCachedProfileAfterCommit() {
    cached = null;
    TransactionSynchronizationManager.registerSynchronization(
        new TransactionSynchronization() {
          @Override
          public void afterCompletion(int status) {
            cached = null;
          }
        });
  }

  /**
   * Creates the organisation and its first steward in one transaction. Fails with {@link
   * InvalidInput} on bad input and with {@link IllegalStateException} if it was set up already.
   */
  @Transactional
  public MemberId setUp(String nameEn, String nameAr, String defaultLanguage, NewMember steward) {
    InputChecks checks = new InputChecks();
    checks.text("nameEn", nameEn, 120).text("nameAr", nameAr, 120).language("defaultLanguage", defaultLanguage);
    try {
      InputChecks.check(steward);
    } catch (InvalidInput invalid) {
      invalid.problems().forEach(p -> checks.problem(p.field(), p.messageKey()));
    }
    checks.throwIfAny();
    forgetCachedProfileAfterCommit();
    if (!organisations.insert(new OrganisationProfile(nameEn.strip(), nameAr.strip(), defaultLanguage, false))) {
      throw new IllegalStateException("already set up");
    }
    MemberId id = MemberId.random();
    members.insert(
        new MemberRecord(
            id,
            InputChecks.normaliseUsername(steward.username()),
            steward.displayName().strip(),
            InputChecks.normaliseEmail(steward.email()),
            passwords.hash(steward.password()),
            Role.STEWARD,
            steward.language(),
            null,
            false,
            clock.instant()));
    Instant now = clock.instant();
    events.publishEvent(
        new OrganisationSetUp(UUID.randomUUID(), now, nameEn.strip(), nameAr.strip(), defaultLanguage, id));
    events.publishEvent(new MemberJoined(UUID.randomUUID(), now, id, "setup", Role.STEWARD));
    events.publishEvent(new SearchableChanged(Members.SEARCH_KIND, id.toString()));
    return id;
  }

  /** Changes settings; each changed setting becomes one public log entry. */
  @Transactional
  public void changeSettings(MemberId steward, OrganisationProfile wanted) {
    new InputChecks()
        .text("nameEn", wanted.nameEn(), 120)
        .text("nameAr", wanted.nameAr(), 120)
        .language("defaultLanguage", wanted.defaultLanguage())
        .timeZone("timeZone", wanted.timeZone())
        .digits("digits", wanted.digits())
        .throwIfAny();
    OrganisationProfile current = organisations.find().orElseThrow(() -> new IllegalStateException("not set up"));
    OrganisationProfile next =
        new OrganisationProfile(
            wanted.nameEn().strip(), wanted.nameAr().strip(), wanted.defaultLanguage(), wanted.openRegistration(),
            wanted.timeZone() == null ? current.timeZone() : wanted.timeZone(),
            wanted.digits() == null ? current.digits() : wanted.digits());
    forgetCachedProfileAfterCommit();
    organisations.update(next);
    Instant now = clock.instant();
    changed(now, steward, "name_en", current.nameEn(), next.nameEn());
    changed(now, steward, "name_ar", current.nameAr(), next.nameAr());
    changed(now, steward, "default_language", current.defaultLanguage(), next.defaultLanguage());
    changed(
        now, steward, "open_registration",
        Boolean.toString(current.openRegistration()), Boolean.toString(next.openRegistration()));
    changed(now, steward, "time_zone", current.timeZone(), next.timeZone());
    changed(now, steward, "digits", current.digits(), next.digits());
  }

  private void changed(Instant now, MemberId by, String setting, @Nullable String before, @Nullable String after) {
    if (after != null && !after.equals(before)) {
      events.publishEvent(new OrganisationSettingChanged(UUID.randomUUID(), now, setting, after, by));
    }
  }
}
