package org.commune.transparency;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
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
 * event id is stored with the entry), so redelivery after a crash is harmless. Only ids and public
 * facts go in: no names of members, no emails.
 *
 * <p>The listeners run after the publishing transaction commits, on their own threads, and hold no
 * transaction of their own while the {@link LogWriter} commits their entry together with others.
 * If appending fails, the event publication stays incomplete and is delivered again.
 */
@Component
class AppendToLog {

  private final LogWriter writer;

  AppendToLog(LogWriter writer) {
    this.writer = writer;
  }

  @Async
  @TransactionalEventListener
  void on(OrganisationSetUp e) {
    append(e.eventId(), "organisation.setup", e.at(),
        facts("name_en", e.nameEn(), "name_ar", e.nameAr(), "default_language", e.defaultLanguage(),
            "first_steward", e.firstSteward().toString()));
  }

  @Async
  @TransactionalEventListener
  void on(OrganisationSettingChanged e) {
    append(e.eventId(), "organisation.setting", e.at(),
        facts("setting", e.setting(), "value", e.value(), "by", e.changedBy().toString()));
  }

  @Async
  @TransactionalEventListener
  void on(MemberJoined e) {
    append(e.eventId(), "member.joined", e.at(),
        facts("member", e.member().toString(), "via", e.via(), "role", e.role().code()));
  }

  @Async
  @TransactionalEventListener
  void on(MemberLeft e) {
    append(e.eventId(), "member.left", e.at(), facts("member", e.member().toString()));
  }

  @Async
  @TransactionalEventListener
  void on(RoleChanged e) {
    append(e.eventId(), "role.changed", e.at(),
        facts("member", e.member().toString(), "from", e.from().code(), "to", e.to().code(),
            "by", e.changedBy().toString(), "reason", e.reason()));
  }

  @Async
  @TransactionalEventListener
  void on(GroupCreated e) {
    append(e.eventId(), "group.created", e.at(),
        facts("group", e.group().toString(), "slug", e.slug(), "name_en", e.nameEn(), "name_ar", e.nameAr(), "kind", e.kind().code(),
            "by", e.createdBy().toString()));
  }

  @Async
  @TransactionalEventListener
  void on(GroupMembershipChanged e) {
    Map<String, String> facts = facts("group", e.group().toString(), "member", e.member().toString());
    if (e.changedBy() != null) {
      facts.put("by", e.changedBy().toString());
    }
    facts.put("reason", e.reason());
    append(e.eventId(), e.added() ? "group.member-added" : "group.member-removed", e.at(), facts);
  }

  @Async
  @TransactionalEventListener
  void on(ProposalOpened e) {
    append(e.eventId(), "proposal.opened", e.at(),
        facts("proposal", e.proposal().toString(), "title", e.title(), "method", e.method(),
            "closes", e.closesAt().toString(), "tie_seed", Long.toString(e.tieSeed()), "by", e.author().toString()));
  }

  @Async
  @TransactionalEventListener
  void on(VoteClosed e) {
    append(e.eventId(), "vote.closed", e.at(),
        facts("proposal", e.proposal().toString(), "outcome", e.outcome(), "ballots", Long.toString(e.ballots()),
            "eligible", Long.toString(e.eligible()), "result", e.result()));
  }

  @Async
  @TransactionalEventListener
  void on(GovernanceRecorded e) {
    append(e.eventId(), e.kind(), e.at(), new java.util.TreeMap<>(e.facts()));
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
      facts.put("provider", e.provider());
    }
    if (e.model() != null) {
      facts.put("model", e.model());
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
