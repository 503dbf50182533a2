package org.commune.federation.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for the delivery queue: activities, their targets (one per inbox) and inboxes' health. */
@Repository
public class DeliveryRepository {

  /** A stored activity. */
  public record StoredActivity(UUID id, String type, @Nullable String objectId, boolean isPublic, String json,
      Instant createdAt) {}

  /**
   * A claimed target: deliver this activity's JSON to this inbox; {@code attempt} counts this one;
   * {@code failures}: the inbox's consecutive failures so far (from {@link DeliverySettings#UNAVAILABLE_AFTER} on,
   * this attempt is a probe).
   */
  record Claim(UUID activity, String inbox, String host, int attempt, String json, int failures) {
    boolean probe() {
      return failures >= DeliverySettings.UNAVAILABLE_AFTER;
    }
  }

  /** A delivery that succeeded, waiting to be written with others. */
  record Delivered(UUID activity, String inbox, int status, Instant at) {}

  /** An activity with how its deliveries stand (the stewards' page). */
  /**
   * An activity with its deliveries' counts, and what it concerns: its object's id and, when the object
   * carries one, its name and type (an article's title; what the stewards' page says it sent).
   */
  public record ActivityCounts(UUID id, String type, Instant createdAt, long delivered, long pending, long failed,
      @Nullable String objectId, @Nullable String objectName, @Nullable String objectType) {}

  /** An inbox that is unavailable now, or failing. */
  public record InboxHealth(String inbox, String host, int consecutiveFailures, @Nullable Instant unavailableUntil,
      @Nullable Instant lastFailureAt, long pending) {}

  private final JdbcClient jdbc;

  DeliveryRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Keeps the activity; the same id twice (an event handled again after a restart) keeps the first. */
  boolean insertActivity(UUID id, String type, @Nullable String objectId, boolean isPublic, String json, Instant at) {
    return jdbc.sql("""
        INSERT INTO federation_activity (id, type, object_id, public, json, created_at)
        VALUES (:id, :type, :object, :public, :json, :at) ON CONFLICT (id) DO NOTHING
        """).param("id", id).param("type", type).param("object", objectId).param("public", isPublic)
        .param("json", json).param("at", Timestamp.from(at)).update() > 0;
  }

  /** Queues one target per inbox, due now; an inbox the activity already has is left as it is. */
  void insertTargets(UUID activity, Collection<Target> targets, Instant now) {
    if (targets.isEmpty()) {
      return;
    }
    jdbc.sql("""
        INSERT INTO federation_delivery (activity_id, inbox, host, state, next_attempt_at)
        SELECT :activity, t.inbox, t.host, 'pending', :now FROM unnest(:inboxes, :hosts) AS t(inbox, host)
        ON CONFLICT (activity_id, inbox) DO NOTHING
        """).param("activity", activity).param("now", Timestamp.from(now))
        .param("inboxes", targets.stream().map(Target::inbox).toArray(String[]::new))
        .param("hosts", targets.stream().map(Target::host).toArray(String[]::new)).update();
  }

  record Target(String inbox, String host) {}

