package org.commune.transparency;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.commune.ai.AiCallRecorded;
import org.commune.governance.GovernanceRecorded;
import org.commune.governance.ProposalOpened;
import org.commune.governance.VoteClosed;
import org.commune.members.GroupCreated;
import org.commune.members.GroupMembershipChanged;
import org.commune.members.MemberJoined;
import org.commune.members.MemberLeft;
import org.commune.members.OrganisationSetUp;
import org.commune.members.OrganisationSettingChanged;
import org.commune.members.RoleChanged;
import org.springframework.scheduling.annotation.Async;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.stereotype.Component;

/**
 * Turns other modules' public events into log entries. Each event is appended at most once (the
 * event id is stored with the entry), so redelivery after a crash is harmless.
 *
 * <p>What goes in is public forever and cannot be taken back, so: members appear only as
 * pseudonyms ({@link PublicIds}), never by name or raw id; text that members wrote (proposal titles,
 * reasons, moderators' and stewards' answers, group names) never appears, only a keyed hash where a
 * later check may need it; codes, counts, times and the ids of proposals, groups and calls do.
 * Organisation names are public by the organisation's choice (they are on its public pages).
 *
 * <p>The listeners run after the publishing transaction commits, on their own threads, and hold no
 * transaction of their own while the {@link LogWriter} commits their entry together with others.
 * If appending fails, the event publication stays incomplete and is delivered again.
 */
@Component
class AppendToLog {

  /** Keys whose value is a member's id: published as the member's pseudonym. */
  static final Set<String> MEMBER_KEYS = Set.of("member", "by", "first_steward", "reviewer", "author", "requester",
      "voter", "delegate", "steward", "officer");

  /**
   * Of those, the keys naming who did the thing: an officer who agreed to act under their name is
   * published there under their officer pseudonym ({@link PublicIds#actor}). Where a member is the
   * subject of someone else's act ("member", "voter", "delegate") they keep their member pseudonym.
   */
  static final Set<String> ACTOR_KEYS = Set.of("by", "reviewer", "author", "requester", "steward");

  /**
   * Names a steward types (a model server's name, its model ids): short and code-like, yet free text
   * all the same (an attacker review published "salma-0791234567-informer" as a provider name), so
   * they are always published as keyed hashes; members read the names in the AI record.
   */
  static final Set<String> CHOSEN_NAME_KEYS = Set.of("provider", "model", "models");

  /** Structured values the server writes itself (no member text in them), published as they are. */
  static final Set<String> STRUCTURED_KEYS = Set.of("rules");

  /** Hashes of private text made without a key (a guess is confirmable): replaced by a keyed hash. */
  static final Set<String> UNKEYED_HASH_KEYS = Set.of("text_sha256");

