package org.commune.ai;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.commune.web.UtcMinute;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Per provider: how many calls may run at once, and a circuit breaker. After {@code failures}
 * consecutive failures or timeouts the circuit opens and calls fail at once, without waiting on a
 * server that is down; after the cool-down one trial call is let through (half-open): success closes
 * the circuit, failure opens it again. A small class rather than a library: this is all it needs to do.
 */
@Component
public class CircuitBreakers {

  /** A circuit's state as the provider page shows it. */
  public enum State { CLOSED, OPEN, HALF_OPEN }

  /** What the provider page shows for one provider. */
  public record Status(String provider, State state, int consecutiveFailures, int running, @Nullable Instant openUntil) {
    public String stateCode() {
      return state.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  private final Clock clock;
  private final int threshold;
  private final Duration coolDown;
  private final int perProvider;
  private final Duration queueWait;
  private final Map<String, Circuit> circuits = new ConcurrentHashMap<>();

  CircuitBreakers(Clock clock, @Value("${commune.ai.breaker.failures:3}") int threshold,
      @Value("${commune.ai.breaker.cool-down:PT30S}") Duration coolDown,
      @Value("${commune.ai.provider-concurrency:4}") int perProvider,
      @Value("${commune.ai.provider-queue-wait:PT2S}") Duration queueWait) {
    this.clock = clock;
    this.threshold = Math.max(1, threshold);
    this.coolDown = coolDown;
    this.perProvider = Math.max(1, perProvider);
    this.queueWait = queueWait;
  }

  /** Leave to call a provider, or why not; close it with the call's outcome. */
  public final class Permit {
    private final Circuit circuit;
    private boolean settled;

    private Permit(Circuit circuit) {
      this.circuit = circuit;
    }

    /** The provider answered (a wrong answer is still an answer: the server is up). */
    public void succeeded() {
      settle(true);
    }

    /** The provider failed or timed out. */
    public void failed() {
      settle(false);
    }

    private void settle(boolean ok) {
      if (settled) {
        return;
      }
      settled = true;
      circuit.slots.release();
      synchronized (circuit) {
        circuit.trial = false;
        if (ok) {
          circuit.failures = 0;
          circuit.openUntil = null;
        } else if (++circuit.failures >= threshold || circuit.halfOpen(clock.instant())) {
          circuit.openUntil = clock.instant().plus(coolDown);
        }
      }
    }
  }

  /** Refused before the call: the circuit is open, or the provider already runs as many calls as it may. */
  public static final class Refused extends Exception {
    private final AiReason reason;

    public Refused(AiReason reason, String message) {
      super(message, null, false, false);
      this.reason = reason;
    }

    public AiReason reason() {
      return reason;
    }
  }

  public Permit enter(String provider) throws Refused {
    Circuit circuit = circuits.computeIfAbsent(provider, p -> new Circuit(perProvider));
    Instant now = clock.instant();
    synchronized (circuit) {
      if (circuit.openUntil != null) {
        if (now.isBefore(circuit.openUntil)) {
          throw new Refused(AiReason.CIRCUIT_OPEN, "provider " + provider + " is failing; calls resume after "
              + UtcMinute.format(circuit.openUntil));
        }
        // Half-open: one trial call at a time.
        if (circuit.trial) {
          throw new Refused(AiReason.CIRCUIT_OPEN, "provider " + provider + " is being tried again");
        }
        circuit.trial = true;
      }
    }
    boolean acquired;
    try {
      acquired = circuit.slots.tryAcquire(queueWait.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      acquired = false;
    }
    if (!acquired) {
      synchronized (circuit) {
        circuit.trial = false;
      }
      throw new Refused(AiReason.PROVIDER_BUSY, "provider " + provider + " already runs " + perProvider + " calls");
    }
    return new Permit(circuit);
  }

  public Status status(String provider) {
    Circuit circuit = circuits.get(provider);
    if (circuit == null) {
      return new Status(provider, State.CLOSED, 0, 0, null);
    }
    synchronized (circuit) {
      State state = circuit.openUntil == null ? State.CLOSED
          : circuit.halfOpen(clock.instant()) ? State.HALF_OPEN : State.OPEN;
      return new Status(provider, state, circuit.failures, perProvider - circuit.slots.availablePermits(),
          circuit.openUntil);
    }
  }

  /** Closes every circuit (tests that provoke failures on purpose). */
  void reset() {
    circuits.clear();
  }

  private static final class Circuit {
    final Semaphore slots;
    int failures;
    @Nullable Instant openUntil;
    boolean trial;

    Circuit(int permits) {
      this.slots = new Semaphore(permits);
    }

    boolean halfOpen(Instant now) {
      return openUntil != null && !now.isBefore(openUntil);
    }
  }
}