  /**
   * Claims up to {@code limit} due targets for this process until {@code leaseEnd}: pending, due, not claimed
   * (or claimed by a process whose lease ran out), to an inbox that is not unavailable, on a host none of
   * whose inboxes is unavailable (fake followers naming many inboxes on a third party's host must not turn
   * the queue against it) and that is not already busy here. Rows other workers hold are skipped, not
   * waited for. A target to an inbox that failed repeatedly is a probe: only one is claimed per such inbox,
   * and the inbox stays closed to others until it answers.
   */
  List<Claim> claim(Instant now, Instant leaseEnd, int limit, Collection<String> busyHosts) {
    List<Claim> claimed = jdbc.sql("""
        WITH due AS (
          SELECT d.activity_id, d.inbox FROM federation_delivery d
          WHERE d.state = 'pending' AND d.next_attempt_at <= :now
            AND (d.claimed_until IS NULL OR d.claimed_until < :now)
            AND NOT EXISTS (SELECT 1 FROM federation_inbox_health h
              WHERE (h.inbox = d.inbox OR h.host = d.host) AND h.unavailable_until > :now)
            AND d.host <> ALL (:busy)
          ORDER BY d.next_attempt_at, d.activity_id
          LIMIT :limit
          FOR UPDATE OF d SKIP LOCKED)
        UPDATE federation_delivery d SET claimed_until = :lease, attempts = d.attempts + 1
        FROM due WHERE d.activity_id = due.activity_id AND d.inbox = due.inbox
        RETURNING d.activity_id, d.inbox, d.host, d.attempts,
          (SELECT a.json FROM federation_activity a WHERE a.id = d.activity_id) AS json,
          coalesce((SELECT h.consecutive_failures FROM federation_inbox_health h WHERE h.inbox = d.inbox), 0)
            AS failures
        """).param("now", Timestamp.from(now)).param("lease", Timestamp.from(leaseEnd)).param("limit", limit)
        .param("busy", busyHosts.toArray(String[]::new))
        .query((rs, n) -> new Claim(rs.getObject("activity_id", UUID.class), rs.getString("inbox"),
            rs.getString("host"), rs.getInt("attempts"), rs.getString("json"), rs.getInt("failures")))
        .list();
    return claimed;
  }

  /**
   * Holds a failing inbox closed while its probe runs (so that no other worker sends it more meanwhile);
   * false when another worker is probing it already.
   */
  boolean holdForProbe(String inbox, Instant now, Instant until) {
    return jdbc.sql("""
        UPDATE federation_inbox_health SET unavailable_until = :until
        WHERE inbox = :inbox AND (unavailable_until IS NULL OR unavailable_until <= :now)
        """).param("inbox", inbox).param("now", Timestamp.from(now)).param("until", Timestamp.from(until)).update() > 0;
  }

  /** Gives claims back untouched (their attempts did not happen). */
  void release(List<Claim> claims) {
    jdbc.sql("""
        UPDATE federation_delivery d SET claimed_until = NULL, attempts = greatest(d.attempts - 1, 0)
        FROM unnest(:activities, :inboxes) AS t(activity, inbox)
        WHERE d.activity_id = t.activity AND d.inbox = t.inbox AND d.state = 'pending'
        """).param("activities", claims.stream().map(Claim::activity).toArray(UUID[]::new))
        .param("inboxes", claims.stream().map(Claim::inbox).toArray(String[]::new)).update();
  }

  /** The attempt ended for good: delivered, refused for good, or the last one failed. */
  void finish(UUID activity, String inbox, String state, @Nullable Integer status, @Nullable String error, Instant at) {
    jdbc.sql("""
        UPDATE federation_delivery SET state = :state, last_status = :status, last_error = :error, finished_at = :at,
          claimed_until = NULL
        WHERE activity_id = :a AND inbox = :inbox
        """).param("state", state).param("status", status).param("error", error).param("at", Timestamp.from(at))
        .param("a", activity).param("inbox", inbox).update();
    forgetSentPrivate(List.of(activity));
  }

  /**
   * Empties the JSON of non-public activities (an Accept, a Follow, an Undo: they name a follower) once no
   * target waits for them: what is kept then is the type and the outcome, not whom it named.
   */
  private void forgetSentPrivate(List<UUID> activities) {
    jdbc.sql("""
        UPDATE federation_activity a SET json = ''
        WHERE a.id = ANY (:ids) AND NOT a.public AND a.json <> ''
          AND NOT EXISTS (SELECT 1 FROM federation_delivery d WHERE d.activity_id = a.id AND d.state = 'pending')
        """).param("ids", activities.toArray(UUID[]::new)).update();
  }

