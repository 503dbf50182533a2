package org.commune.ai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The breaker's states and the per-provider slots, with a clock the test moves. */
class CircuitBreakersTest {

  static final class MovingClock extends Clock {
    Instant now = Instant.parse("2026-11-28T00:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  final MovingClock clock = new MovingClock();
  final CircuitBreakers breakers = new CircuitBreakers(clock, 3, Duration.ofSeconds(30), 2, Duration.ZERO);

  @Test
  void opensAfterConsecutiveFailuresThenLetsOneTrialThrough() throws Exception {
    breakers.enter("p").failed();
    breakers.enter("p").failed();
    breakers.enter("p").succeeded(); // a success in between resets the count
    for (int i = 0; i < 3; i++) {
      assertThat(breakers.status("p").state()).isEqualTo(CircuitBreakers.State.CLOSED);
      breakers.enter("p").failed();
    }
    assertThat(breakers.status("p").state()).isEqualTo(CircuitBreakers.State.OPEN);
    assertThatThrownBy(() -> breakers.enter("p")).isInstanceOf(CircuitBreakers.Refused.class)
        .satisfies(e -> assertThat(((CircuitBreakers.Refused) e).reason()).isEqualTo(AiReason.CIRCUIT_OPEN));
    assertThat(breakers.status("other").state()).as("other providers are not affected")
        .isEqualTo(CircuitBreakers.State.CLOSED);

    clock.now = clock.now.plusSeconds(31);
    assertThat(breakers.status("p").state()).isEqualTo(CircuitBreakers.State.HALF_OPEN);
    CircuitBreakers.Permit trial = breakers.enter("p");
    assertThatThrownBy(() -> breakers.enter("p")).as("one trial at a time").isInstanceOf(CircuitBreakers.Refused.class);
    trial.failed();
    assertThat(breakers.status("p").state()).as("a failed trial opens it again").isEqualTo(CircuitBreakers.State.OPEN);

    clock.now = clock.now.plusSeconds(31);
    breakers.enter("p").succeeded();
    assertThat(breakers.status("p").state()).isEqualTo(CircuitBreakers.State.CLOSED);
    assertThat(breakers.status("p").consecutiveFailures()).isZero();
  }

  @Test
  void aProviderRunsOnlyItsShareOfCallsAtOnce() throws Exception {
    CircuitBreakers.Permit one = breakers.enter("p");
    CircuitBreakers.Permit two = breakers.enter("p");
    assertThat(breakers.status("p").running()).isEqualTo(2);
    assertThatThrownBy(() -> breakers.enter("p")).isInstanceOf(CircuitBreakers.Refused.class)
        .satisfies(e -> assertThat(((CircuitBreakers.Refused) e).reason()).isEqualTo(AiReason.PROVIDER_BUSY));
    breakers.enter("q").succeeded();
    one.succeeded();
    one.succeeded(); // settling twice releases once
    assertThat(breakers.status("p").running()).isEqualTo(1);
    breakers.enter("p").succeeded();
    two.succeeded();
    assertThat(breakers.status("p").running()).isZero();
  }
}
