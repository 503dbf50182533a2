package org.commune.web;

import io.github.bucket4j.Bucket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Limits for the doors an attacker knocks on: sign-in, password reset, joining and set-up.
 *
 * <p>Sign-in counts only failures, never successes, so a room full of members on one Wi-Fi can all
 * sign in. Per client address, failures beyond a ceiling get 429 for the rest of the minute. Per
 * account, failures beyond a lower limit do not lock the owner out (an attacker could otherwise keep
 * anyone out for good): they make every further attempt on that account wait, twice as long with
 * each failure beyond the limit, up to a maximum. The owner's correct password (and code, where a
 * second factor is on) still signs in after the wait; a guesser gets only a trickle of attempts.
 *
 * <p>The other doors count every attempt per address, against the address ceiling.
 */
public final class RateLimits {

  static final Duration WINDOW = Duration.ofMinutes(1);

  /** Bounded so that a flood of distinct keys cannot exhaust memory. */
  private static final int MAX_KEYS = 100_000;

  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final Map<String, ArrayDeque<Long>> failures = new ConcurrentHashMap<>();
  private final int accountFailuresPerWindow;
  private final int addressAttemptsPerWindow;
  private final Duration maxDelay;
  private final Clock clock;

  /** accountFailuresPerWindow: failed sign-ins per account each minute before waits begin. */
  public RateLimits(int accountFailuresPerWindow, int addressAttemptsPerWindow, Duration maxDelay, Clock clock) {
    this.accountFailuresPerWindow = accountFailuresPerWindow;
    this.addressAttemptsPerWindow = addressAttemptsPerWindow;
    this.maxDelay = maxDelay;
    this.clock = clock;
  }

  /** Takes one attempt at a door other than sign-in for the address; false when the ceiling is reached. */
  public boolean tryAttempt(String key) {
    if (buckets.size() > MAX_KEYS) {
      buckets.clear();
    }
    return buckets.computeIfAbsent(key, k -> newBucket()).tryConsume(1);
  }

  /** True when the address has failed to sign in too often this minute. */
  public boolean addressBlocked(String address) {
    return recent("address|" + address) >= addressAttemptsPerWindow;
  }

  /** How long an attempt on this account waits before it is checked; zero while under the limit. */
  public Duration accountDelay(String username) {
    int over = recent("account|" + account(username)) - accountFailuresPerWindow;
    if (over < 0) {
      return Duration.ZERO;
    }
    long seconds = 1L << Math.min(over, 20);
    return seconds >= maxDelay.toSeconds() ? maxDelay : Duration.ofSeconds(seconds);
  }

  /** Records a failed sign-in; successes are never recorded. */
  public void signInFailed(String address, String username) {
    record("address|" + address);
    if (username != null && !username.isBlank()) {
      record("account|" + account(username));
    }
  }

  /** Forgets all counts: tests that share one running application must not throttle each other. */
  public void reset() {
    buckets.clear();
    failures.clear();
  }

  private static String account(String username) {
    return username.strip().toLowerCase(Locale.ROOT);
  }

  private void record(String key) {
    if (failures.size() > MAX_KEYS) {
      failures.clear();
    }
    long now = clock.millis();
    failures.compute(key, (k, times) -> {
      ArrayDeque<Long> list = times == null ? new ArrayDeque<>() : times;
      prune(list, now);
      // Never more than needed to decide: bounded memory per key.
      if (list.size() < 4 * Math.max(accountFailuresPerWindow, addressAttemptsPerWindow) + 64) {
        list.addLast(now);
      }
      return list;
    });
  }

  private int recent(String key) {
    long now = clock.millis();
    int[] count = {0};
    failures.computeIfPresent(key, (k, times) -> {
      prune(times, now);
      count[0] = times.size();
      return times.isEmpty() ? null : times;
    });
    return count[0];
  }

  private static void prune(ArrayDeque<Long> times, long now) {
    while (!times.isEmpty() && times.peekFirst() <= now - WINDOW.toMillis()) {
      times.removeFirst();
    }
  }

  private Bucket newBucket() {
    return Bucket.builder()
        .addLimit(limit -> limit.capacity(addressAttemptsPerWindow).refillGreedy(addressAttemptsPerWindow, WINDOW))
        .build();
  }
}