  /**
   * Deliveries that succeeded, written in one statement: at a few hundred a second, one round trip and
   * commit per delivery would be the queue's bottleneck.
   */
  void delivered(List<Delivered> done) {
    jdbc.sql("""
        UPDATE federation_delivery d SET state = 'delivered', last_status = t.status, last_error = NULL,
          finished_at = t.at, claimed_until = NULL
        FROM unnest(:activities, :inboxes, :statuses, :ats) AS t(activity, inbox, status, at)
        WHERE d.activity_id = t.activity AND d.inbox = t.inbox
        """)
        .param("activities", done.stream().map(Delivered::activity).toArray(UUID[]::new))
        .param("inboxes", done.stream().map(Delivered::inbox).toArray(String[]::new))
        .param("statuses", done.stream().map(Delivered::status).toArray(Integer[]::new))
        .param("ats", done.stream().map(d -> Timestamp.from(d.at())).toArray(Timestamp[]::new)).update();
    forgetSentPrivate(done.stream().map(Delivered::activity).distinct().toList());
  }

  /** The attempt failed; try again at {@code next}. */
  void retryAt(UUID activity, String inbox, @Nullable Integer status, String error, Instant next) {
    jdbc.sql("""
        UPDATE federation_delivery SET last_status = :status, last_error = :error, next_attempt_at = :next,
          claimed_until = NULL
        WHERE activity_id = :a AND inbox = :inbox
        """).param("status", status).param("error", error).param("next", Timestamp.from(next))
        .param("a", activity).param("inbox", inbox).update();
  }

  /** The inbox answered (whatever it said, it is there): it is available again. */
  void inboxAnswered(String inbox, String host, Instant at) {
    jdbc.sql("""
        INSERT INTO federation_inbox_health (inbox, host, consecutive_failures, last_success_at)
        VALUES (:inbox, :host, 0, :at)
        ON CONFLICT (inbox) DO UPDATE SET consecutive_failures = 0, unavailable_until = NULL, last_success_at = :at
        """).param("inbox", inbox).param("host", host).param("at", Timestamp.from(at)).update();
  }

  /** The inbox failed once more; returns its consecutive failures. */
  int inboxFailed(String inbox, String host, Instant at) {
    return jdbc.sql("""
        INSERT INTO federation_inbox_health (inbox, host, consecutive_failures, last_failure_at)
        VALUES (:inbox, :host, 1, :at)
        ON CONFLICT (inbox) DO UPDATE SET consecutive_failures = federation_inbox_health.consecutive_failures + 1,
          last_failure_at = :at
        RETURNING consecutive_failures
        """).param("inbox", inbox).param("host", host).param("at", Timestamp.from(at)).query(Integer.class).single();
  }

  /** The consecutive failures of all the host's inboxes together. */
  int hostFailures(String host) {
    return jdbc.sql("SELECT coalesce(sum(consecutive_failures), 0) FROM federation_inbox_health WHERE host = :host")
        .param("host", host).query(Integer.class).single();
  }

  void markUnavailable(String inbox, Instant until) {
    jdbc.sql("UPDATE federation_inbox_health SET unavailable_until = :until WHERE inbox = :inbox")
        .param("inbox", inbox).param("until", Timestamp.from(until)).update();
  }

  /** "Retry now" for an inbox: available again, its waiting targets due at once. */
  boolean retryInbox(String inbox, Instant now) {
    int health = jdbc.sql("""
        UPDATE federation_inbox_health SET unavailable_until = NULL
        WHERE host = (SELECT host FROM federation_inbox_health WHERE inbox = :inbox)
        """).param("inbox", inbox).update();
    int targets = jdbc.sql("""
        UPDATE federation_delivery SET next_attempt_at = :now
        WHERE inbox = :inbox AND state = 'pending' AND next_attempt_at > :now
        """).param("inbox", inbox).param("now", Timestamp.from(now)).update();
    return health + targets > 0;
  }

  /** "Retry now" for an activity: targets that gave up or wait are due at once, with a fresh set of attempts. */
  boolean retryActivity(UUID activity, Instant now) {
    return jdbc.sql("""
        UPDATE federation_delivery SET state = 'pending', attempts = 0, next_attempt_at = :now, finished_at = NULL
        WHERE activity_id = :a AND (state = 'gave_up' OR (state = 'pending' AND next_attempt_at > :now))
          AND EXISTS (SELECT 1 FROM federation_activity a WHERE a.id = :a AND a.json <> '')
        """).param("a", activity).param("now", Timestamp.from(now)).update() > 0;
  }

