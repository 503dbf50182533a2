package org.commune.web;

import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Token buckets for the doors an attacker knocks on: sign-in, password reset, joining and set-up.
 * Keyed by client address and, for sign-in, also by the account name tried, so that neither one
 * address nor a botnet aimed at one account gets unlimited guesses.
 */
public final class RateLimits {


  static final Duration WINDOW = Duration.ofMinutes(1);

  /** Bounded so that a flood of distinct keys cannot exhaust memory. */
  private static final int MAX_KEYS = 100_000;

  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final int attemptsPerWindow;

  /** attemptsPerWindow: attempts allowed per key each minute; the window refills gradually. */
  public RateLimits(int attemptsPerWindow) {
    this.attemptsPerWindow = attemptsPerWindow;
  }

  /** Takes one attempt for the key; false when the key has used up its attempts. */
  public boolean tryAttempt(String key) {
    if (buckets.size() > MAX_KEYS) {
      buckets.clear();
    }
    return buckets.computeIfAbsent(key, k -> newBucket()).tryConsume(1);
  }

  /** Forgets all counts (used by tests and after a restart of limits). */
  public void reset() {
    buckets.clear();
  }

  private Bucket newBucket() {
    return Bucket.builder()
        .addLimit(limit -> limit.capacity(attemptsPerWindow).refillGreedy(attemptsPerWindow, WINDOW))
        .build();
  }
}
