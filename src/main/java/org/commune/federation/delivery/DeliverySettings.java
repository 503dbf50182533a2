package org.commune.federation.delivery;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * How the delivery queue paces itself (docs/configuration.md, docs/federation-delivery.md). The retry
 * schedule is fixed: ten attempts over about a week, like Mastodon's eight over about three days but
 * longer, since an organisation under pressure may see its allies' servers go down for days.
 */
@Component
public class DeliverySettings {

  /** The wait after each failed attempt (attempt 1 failed: wait the first, and so on); then it gives up. */
  static final List<Duration> BACKOFF = List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30),
      Duration.ofHours(2), Duration.ofHours(6), Duration.ofHours(12), Duration.ofHours(24), Duration.ofHours(48),
      Duration.ofHours(72));

  /** Attempts per target: the first one and one after each wait. */
  static final int MAX_ATTEMPTS = BACKOFF.size() + 1;

  /** Consecutive failures (over any activities) after which an inbox is unavailable for a while. */
  static final int UNAVAILABLE_AFTER = 5;

  private final int workers;
  private final int concurrency;
  private final int perHost;
  private final Duration poll;
  private final Duration lease;

  @Autowired
  DeliverySettings(
      @Value("${commune.federation.delivery.workers:2}") int workers,
      @Value("${commune.federation.delivery.concurrency:64}") int concurrency,
      @Value("${commune.federation.delivery.per-host:8}") int perHost,
      @Value("${commune.federation.delivery.poll:PT2S}") Duration poll,
      @Value("${commune.federation.delivery.lease:PT5M}") Duration lease) {
    if (workers < 1 || concurrency < 1 || perHost < 1 || poll.isNegative() || poll.isZero()
        || lease.compareTo(Duration.ofSeconds(30)) < 0) {
      throw new IllegalStateException("commune.federation.delivery.*: workers, concurrency and per-host must be at "
          + "least 1, poll positive, lease at least 30 seconds (longer than one attempt can take)");
    }
    this.workers = workers;
    this.concurrency = concurrency;
    this.perHost = perHost;
    this.poll = poll;
    this.lease = lease;
  }

  /** Threads that claim due targets (each attempt then runs on its own virtual thread). */
  int workers() {
    return workers;
  }

  /** Attempts in flight at once in this process. */
  int concurrency() {
    return concurrency;
  }

  /** Attempts in flight at once to one host: a slow server holds at most this many. */
  int perHost() {
    return perHost;
  }

  /** How often an idle worker looks for due targets (new activities wake it at once). */
  Duration poll() {
    return poll;
  }

  /** How long a claim holds: a target claimed by a process that died is claimed again after it. */
  Duration lease() {
    return lease;
  }

  /** The wait after the given failed attempt (1-based), or null when that was the last one. */
  static @Nullable Duration backoff(int attempt) {
    return attempt >= MAX_ATTEMPTS ? null : BACKOFF.get(Math.max(0, attempt - 1));
  }

  /** How long an inbox stays unavailable after this many consecutive failures: 1 h doubling, at most 3 days. */
  static Duration unavailableFor(int consecutiveFailures) {
    Duration window = Duration.ofHours(1L << Math.min(Math.max(0, consecutiveFailures - UNAVAILABLE_AFTER), 7));
    return window.compareTo(Duration.ofDays(3)) > 0 ? Duration.ofDays(3) : window;
  }
}
