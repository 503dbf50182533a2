package org.commune.transparency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import org.commune.ai.AiCallRecorded;
import org.commune.database.DataDirectory;
import org.commune.database.InstanceKeys;
import org.commune.federation.move.ActorMoved;
import org.commune.federation.move.AliasDeclared;
import org.commune.governance.GovernanceRecorded;
import org.commune.governance.VoteClosed;
import org.commune.members.MemberJoined;
import org.commune.members.OrganisationSetUp;
import org.commune.members.OrganisationSettingChanged;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * The public-fact contract, over every implementation on the class path (found, not listed): built with
 * a member's name, address, phone number or words in every text field and a member in every member
 * field, no public form holds any of them — only codes, counts, ids, times, pseudonyms and keyed hashes.
 * The one exception is the organisation's own name, public by its choice.
 */
class PublicFactsContractTest {

  @TempDir Path dir;
  PublicIds ids;
  PublicForm form;

  @BeforeEach
  void keys() {
    // Nobody acts under their name here: no NamedOfficers bean.
    ids = new PublicIds(new InstanceKeys(new DataDirectory(dir)),
        new StaticListableBeanFactory().getBeanProvider(NamedOfficers.class));
    form = new PublicForm(ids);
  }

  @Test
  void findsEveryImplementation() {
    assertThat(PublicFactSamples.implementations()).contains(MemberJoined.class, OrganisationSetUp.class,
        VoteClosed.class, GovernanceRecorded.class, AiCallRecorded.class).hasSizeGreaterThanOrEqualTo(11);
  }

  /** Each value as members type it; {@code fragments} are what must not appear of it, in any case. */
  @ParameterizedTest
  @ValueSource(strings = {"Yousef Canaryhaddad", "yousef.canary@example.org", "+961 3 123 456",
      "Strike at the port on Monday", "يوسف الكناري", "Yousef\nCanaryhaddad"})
  void noPublicFormHoldsWhatAMemberWrote(String written) {
    List<String> fragments = List.of(written, "Canaryhaddad", "yousef.canary", "123 456", "3123456", "Strike",
        "الكناري", PublicFactSamples.MEMBER.toString());
    for (PublicFact fact : PublicFactSamples.withText(written)) {
      String type;
      try {
        type = form.type(fact);
      } catch (IllegalArgumentException refused) {
        // A fact whose type is text is never written at all.
        continue;
      }
      Map<String, String> published = new TreeMap<>(form.of(fact));
      published.keySet().removeAll(organisationNames(fact));
      String entry = type + " " + published;
      for (String fragment : fragments) {
        assertThat(entry).as("%s must not publish %s", fact.getClass().getSimpleName(), fragment)
            .doesNotContainIgnoringCase(fragment);
      }
    }
  }

  /**
   * Values that are one word look like codes, and the log cannot tell a code from a name such as
   * "Yousef": they are published as they are. So every fact key through which a field's value reaches
   * the log unchanged is declared here, each a code the server writes; a new field that would carry a
   * member's word to the public log fails until it is left out, hashed, or declared here with a reason.
   */
  static final Set<String> CODES = Set.of(
      "member.joined via",               // invitation, registration, setup
      "organisation.setting setting",    // the setting's code
      "organisation.setting value",      // a language code or true/false (names: published by choice)
      "organisation.setup default_language",
      "proposal.opened method",          // the voting method's code
      "vote.closed outcome",             // passed, failed…
      "ai.call task", "ai.call outcome", "ai.call template", "ai.call reason",
      "ai.call input_hmac", "ai.call output_hmac", // keyed digests the gateway computed
      "meeting.minutes-published minutes_sha256",  // the SHA-256 the server computed of minutes published in full
      // Host names of servers, checked as domain names before they get here, public on the blocked-domains page.
      "federation.domain-blocked domain", "federation.domain-unblocked domain", "federation.domain-blocked reason",
      "federation.ally-followed host", "federation.ally-unfollowed host",
      // Survival: an allied Commune's host and key fingerprints (an organisation, never a member), codes.
      "federation.ally-adopted host", "federation.ally-adopted log_key", "federation.ally-adopted actor_key",
      "federation.ally-ended host", "federation.ally-refused reason", "federation.witness-alert host",
      "federation.witness-alert kind",
      // GovernanceRecorded's free-form facts: keys its producers fill with codes, counts and ids only.
      "* text", "* comment", "* reason", "* option", "* slug", "* value", "* status", "* how", "* type",
      "* version", "* count");

