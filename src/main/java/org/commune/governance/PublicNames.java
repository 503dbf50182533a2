package org.commune.governance;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.commune.governance.constitution.Constitution;
import org.commune.governance.constitution.PublicNameRepository;
import org.commune.members.InvalidInput;
import org.commune.members.MemberId;
import org.commune.members.MemberSummary;
import org.commune.members.Members;
import org.commune.members.RoleChanged;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which members visitors see by name instead of a pseudonym, and on which log entries. Three things must
 * hold together: the constitution in force (changed only by vote) names the member's role in public; the
 * member holds that role now; and the member themselves agreed, on the constitution page. Only entries
 * made from that moment on carry the name: a member's history from before (joining, proposals) stays
 * pseudonymous. A role change ends the consent, so a steward who promotes someone — or demotes and
 * promotes them again — names nobody.
 */
@Service
public class PublicNames {

  /** A member named in public: their display name, on entries from {@code since} on. */
  public record Named(String displayName, Instant since) {}

  private final PublicNameRepository consents;
  private final Constitution constitution;
  private final Members members;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  PublicNames(PublicNameRepository consents, Constitution constitution, Members members,
      ApplicationEventPublisher events, Clock clock) {
    this.consents = consents;
    this.constitution = constitution;
    this.members = members;
    this.events = events;
    this.clock = clock;
  }

  /** The members named in public now, by id (empty while the constitution names no role). */
  public Map<MemberId, Named> named() {
    List<String> roles = constitution.current().publicRoles();
    if (roles.isEmpty()) {
      return Map.of();
    }
    Map<UUID, PublicNameRepository.Consent> given = consents.all();
    Map<MemberId, Named> named = new HashMap<>();
    for (MemberSummary m : members.all()) {
      PublicNameRepository.Consent consent = given.get(m.id().value());
      if (consent != null && consent.role().equals(m.role().code()) && roles.contains(consent.role())) {
        named.put(m.id(), new Named(m.displayName(), consent.since()));
      }
    }
    return named;
  }

  /** The member's consent in force, if any (for the constitution page). */
  public Optional<Instant> consentSince(MemberId member) {
    return consents.of(member.value()).map(PublicNameRepository.Consent::since);
  }

  /** Whether the constitution names this member's current role in public (so they may consent). */
  public boolean mayConsent(MemberId member) {
    return members.find(member).map(m -> constitution.current().publicRoles().contains(m.role().code()))
        .orElse(false);
  }

  /** The member agrees to be named on entries from now on, while they hold their current role. */
  @Transactional
  public void consent(MemberId member) {
    MemberSummary m = members.find(member).orElseThrow(() -> InvalidInput.of("form", "public-names.not-public"));
    if (!constitution.current().publicRoles().contains(m.role().code())) {
      throw InvalidInput.of("form", "public-names.not-public");
    }
    // To the second, as log entries are timed: the consent's own entry is the first to carry the name.
    Instant now = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    consents.give(member.value(), m.role().code(), now);
    events.publishEvent(new GovernanceRecorded(UUID.randomUUID(), now, "public-name.consented",
        Map.of("member", member.toString(), "role", m.role().code())));
  }

  /** The member withdraws: every entry shows their pseudonym again. */
  @Transactional
  public void withdraw(MemberId member) {
    if (consents.withdraw(member.value())) {
      events.publishEvent(new GovernanceRecorded(UUID.randomUUID(), clock.instant(), "public-name.withdrawn",
          Map.of("member", member.toString())));
    }
  }

  /** Any change of role ends the consent, in the same transaction as the change. */
  @EventListener
  void roleChanged(RoleChanged changed) {
    consents.withdraw(changed.member().value());
  }
}
