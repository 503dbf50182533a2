package org.commune.governance;

import java.time.Clock;
import java.time.Instant;
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
import org.commune.transparency.NamedOfficers;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which members act in public under their name. Three things must hold together: the constitution in
 * force (changed only by vote) names the member's role in public; the member holds that role; and the
 * member themselves agreed, on the constitution page. What they do from then on is logged under a
 * separate officer pseudonym ({@code o-…}, see transparency's PublicIds), which visitors see as their
 * name; their member pseudonym ({@code m-…}) — joining, memberships, anything others did about them, their
 * history before — never appears beside their name, so no entry ties the two. A role change ends the
 * consent, so a steward who promotes someone — or demotes and promotes them again — names nobody.
 */
@Service
public class PublicNames implements NamedOfficers {

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

  /**
   * Whether what this member did at this moment is published under their officer's pseudonym (and so
   * shown with their name): they agreed before it, still hold the role they agreed in, and the
   * constitution in force names that role.
   */
  @Override
  public boolean namedAt(UUID member, Instant at) {
    Optional<PublicNameRepository.Consent> consent = consents.of(member);
    if (consent.isEmpty() || consent.get().since().isAfter(at)) {
      return false;
    }
    String role = consent.get().role();
    return constitution.current().publicRoles().contains(role)
        && members.find(new MemberId(member)).map(m -> m.role().code().equals(role)).orElse(false);
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
    Instant now = clock.instant();
    consents.give(member.value(), m.role().code(), now);
    // Under the officer's pseudonym, not the member's: this entry says nothing of their earlier history.
    events.publishEvent(new GovernanceRecorded(UUID.randomUUID(), now, "public-name.consented",
        Map.of("officer", member.toString(), "role", m.role().code())));
  }

  /** The member withdraws: every entry shows their pseudonym again. */
  @Transactional
  public void withdraw(MemberId member) {
    if (consents.withdraw(member.value())) {
      events.publishEvent(new GovernanceRecorded(UUID.randomUUID(), clock.instant(), "public-name.withdrawn",
          Map.of("officer", member.toString())));
    }
  }

  /** Any change of role ends the consent, in the same transaction as the change. */
  @EventListener
  void roleChanged(RoleChanged changed) {
    consents.withdraw(changed.member().value());
  }
}