  /** Codes, numbers, ids, times: what a public fact's value may look like; anything else is text. */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_.:+\\-]{0,80}");

  private final LogWriter writer;
  private final PublicIds ids;

  AppendToLog(LogWriter writer, PublicIds ids) {
    this.writer = writer;
    this.ids = ids;
  }

  @Async
  @TransactionalEventListener
  void on(OrganisationSetUp e) {
    append(e.eventId(), "organisation.setup", e.at(),
        facts("name_en", e.nameEn(), "name_ar", e.nameAr(), "default_language", e.defaultLanguage(),
            "first_steward", ids.member(e.firstSteward())));
  }

  @Async
  @TransactionalEventListener
  void on(OrganisationSettingChanged e) {
    append(e.eventId(), "organisation.setting", e.at(),
        facts("setting", e.setting(), "value", e.value(), "by", ids.actor(e.changedBy().value(), e.at())));
  }

  @Async
  @TransactionalEventListener
  void on(MemberJoined e) {
    append(e.eventId(), "member.joined", e.at(),
        facts("member", ids.member(e.member()), "via", e.via(), "role", e.role().code()));
  }

  @Async
  @TransactionalEventListener
  void on(MemberLeft e) {
    append(e.eventId(), "member.left", e.at(), facts("member", ids.member(e.member())));
  }

  @Async
  @TransactionalEventListener
  void on(RoleChanged e) {
    append(e.eventId(), "role.changed", e.at(),
        facts("member", ids.member(e.member()), "from", e.from().code(), "to", e.to().code(),
            "by", ids.actor(e.changedBy().value(), e.at())));
  }

  @Async
  @TransactionalEventListener
  void on(GroupCreated e) {
    append(e.eventId(), "group.created", e.at(),
        facts("group", e.group().toString(), "kind", e.kind().code(), "by", ids.actor(e.createdBy().value(), e.at())));
  }

  @Async
  @TransactionalEventListener
  void on(GroupMembershipChanged e) {
    Map<String, String> facts = facts("group", e.group().toString(), "member", ids.member(e.member()));
    if (e.changedBy() != null) {
      facts.put("by", ids.actor(e.changedBy().value(), e.at()));
    }
    append(e.eventId(), e.added() ? "group.member-added" : "group.member-removed", e.at(), facts);
  }

  @Async
  @TransactionalEventListener
  void on(ProposalOpened e) {
    append(e.eventId(), "proposal.opened", e.at(),
        facts("proposal", e.proposal().toString(), "method", e.method(),
            "closes", e.closesAt().toString(), "tie_seed", Long.toString(e.tieSeed()), "by", ids.actor(e.author().value(), e.at())));
  }

  @Async
  @TransactionalEventListener
  void on(VoteClosed e) {
    append(e.eventId(), "vote.closed", e.at(),
        facts("proposal", e.proposal().toString(), "outcome", e.outcome(), "ballots", Long.toString(e.ballots()),
            "eligible", Long.toString(e.eligible()), "chosen",
            e.chosen().stream().map(String::valueOf).collect(Collectors.joining(","))));
  }

  @Async
  @TransactionalEventListener
  void on(GovernanceRecorded e) {
    append(e.eventId(), e.kind(), e.at(), publicFacts(e.facts(), e.at()));
  }

  /**
   * The public form of facts whose shape this module does not know in advance (governance and AI
   * records): member ids become pseudonyms; text becomes a keyed hash under {@code key_hmac}; codes,
   * numbers and ids stay.
   */
  Map<String, String> publicFacts(Map<String, String> facts, java.time.Instant at) {
    Map<String, String> out = new TreeMap<>();
    facts.forEach((key, value) -> {
      if (value == null) {
        return;
      }
      if (MEMBER_KEYS.contains(key)) {
        var member = PublicIds.uuid(value);
        if (member.isPresent()) {
          out.put(key, key.equals("officer") ? ids.officer(member.get())
              : ACTOR_KEYS.contains(key) ? ids.actor(member.get(), at) : ids.member(member.get()));
        } else if (PLAIN.matcher(value).matches() && !value.contains("@")) {
          out.put(key, value);
        } else {
          out.put(key + "_hmac", ids.privateText(value));
        }
      } else if (CHOSEN_NAME_KEYS.contains(key)) {
        out.put(key + "_hmac", ids.privateText(value));
      } else if (UNKEYED_HASH_KEYS.contains(key)) {
        out.put(key.substring(0, key.length() - "_sha256".length()) + "_hmac", ids.privateText(value));
      } else if (STRUCTURED_KEYS.contains(key) || PLAIN.matcher(value).matches()) {
        out.put(key, value);
      } else {
        out.put(key + "_hmac", ids.privateText(value));
      }
    });
    return out;
  }

  /** A summary of an AI call: never the texts, never who asked (the members' record has that). */
  @Async
  @TransactionalEventListener
  void on(AiCallRecorded e) {
    // Codes, numbers, names of providers and models, and keyed digests: nothing a member wrote and
    // nothing a provider answered in an error can reach the public log through this entry.
    Map<String, String> facts = facts("call", e.call().toString(), "task", e.task(), "outcome", e.outcome(),
        "template", e.template());
    // Absent only in an event stored before this field existed, redelivered after an upgrade.
    if (e.inputDigest() != null) {
      facts.put("input_hmac", e.inputDigest());
    }
    if (e.charterVersion() != null) {
      facts.put("charter_version", e.charterVersion().toString());
    }
    if (e.provider() != null) {
      facts.put("provider_hmac", ids.privateText(e.provider()));
    }
    if (e.model() != null) {
      facts.put("model_hmac", ids.privateText(e.model()));
    }
    if (e.outputDigest() != null) {
      facts.put("output_hmac", e.outputDigest());
    }
    if (e.reasonCode() != null) {
      facts.put("reason", e.reasonCode());
    }
    if (e.tokensIn() != null) {
      facts.put("tokens_in", e.tokensIn().toString());
    }
    if (e.tokensOut() != null) {
      facts.put("tokens_out", e.tokensOut().toString());
    }
    if (e.outputCap() != null) {
      facts.put("max_tokens", e.outputCap().toString());
    }
    append(e.eventId(), "ai.call", e.at(), facts);
  }

  private void append(UUID eventId, String type, java.time.Instant at, Map<String, String> facts) {
    writer.submit(new NewLogEntry(type, at, facts, eventId)).join();
  }

  private static Map<String, String> facts(String... keysAndValues) {
    Map<String, String> facts = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      facts.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return facts;
  }
}
