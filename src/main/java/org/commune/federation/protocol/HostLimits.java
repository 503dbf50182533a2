package org.commune.federation.protocol;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * How much one remote host may ask of the inbox per minute: deliveries of any kind, and Follows. Over the
 * limit the inbox answers 429 and the server tries again later (Mastodon and the others retry), so a
 * burst from a large server is slowed, not lost, while a flood from one host cannot fill the followers
 * table. In memory: limits are per process and start afresh after a restart.
 */
@Component
class HostLimits {

  static final Duration WINDOW = Duration.ofMinutes(1);
  private static final int MAX_KEYS = 100_000;

  private record Window(long start, int count) {}

  private final Map<String, Window> windows = new ConcurrentHashMap<>();
  private final int deliveriesPerMinute;
  private final int followsPerMinute;
  private final Clock clock;

  HostLimits(@Value("${commune.federation.inbox-per-host-per-minute:600}") int deliveriesPerMinute,
      @Value("${commune.federation.follows-per-host-per-minute:30}") int followsPerMinute, Clock clock) {
    this.deliveriesPerMinute = deliveriesPerMinute;
    this.followsPerMinute = followsPerMinute;
    this.clock = clock;
  }

  /** Takes one delivery from the host; false when the host has had its share this minute. */
  boolean delivery(String host) {
    return take("delivery|" + host, deliveriesPerMinute);
  }

  /** Takes one Follow from the host; false when the host has had its share this minute. */
  boolean follow(String host) {
    return take("follow|" + host, followsPerMinute);
  }

  private boolean take(String key, int limit) {
    long now = clock.millis();
    if (windows.size() > MAX_KEYS) {
      windows.values().removeIf(w -> now - w.start() >= WINDOW.toMillis());
    }
    Window window = windows.compute(key, (k, w) -> w == null || now - w.start() >= WINDOW.toMillis()
        ? new Window(now, 1) : new Window(w.start(), w.count() + 1));
    return window.count() <= limit;
  }
}
