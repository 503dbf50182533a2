package org.commune.members;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.commune.search.SearchableChanged;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The directory of members and their roles. */
@Service
public class Members {

  static final int MAX_REASON = 300;

  private final MemberRepository members;
  private final OrganisationRepository organisation;
  private final Passwords passwords;
  private final Sessions sessions;
  private final ApplicationEventPublisher events;
  private final Mailer mailer;
  private final Clock clock;

  Members(
      MemberRepository members,
      OrganisationRepository organisation,
      Passwords passwords,
      Sessions sessions,
      ApplicationEventPublisher events,
      Mailer mailer,
      Clock clock) {
    this.members = members;
    this.organisation = organisation;
    this.passwords = passwords;
    this.sessions = sessions;
    this.events = events;
    this.mailer = mailer;
    this.clock = clock;
  }

  /**
   * Mails a member in their language, if they gave an address and mail is configured. Other modules
   * never see the address: they name the member and the message keys.
   */
  public void mail(MemberId member, String subjectKey, String bodyKey, Object... args) {
    members.findById(member).filter(m -> m.email() != null)
        .ifPresent(m -> mailer.send(m.email(), m.language(), subjectKey, bodyKey, args));
  }

  public List<MemberSummary> all() {
    return members.all().stream().map(MemberSummary::of).toList();
  }

  /** How many members there are and how many were active lately: counts only (NodeInfo's usage figures). */
  public MemberCounts counts() {
    return members.counts(clock.instant());
  }

  public Optional<MemberSummary> find(MemberId id) {
    return members.findById(id).map(MemberSummary::of);
  }

  /** The kind under which members are searched (by signed-in members only). */
  public static final String SEARCH_KIND = "member";

  /** Display names of the given members; members who left are absent from the map. */
  public Map<MemberId, String> displayNames(Collection<MemberId> ids) {
    return members.displayNames(ids.stream().map(MemberId::value).collect(Collectors.toSet())).entrySet().stream()
        .collect(Collectors.toMap(e -> new MemberId(e.getKey()), Map.Entry::getValue));
  }

  /**
   * Records that the member opened their home page and returns the start of "since your last visit":
   * the end of their previous visit (a visit is a run of views less than an hour apart); on a first
   * visit, the moment they joined.
   */
  @Transactional
  public Instant visitHome(MemberId member) {
    Instant now = clock.instant();
    return members.visitHome(member, now)
        .or(() -> members.findById(member).map(MemberRecord::joinedAt))
        .orElse(now);
  }

  /** Joins through open registration, when the organisation allows it. */
  @Transactional
  public MemberId register(NewMember member) {
    boolean open = organisation.find().map(OrganisationProfile::openRegistration).orElse(false);
    if (!open) {
      throw InvalidInput.of("form", "join.registration.closed");
    }
    return create(member, "registration");
  }

  /** Creates an account; the caller holds the transaction. */
  MemberId create(NewMember member, String via) {
    InputChecks.check(member);
    String username = InputChecks.normaliseUsername(member.username());
    if (members.usernameTaken(username)) {
      throw InvalidInput.of("username", "input.username.taken");
    }
    MemberId id = MemberId.random();
    try {
      members.insert(
          new MemberRecord(
              id, username, member.displayName().strip(), InputChecks.normaliseEmail(member.email()),
              passwords.hash(member.password()), Role.MEMBER, member.language(), null, false, clock.instant()));
    } catch (DuplicateKeyException takenMeanwhile) {
      // Someone took the name between the check and the insert; the constraint decides.
      throw InvalidInput.of("username", "input.username.taken");
    }
    events.publishEvent(new MemberJoined(UUID.randomUUID(), clock.instant(), id, via, Role.MEMBER));
    events.publishEvent(new SearchableChanged(SEARCH_KIND, id.toString()));
    return id;
  }

  /**
   * Changes a member's role. A reason is required and public. The last steward cannot step down,
   * so the instance always has someone who can run it. The member's sessions end so that the new
   * role applies at once.
   */
  @Transactional
  public void changeRole(MemberId steward, MemberId member, Role to, String reason) {
    new InputChecks().text("reason", reason, MAX_REASON).throwIfAny();
    MemberRecord record = members.findById(member).orElseThrow(() -> InvalidInput.of("member", "members.unknown"));
    if (record.role() == to) {
      throw InvalidInput.of("role", "members.role.unchanged");
    }
    if (record.role() == Role.STEWARD && members.countWithRole(Role.STEWARD) <= 1) {
      throw InvalidInput.of("role", "members.role.last-steward");
    }
    members.updateRole(member, to);
    events.publishEvent(
        new RoleChanged(UUID.randomUUID(), clock.instant(), member, record.role(), to, steward, reason.strip()));
    sessions.endAll(member);
  }
}
