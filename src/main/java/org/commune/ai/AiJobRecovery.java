package org.commune.ai;

import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.commune.members.MemberId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Background AI jobs are stored (ai_job), but the thread running one dies with the application. At start, every
 * job an earlier run left queued or running ends failed, with its call's record: the one the call wrote if it got
 * that far, otherwise a "failed: interrupted" record written now, under the id the job chose before calling. So a
 * restart never leaves a job spinning forever, and every call keeps exactly one record. Jobs are not resumed: the
 * input was never stored (it can be members-only or personal), and a member can simply ask again.
 */
@Component
class AiJobRecovery {

  private static final Logger LOG = LoggerFactory.getLogger(AiJobRecovery.class);

  private final DraftRepository jobs;
  private final AiCallRepository calls;
  private final AiGateway gateway;
  private final Clock clock;
  /** Jobs created before this instant belong to an earlier run; later ones to this run's own threads. */
  private final Instant started;

  AiJobRecovery(DraftRepository jobs, AiCallRepository calls, AiGateway gateway, Clock clock) {
    this.jobs = jobs;
    this.calls = calls;
    this.gateway = gateway;
    this.clock = clock;
    this.started = clock.instant();
  }

  @EventListener(ApplicationReadyEvent.class)
  void afterStart() {
    int recovered = recover(started);
    if (recovered > 0) {
      LOG.warn("{} AI job(s) were cut off when the application last stopped: each now ends failed, with its record",
          recovered);
    }
  }

  /** Ends every job created before the instant that is still queued or running; returns how many. */
  int recover(Instant createdBefore) {
    int count = 0;
    for (DraftRepository.Unfinished job : jobs.unfinishedBefore(createdBefore)) {
      UUID call = job.plannedCall() != null && calls.find(job.plannedCall()).isPresent()
          ? job.plannedCall()
          : recordInterrupted(job);
      jobs.jobState(job.id(), "failed", call, null, clock.instant());
      count++;
    }
    return count;
  }

  private UUID recordInterrupted(DraftRepository.Unfinished job) {
    AiTask task = AiTask.fromCode(job.task()).orElse(AiTask.DRAFT);
    DataClass dataClass = job.dataClass() == null ? DataClass.PERSONAL : DataClass.valueOf(job.dataClass().toUpperCase(Locale.ROOT));
    AiRequest request = new AiRequest(new MemberId(job.requester()), task, dataClass, job.subject(), Map.of(), "");
    boolean legacy = job.plannedCall() == null || job.inputSha256() == null;
    // A job from before its facts were stored (an upgrade) has no input digest: the record says so instead of
    // inventing one, and counts its data as personal, the strictest class.
    String digest = legacy ? gateway.inputDigest(request) : job.inputSha256();
    String why = legacy
        ? "interrupted: the application stopped while the job ran (a job from before the upgrade: its input's digest"
            + " was not kept, this is the digest of an empty input)"
        : "interrupted: the application stopped while the call ran";
    UUID id = job.plannedCall() == null ? UUID.randomUUID() : job.plannedCall();
    return gateway.recordInterrupted(id, job.createdAt(), request, digest, why).call();
  }
}
