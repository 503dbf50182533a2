package org.commune.ai;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.commune.governance.GovernanceRecorded;
import org.commune.members.InvalidInput;
import org.commune.members.MemberId;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The record of AI calls, as members read it, and contests against entries. */
@Service
public class AiRecord {

  private final AiCallRepository calls;
  private final ApplicationEventPublisher events;
  private final Clock clock;

  AiRecord(AiCallRepository calls, ApplicationEventPublisher events, Clock clock) {
    this.calls = calls;
    this.events = events;
    this.clock = clock;
  }

  public List<AiCall> newest(@Nullable String task, @Nullable String outcome) {
    return calls.newest(task == null || task.isBlank() ? null : task, outcome == null || outcome.isBlank() ? null : outcome,
        200);
  }

  public Optional<AiCall> find(UUID id) {
    return calls.find(id);
  }

  /** Tokens and energy used this calendar month (UTC). */
  public record Usage(long tokens, double energyWh) {}

  public Usage thisMonth() {
    AiCallRepository.Used used = calls.usedIn(LocalDate.now(clock.withZone(ZoneOffset.UTC)).withDayOfMonth(1));
    return new Usage(used.tokens(), used.energyWh());
  }

  /** A contest against a recorded call: who raised it, why, when, and how it was resolved (empty while open). */
  public record Contest(UUID id, UUID member, String reason, Instant at, String resolution) {
    public boolean open() {
      return resolution.isEmpty();
    }
  }

  public List<Contest> contests(UUID call) {
    return calls.contests(call).stream().map(c -> new Contest(c.id(), c.member(), c.reason(), c.at(),
        c.resolution() == null ? "" : c.resolution())).toList();
  }

  /** A steward answers a contest; the answer is shown on the entry and logged. */
  @Transactional
  public void resolve(MemberId steward, UUID call, UUID contest, String resolution) {
    String answer = resolution == null ? "" : resolution.strip();
    if (answer.isEmpty()) {
      throw InvalidInput.of("resolution", "ai.contest.resolution");
    }
    if (answer.length() > 2000) {
      throw InvalidInput.of("resolution", "input.too-long");
    }
    if (!calls.resolveContest(call, contest, answer, clock.instant())) {
      throw InvalidInput.of("form", "ai.contest.not-open");
    }
    events.publishEvent(new GovernanceRecorded(UUID.randomUUID(), clock.instant(),
        "ai.contest-resolved", Map.of("call", call.toString(), "contest", contest.toString(),
            "by", steward.toString(), "resolution", answer)));
  }

  /** Any member contests a recorded call; this opens a review item, listed on the entry and logged. */
  @Transactional
  public void contest(MemberId member, UUID call, String reason) {
    if (calls.find(call).isEmpty()) {
      throw InvalidInput.of("form", "ai.calls.unknown");
    }
    String why = reason == null ? "" : reason.strip();
    if (why.isEmpty()) {
      throw InvalidInput.of("reason", "ai.contest.reason");
    }
    if (why.length() > 2000) {
      throw InvalidInput.of("reason", "input.too-long");
    }
    UUID id = UUID.randomUUID();
    calls.insertContest(id, call, member.value(), why, clock.instant());
    events.publishEvent(new GovernanceRecorded(UUID.randomUUID(), clock.instant(),
        "ai.contested", Map.of("call", call.toString(), "contest", id.toString(), "by", member.toString())));
  }
}
