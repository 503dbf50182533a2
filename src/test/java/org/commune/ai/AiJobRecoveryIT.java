package org.commune.ai;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.commune.members.MemberId;
import org.commune.members.Role;
import org.commune.testing.RunningCommune;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Background AI jobs survive a restart: a job an earlier run left running ends failed, with exactly one record of its
 * call, and its page says why. The restart is what the application does at start: AiJobRecovery on the rows left
 * behind (created "two hours ago", so that jobs of this run's other tests are not touched).
 */
class AiJobRecoveryIT extends RunningCommune {

  @Autowired AiJobRecovery recovery;
  @Autowired DraftRepository jobs;
  @Autowired AiGateway gateway;
  @Autowired AiTasks tasks;

  /** The call was running when the application stopped: no record yet, so the recovery writes one. */
  @Test
  void aJobCutOffMidCallEndsFailedWithOneInterruptedRecord() {
    MemberId requester = member("job-requester", Role.MEMBER);
    AiRequest request = new AiRequest(requester, AiTask.DRAFT, DataClass.MEMBER, null, Map.of(), "A statement on the port.");
    UUID job = UUID.randomUUID();
    UUID call = UUID.randomUUID();
    leftRunning(job, call, request);
    assertThat(tasks.job(job, requester).orElseThrow().finished()).isFalse();

    restart();

    AiTasks.JobView view = tasks.job(job, requester).orElseThrow();
    assertThat(view.state()).isEqualTo("failed");
    assertThat(view.call()).isEqualTo(call);
    assertThat(view.reasonKey()).isEqualTo("ai.reason.interrupted");
    assertThat(records(call)).isEqualTo(1);
    assertThat(jdbc.sql("SELECT outcome || ' ' || reason_code || ' ' || task || ' ' || data_class || ' ' || input_sha256"
        + " FROM ai_call WHERE id = :id").param("id", call).query(String.class).single())
        .isEqualTo("failed interrupted draft member " + gateway.inputDigest(request));
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
        "SELECT count(*) FROM log_entry WHERE entry_type = 'ai.call' AND leaf LIKE :c").param("c", "%" + call + "%")
        .query(Long.class).single() == 1);

    String page = signedIn("job-requester").get("/ai/jobs/" + job).body();
    assertThat(page).contains("data-reason").contains("The application stopped while this call ran");

    restart();
    assertThat(records(call)).as("a second start adds nothing").isEqualTo(1);
  }

  /** The call ended and was recorded, but the application stopped before the job noted it: no second record. */
  @Test
  void aJobWhoseCallWasRecordedKeepsThatOneRecord() {
    MemberId requester = member("job-requester-2", Role.MEMBER);
    // Too long for the gateway (commune.ai.max-input-chars): its record is written at once, and no model server or
    // charter of this run's other tests is involved.
    AiRequest request = new AiRequest(requester, AiTask.DRAFT, DataClass.MEMBER, null, Map.of(), "x".repeat(20_001));
    UUID job = UUID.randomUUID();
    UUID call = UUID.randomUUID();
    leftRunning(job, call, request);
    AiResult recorded = gateway.call(call, request, token -> { });
    assertThat(recorded.reasonCode()).isEqualTo(AiReason.INPUT_TOO_LONG);
    assertThat(records(call)).isEqualTo(1);

    restart();

    AiTasks.JobView view = tasks.job(job, requester).orElseThrow();
    assertThat(view.state()).isEqualTo("failed");
    assertThat(view.call()).isEqualTo(call);
    assertThat(records(call)).isEqualTo(1);
    assertThat(view.reasonKey()).isEqualTo(AiReason.INPUT_TOO_LONG.messageKey());
  }

  /** What AiTasks leaves in the database when the application stops while the job's call runs. */
  private void leftRunning(UUID job, UUID call, AiRequest request) {
    Instant twoHoursAgo = clock.instant().minus(Duration.ofHours(2));
    jobs.insertJob(job, request.requester().value(), request.task().code(), twoHoursAgo, call, request.subject(),
        request.dataClass().code(), gateway.inputDigest(request));
    jobs.jobState(job, "running", null, null, null);
  }

  /** The start of a new run: jobs from before it (an hour ago) are the earlier run's. */
  private void restart() {
    recovery.recover(clock.instant().minus(Duration.ofHours(1)));
  }

  private long records(UUID call) {
    return jdbc.sql("SELECT count(*) FROM ai_call WHERE id = :id").param("id", call).query(Long.class).single();
  }
}
