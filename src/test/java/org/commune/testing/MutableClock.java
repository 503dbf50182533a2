package org.commune.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The application's clock in tests: the real time plus an offset that a test moves forward, so that a test needing
 * "30 seconds later" (the next TOTP step, an expired breaker) takes no wall-clock time. It only moves forward:
 * tests sharing one running application never see time go back.
 */
public final class MutableClock extends Clock {

  private final Clock real = Clock.systemUTC();
  private volatile Duration offset = Duration.ZERO;

  @Override
  public Instant instant() {
    return real.instant().plus(offset);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  /** A view in another zone that still follows this clock when it moves. */
  @Override
  public Clock withZone(ZoneId zone) {
    MutableClock self = this;
    return new Clock() {
      @Override
      public Instant instant() {
        return self.instant();
      }

      @Override
      public ZoneId getZone() {
        return zone;
      }

      @Override
      public Clock withZone(ZoneId other) {
        return self.withZone(other);
      }
    };
  }

  /** Moves the clock forward. */
  public synchronized void advance(Duration by) {
    if (by.isNegative()) {
      throw new IllegalArgumentException("the test clock only moves forward");
    }
    offset = offset.plus(by);
  }

  /**
   * Moves the clock forward to {@code into} past the start of the next step of {@code step} (a TOTP step, say), so
   * that a test has nearly a whole step before the step changes.
   */
  public synchronized void startNextStep(Duration step, Duration into) {
    long stepMillis = step.toMillis();
    long now = instant().toEpochMilli();
    long next = (now / stepMillis + 1) * stepMillis + into.toMillis();
    advance(Duration.ofMillis(next - now));
  }
}
