package org.commune.ai;

import io.github.bucket4j.Bucket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * How many calls one member, and all members of one group together, may start per hour and run at
 * once. One member cannot spend the organisation's budget or hold every model slot in a burst (20
 * parallel calls used to go through in a fraction of a second). In memory: a restart forgets counts,
 * which only ever lets a little more through.
 */
@Component
class CallLimits {

  private final int memberPerHour;
  private final int memberParallel;
  private final int groupPerHour;
  private final int groupParallel;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();

  CallLimits(@Value("${commune.ai.member.calls-per-hour:60}") int memberPerHour,
      @Value("${commune.ai.member.parallel:2}") int memberParallel,
      @Value("${commune.ai.group.calls-per-hour:300}") int groupPerHour,
      @Value("${commune.ai.group.parallel:6}") int groupParallel) {
    this.memberPerHour = memberPerHour;
    this.memberParallel = memberParallel;
    this.groupPerHour = groupPerHour;
    this.groupParallel = groupParallel;
  }

  /** Calls counted against a member and their groups while they run; close it when the call ends. */
  final class Lease implements AutoCloseable {
    private final List<AtomicInteger> held;

    private Lease(List<AtomicInteger> held) {
      this.held = held;
    }

    @Override
    public void close() {
      held.forEach(AtomicInteger::decrementAndGet);
    }
  }

  /**
   * Takes one call for the member and each of their groups (all or nothing), or says which limit
   * refuses it. Parallel slots are checked first, so a refused burst does not also use up the hour.
   */
  Lease acquire(String member, List<String> groups) throws CircuitBreakers.Refused {
    List<AtomicInteger> held = new ArrayList<>();
    try {
      take(held, "m:" + member, memberParallel, AiReason.MEMBER_PARALLEL);
      for (String group : groups) {
        take(held, "g:" + group, groupParallel, AiReason.GROUP_PARALLEL);
      }
      if (!bucket("m:" + member, memberPerHour).tryConsume(1)) {
        throw new CircuitBreakers.Refused(AiReason.MEMBER_RATE, "more than " + memberPerHour + " calls this hour");
      }
      for (String group : groups) {
        if (!bucket("g:" + group, groupPerHour).tryConsume(1)) {
          throw new CircuitBreakers.Refused(AiReason.GROUP_RATE, "more than " + groupPerHour
              + " calls this hour from one group");
        }
      }
      return new Lease(held);
    } catch (CircuitBreakers.Refused refused) {
      held.forEach(AtomicInteger::decrementAndGet);
      throw refused;
    }
  }

  private void take(List<AtomicInteger> held, String key, int limit, AiReason reason) throws CircuitBreakers.Refused {
    AtomicInteger count = running.computeIfAbsent(key, k -> new AtomicInteger());
    if (count.incrementAndGet() > limit) {
      count.decrementAndGet();
      throw new CircuitBreakers.Refused(reason, "more than " + limit + " calls at once");
    }
    held.add(count);
  }

  private Bucket bucket(String key, int perHour) {
    return buckets.computeIfAbsent(key, k -> Bucket.builder()
        .addLimit(limit -> limit.capacity(perHour).refillGreedy(perHour, Duration.ofHours(1))).build());
  }

  /** Forgets the hourly counts (tests). */
  void reset() {
    buckets.clear();
  }
}