  public Optional<StoredActivity> activity(UUID id) {
    return jdbc.sql("SELECT * FROM federation_activity WHERE id = :id").param("id", id)
        .query(DeliveryRepository::activityRow).optional();
  }

  /** The newest activity of any of these types about the object. */
  public Optional<StoredActivity> latestAbout(String objectId, Collection<String> types) {
    return jdbc.sql("""
        SELECT * FROM federation_activity WHERE object_id = :object AND type IN (:types)
        ORDER BY created_at DESC, id LIMIT 1
        """).param("object", objectId).param("types", types).query(DeliveryRepository::activityRow).optional();
  }

  /**
   * The organisation's public Create activities whose object still stands (no Delete followed), newest first:
   * the outbox.
   */
  public List<StoredActivity> currentCreates(int offset, int limit) {
    return jdbc.sql(CURRENT_CREATES + " ORDER BY c.created_at DESC, c.id LIMIT :limit OFFSET :offset")
        .param("limit", limit).param("offset", offset).query(DeliveryRepository::activityRow).list();
  }

  public long countCurrentCreates() {
    return jdbc.sql("SELECT count(*) FROM (" + CURRENT_CREATES + ") x").query(Long.class).single();
  }

  private static final String CURRENT_CREATES = """
      SELECT c.* FROM federation_activity c
      WHERE c.type = 'Create' AND c.public AND c.object_id IS NOT NULL
        AND NOT EXISTS (SELECT 1 FROM federation_activity d WHERE d.type = 'Delete' AND d.object_id = c.object_id)
      """;

  /** The newest activities with their targets' states. */
  public List<ActivityCounts> recent(int limit) {
    return jdbc.sql("""
        SELECT a.id, a.type, a.created_at, a.object_id,
          (a.json::jsonb -> 'object') ->> 'name' AS object_name, (a.json::jsonb -> 'object') ->> 'type' AS object_type,
          count(*) FILTER (WHERE d.state = 'delivered') AS delivered,
          count(*) FILTER (WHERE d.state = 'pending') AS pending,
          count(*) FILTER (WHERE d.state IN ('failed', 'gave_up')) AS failed
        FROM federation_activity a LEFT JOIN federation_delivery d ON d.activity_id = a.id
        GROUP BY a.id ORDER BY a.created_at DESC, a.id LIMIT :limit
        """).param("limit", limit).query((rs, n) -> new ActivityCounts(rs.getObject("id", UUID.class),
            rs.getString("type"), rs.getTimestamp("created_at").toInstant(), rs.getLong("delivered"),
            rs.getLong("pending"), rs.getLong("failed"), rs.getString("object_id"), rs.getString("object_name"),
            rs.getString("object_type"))).list();
  }

  /** Inboxes that are failing (at least one failure in a row), the unavailable ones first. */
  public List<InboxHealth> failing(Instant now, int limit) {
    return jdbc.sql("""
        SELECT h.inbox, h.host, h.consecutive_failures, h.last_failure_at,
          CASE WHEN h.unavailable_until > :now THEN h.unavailable_until END AS unavailable_until, (SELECT count(*) FROM federation_delivery d WHERE d.inbox = h.inbox AND d.state = 'pending')
          AS pending
        FROM federation_inbox_health h WHERE h.consecutive_failures > 0
        ORDER BY (h.unavailable_until > :now) DESC NULLS LAST, h.consecutive_failures DESC, h.inbox LIMIT :limit
        """).param("now", Timestamp.from(now)).param("limit", limit)
        .query((rs, n) -> new InboxHealth(rs.getString("inbox"), rs.getString("host"), rs.getInt("consecutive_failures"),
            instant(rs, "unavailable_until"), instant(rs, "last_failure_at"), rs.getLong("pending"))).list();
  }

  private static StoredActivity activityRow(ResultSet rs, int n) throws SQLException {
    return new StoredActivity(rs.getObject("id", UUID.class), rs.getString("type"), rs.getString("object_id"),
        rs.getBoolean("public"), rs.getString("json"), rs.getTimestamp("created_at").toInstant());
  }

  private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp at = rs.getTimestamp(column);
    return at == null ? null : at.toInstant();
  }
}
