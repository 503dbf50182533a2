package org.commune.federation.delivery;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.commune.federation.FederationUrls;
import org.commune.federation.http.OutboundHttp;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The queue's workers: a few virtual threads claim due targets (with a lease, skipping rows other
 * processes hold) and start one virtual thread per attempt. At most {@code concurrency} attempts run at
 * once, and at most {@code per-host} to one host, so a slow or dead server holds a few attempts and never
 * the others; timeouts come from {@link OutboundHttp}. Started when the application is ready, stopped
 * before the database goes away; attempts cut short by a stop are claimed again when their lease ends.
 *
 * <p>Answers: 2xx delivered; 4xx other than 408 and 429 refused for good (the server is there, it does
 * not want this); anything else, and no answer, is tried again after the {@link DeliverySettings#BACKOFF}
 * wait, until the last attempt gives up. An inbox failing {@link DeliverySettings#UNAVAILABLE_AFTER} times
 * in a row is unavailable for a while; then one probe delivery decides whether the rest follow.
 */
@Component
class DeliveryWorkers {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryWorkers.class);
  private static final int CLAIM_BATCH = 100;

  private final DeliveryRepository repository;
  private final OutboundHttp http;
  private final DeliverySettings settings;
  private final List<DeliveryFilter> filters;
  private final Clock clock;
  private final Semaphore inFlight;
  /** Guards {@link #perHost} and {@link #waiting}. */
  private final Object hosts = new Object();
  /** Attempts in flight per host; a host leaves the map when its last attempt ends. */
  private final Map<String, Integer> perHost = new HashMap<>();
  /** Claimed targets waiting for a free slot on their host. */
  private final Map<String, Deque<DeliveryRepository.Claim>> waiting = new HashMap<>();
  private final LinkedBlockingQueue<Boolean> signal = new LinkedBlockingQueue<>();
  /** Successes waiting to be written together (a target stays claimed until then, so nobody sends it again). */
  private final LinkedBlockingQueue<DeliveryRepository.Delivered> delivered = new LinkedBlockingQueue<>();
  private final List<Thread> threads = new ArrayList<>();
  private @Nullable Thread writer;
  private volatile boolean running;

  DeliveryWorkers(DeliveryRepository repository, OutboundHttp http, DeliverySettings settings,
      List<DeliveryFilter> filters, Clock clock) {
    this.repository = repository;
    this.http = http;
    this.settings = settings;
    this.filters = filters;
    this.clock = clock;
    this.inFlight = new Semaphore(settings.concurrency());
  }

  @EventListener(ApplicationReadyEvent.class)
  synchronized void start() {
    if (running) {
      return;
    }
    running = true;
    for (int i = 0; i < settings.workers(); i++) {
      threads.add(Thread.ofVirtual().name("delivery-worker-" + i).start(this::loop));
    }
    writer = Thread.ofVirtual().name("delivery-writer").start(this::write);
  }

  /**
   * Stops claiming, lets attempts in flight end (each is bounded by the client's timeouts; one cut short is
   * claimed again when its lease ends) and writes what succeeded. Threads are not interrupted: an interrupt
   * inside a database call closes the connection under it.
   */
  @PreDestroy
  synchronized void stop() {
    running = false;
    wake();
    delivered.offer(STOP);
    try {
      for (Thread thread : threads) {
        thread.join(Duration.ofSeconds(5));
      }
      if (inFlight.tryAcquire(settings.concurrency(), 12, TimeUnit.SECONDS)) {
        inFlight.release(settings.concurrency());
      }
      if (writer != null) {
        writer.join(Duration.ofSeconds(5));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    threads.clear();
    flush(); // what came after the writer stopped
    List<DeliveryRepository.Claim> left = new ArrayList<>();
    synchronized (hosts) {
      waiting.values().forEach(left::addAll);
      waiting.clear();
    }
    if (!left.isEmpty()) {
      repository.release(left); // another process may take them at once instead of after the lease
    }
  }

  /** Writes successes as they come, together: whatever arrived while the last batch was being written. */
  private void write() {
    while (running) {
      try {
        DeliveryRepository.Delivered first = delivered.poll(settings.poll().toMillis(), TimeUnit.MILLISECONDS);
        if (first != null && first != STOP) {
          delivered.offer(first);
          flush();
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** Wakes the writer when stopping. */
  private static final DeliveryRepository.Delivered STOP =
      new DeliveryRepository.Delivered(new UUID(0, 0), "", 0, Instant.EPOCH);

  private void flush() {
    List<DeliveryRepository.Delivered> batch = new ArrayList<>();
    delivered.drainTo(batch, 1000);
    batch.remove(STOP);
    while (!batch.isEmpty()) {
      try {
        repository.delivered(batch);
      } catch (RuntimeException e) {
        // Not written: those targets are sent again when their lease ends (receivers ignore a repeated id).
        LOG.warn("Could not record {} deliveries: {}", batch.size(), e.toString());
      }
      batch.clear();
      delivered.drainTo(batch, 1000);
      batch.remove(STOP);
    }
  }

  /** Something became due (a new activity, a retry asked for, an attempt finished): look now. */
  void wake() {
    for (int i = 0; i < settings.workers(); i++) {
      signal.offer(Boolean.TRUE);
    }
  }

  private void loop() {
    while (running) {
      try {
        int claimed = claimAndStart();
        if (claimed == 0) {
          signal.poll(settings.poll().toMillis(), TimeUnit.MILLISECONDS);
        }
      } catch (InterruptedException e) {
        return;
      } catch (RuntimeException e) {
        // The database is away for a moment, say: nothing is lost, the targets wait in their table.
        LOG.warn("Delivery worker: {}", e.toString());
        try {
          Thread.sleep(settings.poll().toMillis());
        } catch (InterruptedException stop) {
          return;
        }
      }
    }
  }

  /**
   * Claims what this process has room for and starts each attempt; returns how many it started. A claim
   * batch may hold many targets on one host: beyond {@code per-host} attempts in flight, the rest wait here
   * (still leased) for that host's next free slot, up to {@value #WAITING_PER_SLOT} per slot; more than
   * that go back to the table at once.
   */
  int claimAndStart() throws InterruptedException {
    int room = Math.min(inFlight.availablePermits(), CLAIM_BATCH);
    if (room == 0) {
      signal.poll(settings.poll().toMillis(), TimeUnit.MILLISECONDS);
      return 0;
    }
    List<String> busy;
    synchronized (hosts) {
      busy = perHost.entrySet().stream().filter(e -> e.getValue() >= settings.perHost()).map(Map.Entry::getKey)
          .toList();
    }
    Instant now = clock.instant();
    List<DeliveryRepository.Claim> claims = repository.claim(now, now.plus(settings.lease()), room, busy);
    List<DeliveryRepository.Claim> giveBack = new ArrayList<>();
    int started = 0;
    for (DeliveryRepository.Claim claim : claims) {
      if (!running || claim.probe() && !repository.holdForProbe(claim.inbox(), now, now.plus(settings.lease()))) {
        giveBack.add(claim); // stopping, or another attempt is probing this inbox
        continue;
      }
      boolean start;
      synchronized (hosts) {
        int count = perHost.getOrDefault(claim.host(), 0);
        start = count < settings.perHost();
        if (start) {
          perHost.put(claim.host(), count + 1);
        } else {
          Deque<DeliveryRepository.Claim> queue = waiting.computeIfAbsent(claim.host(), h -> new ArrayDeque<>());
          if (queue.size() < settings.perHost() * WAITING_PER_SLOT) {
            queue.add(claim);
          } else {
            giveBack.add(claim);
          }
        }
      }
      if (start) {
        inFlight.acquire();
        started++;
        Thread.ofVirtual().name("delivery").start(() -> run(claim));
      }
    }
    if (!giveBack.isEmpty()) {
      repository.release(giveBack);
    }
    return started;
  }

  private static final int WAITING_PER_SLOT = 4;

  /** Attempts this claim, then the targets waiting for the same host, one after another in this slot. */
  private void run(DeliveryRepository.Claim first) {
    DeliveryRepository.Claim claim = first;
    try {
      while (claim != null) {
        attempt(claim);
        synchronized (hosts) {
          Deque<DeliveryRepository.Claim> queue = waiting.get(first.host());
          claim = running && queue != null ? queue.poll() : null;
          if (claim == null) {
            perHost.computeIfPresent(first.host(), (host, count) -> count == 1 ? null : count - 1);
          }
          if (queue != null && queue.isEmpty()) {
            waiting.remove(first.host());
          }
        }
      }
    } finally {
      inFlight.release();
      wake();
    }
  }

  private void attempt(DeliveryRepository.Claim claim) {
    URI inbox = URI.create(claim.inbox());
    try {
      if (filters.stream().anyMatch(f -> f.blocked(inbox.getHost().toLowerCase(Locale.ROOT)))) {
        repository.finish(claim.activity(), claim.inbox(), "failed", null, "blocked", clock.instant());
        return;
      }
      OutboundHttp.Response response =
          http.post(inbox, FederationUrls.ACTIVITY_JSON, claim.json().getBytes(StandardCharsets.UTF_8));
      int status = response.status();
      Instant at = clock.instant();
      if (response.ok()) {
        if (claim.failures() > 0) {
          repository.inboxAnswered(claim.inbox(), claim.host(), at);
        }
        delivered.offer(new DeliveryRepository.Delivered(claim.activity(), claim.inbox(), status, at));
      } else if (status >= 400 && status < 500 && status != 408 && status != 429) {
        repository.finish(claim.activity(), claim.inbox(), "failed", status, "refused", at);
        if (claim.failures() > 0) {
          repository.inboxAnswered(claim.inbox(), claim.host(), at);
        }
      } else {
        failed(claim, status, "status");
      }
    } catch (OutboundHttp.AddressRefused e) {
      repository.finish(claim.activity(), claim.inbox(), "failed", null, "address_refused", clock.instant());
    } catch (HttpTimeoutException e) {
      failed(claim, null, "timeout");
    } catch (ConnectException e) {
      failed(claim, null, "connect");
    } catch (IOException e) {
      failed(claim, null, "io");
    } catch (RuntimeException e) {
      LOG.warn("Delivery of {} to {} failed: {}", claim.activity(), inbox.getHost(), e.toString());
      try {
        failed(claim, null, "internal");
      } catch (RuntimeException again) {
        LOG.warn("Delivery of {} could not be recorded; it is tried again when its lease ends", claim.activity());
      }
    }
  }

  /** A failed attempt: the inbox counts one more failure; the target waits for its next try or gives up. */
  private void failed(DeliveryRepository.Claim claim, @Nullable Integer status, String error) {
    Instant at = clock.instant();
    // The host's failures count too: many inboxes on one host failing once each is one host failing often.
    int failures = Math.max(repository.inboxFailed(claim.inbox(), claim.host(), at),
        repository.hostFailures(claim.host()));
    if (failures >= DeliverySettings.UNAVAILABLE_AFTER) {
      repository.markUnavailable(claim.inbox(), at.plus(DeliverySettings.unavailableFor(failures)));
    }
    Duration wait = DeliverySettings.backoff(claim.attempt());
    if (wait == null) {
      repository.finish(claim.activity(), claim.inbox(), "gave_up", status, error, at);
    } else {
      // Up to a tenth more, so that targets which failed together are not all tried again in the same second.
      long jitter = ThreadLocalRandom.current().nextLong(wait.toMillis() / 10 + 1);
      repository.retryAt(claim.activity(), claim.inbox(), status, error, at.plus(wait).plusMillis(jitter));
    }
  }
}