  @Test
  void oneWordReachesTheLogOnlyThroughDeclaredCodes() {
    String word = "Yousefcanary";
    Set<String> seen = new TreeSet<>();
    for (PublicFact fact : PublicFactSamples.withText(word)) {
      String type;
      try {
        type = form.type(fact);
      } catch (IllegalArgumentException refused) {
        continue;
      }
      Set<String> asIs = organisationNames(fact);
      form.of(fact).forEach((key, value) -> {
        if (value.contains(word) && !asIs.contains(key)) {
          String where = fact instanceof GovernanceRecorded ? "* " + key : type + " " + key;
          seen.add(where);
          assertThat(CODES).as("%s publishes a field's word as it is under \"%s\"", fact.getClass().getSimpleName(), key)
              .contains(where);
        }
      });
    }
    assertThat(seen).as("every declared code is still one (none stale, the test sees the facts)")
        .containsExactlyInAnyOrderElementsOf(CODES);
  }

  /** A member appears under their pseudonym, wherever a fact names them. */
  @Test
  void membersAppearAsTheirPseudonym() {
    String pseudonym = ids.member(PublicFactSamples.MEMBER);
    int naming = 0;
    for (PublicFact fact : PublicFactSamples.withText("plain")) {
      boolean namesTheMember = fact.facts().values().contains(PublicFactSamples.MEMBER.toString());
      if (namesTheMember) {
        naming++;
        assertThat(form.of(fact)).as(fact.getClass().getSimpleName()).containsValue(pseudonym);
      }
    }
    assertThat(naming).as("facts that name a member").isGreaterThanOrEqualTo(7);
  }

  /** A free-form kind holding text is refused, not written. */
  @Test
  void anEntryTypeIsACode() {
    var text = new GovernanceRecorded(UUID.randomUUID(), Instant.EPOCH, "Yousef's vote", Map.of());
    assertThatThrownBy(() -> form.type(text)).isInstanceOf(IllegalArgumentException.class);
    assertThat(form.type(new GovernanceRecorded(UUID.randomUUID(), Instant.EPOCH,
        "ai.contest-resolved", Map.of()))).isEqualTo("ai.contest-resolved");
  }

  /** The test is not blind: a fact that published text as it is would be caught. */
  @Test
  void aFactPublishingTextAsItIsWouldFail() {
    PublicFact leaking = new PublicFact() {
      public UUID eventId() {
        return UUID.randomUUID();
      }

      public Instant at() {
        return Instant.EPOCH;
      }

      public String entryType() {
        return "member.joined";
      }

      public Map<String, String> facts() {
        return Map.of("reason", "Yousef Canaryhaddad");
      }

      @Override
      public Set<String> publishedAsIs() {
        return Set.of("reason");
      }
    };
    assertThat(form.of(leaking).toString()).contains("Canaryhaddad");
    assertThatThrownBy(() -> organisationNames(leaking)).isInstanceOf(AssertionError.class);
  }

  /** The organisation's names, public by its choice: the only values published as they are. */
  private static Set<String> organisationNames(PublicFact fact) {
    if (fact instanceof OrganisationSetUp) {
      assertThat(fact.publishedAsIs()).containsExactlyInAnyOrder("name_en", "name_ar");
      return fact.publishedAsIs();
    }
    if (fact instanceof OrganisationSettingChanged changed && Set.of("name_en", "name_ar").contains(changed.setting())) {
      assertThat(fact.publishedAsIs()).containsExactly("value");
      return fact.publishedAsIs();
    }
    if (fact instanceof ActorMoved || fact instanceof AliasDeclared) {
      // The organisation's own actor addresses, public by nature, present only when they are addresses.
      assertThat(fact.publishedAsIs()).allMatch(key -> key.endsWith("_actor"));
      return fact.publishedAsIs();
    }
    assertThat(fact.publishedAsIs()).as("%s publishes values as they are", fact.getClass().getSimpleName()).isEmpty();
    return Set.of();
  }
}
