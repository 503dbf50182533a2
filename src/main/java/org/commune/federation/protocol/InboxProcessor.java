package org.commune.federation.protocol;

import jakarta.annotation.PreDestroy;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.commune.federation.delivery.Deliveries;
import org.commune.federation.http.RemoteActor;
import org.commune.federation.http.RemoteActors;
import org.commune.federation.http.RemoteRefused;
import org.commune.web.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Acts on what the inbox stored, one activity at a time on one background thread, in the order received.
 * Woken by each stored delivery and once at start (what a restart interrupted is done then). Each activity
 * is processed in its own transaction and marked with what came of it; one that fails is marked
 * {@code error} and never retried in a loop, so a bad peer cannot stall the queue.
 */
@Component
class InboxProcessor {

  private static final Logger LOG = LoggerFactory.getLogger(InboxProcessor.class);
  /** Processed activities are remembered this long: replays of older ones fail the signature's age check. */
  static final Duration REMEMBERED = Duration.ofDays(2);

  private final InboxRepository inbox;
  private final FollowerRepository followers;
  private final FollowingRepository following;
  private final AllyPostRepository posts;
  private final ActorRepository actor;
  private final BlockedDomains blocked;
  private final RemoteActors remoteActors;
  private final Deliveries deliveries;
  private final Activities activities;
  private final TransactionTemplate transactions;
  private final Clock clock;
  private final int maxPending;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("inbox").factory());
  private final AtomicBoolean running = new AtomicBoolean();
  private final AtomicBoolean wanted = new AtomicBoolean();

  InboxProcessor(InboxRepository inbox, FollowerRepository followers, FollowingRepository following,
      AllyPostRepository posts, ActorRepository actor, BlockedDomains blocked, RemoteActors remoteActors,
      Deliveries deliveries, Activities activities, TransactionTemplate transactions, Clock clock,
      @Value("${commune.federation.max-pending-followers:1000}") int maxPending) {
    this.inbox = inbox;
    this.followers = followers;
    this.following = following;
    this.posts = posts;
    this.actor = actor;
    this.blocked = blocked;
    this.remoteActors = remoteActors;
    this.deliveries = deliveries;
    this.activities = activities;
    this.transactions = transactions;
    this.clock = clock;
    this.maxPending = maxPending;
  }

  @EventListener(ApplicationReadyEvent.class)
  void started() {
    inbox.forgetProcessedBefore(clock.instant().minus(REMEMBERED));
    wake();
  }

  @PreDestroy
  void stop() {
    worker.shutdownNow();
  }

  /** Asks for a run; one runs at a time, and a wake during a run makes it look again at the end. */
  void wake() {
    wanted.set(true);
    if (running.compareAndSet(false, true)) {
      try {
        worker.execute(this::drain);
      } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
        running.set(false);
      }
    }
  }

  private void drain() {
    try {
      while (wanted.getAndSet(false)) {
        List<Long> waiting;
        while (!(waiting = inbox.waiting(50)).isEmpty()) {
          waiting.forEach(this::processOne);
        }
      }
    } catch (RuntimeException e) {
      LOG.warn("Inbox processing stopped: {}", e.getClass().getSimpleName());
    } finally {
      running.set(false);
      if (wanted.get()) {
        wake();
      }
    }
  }

  /** Processes one stored activity in its own transaction; a failure marks it {@code error} in another. */
  void processOne(long id) {
    try {
      transactions.executeWithoutResult(status -> inbox.claim(id).ifPresent(received ->
          inbox.processed(id, process(received), clock.instant())));
    } catch (RuntimeException e) {
      LOG.info("Inbox activity {} failed: {}", id, e.getClass().getSimpleName());
      transactions.executeWithoutResult(status -> inbox.claim(id).ifPresent(r -> inbox.processed(id, "error", clock.instant())));
    }
  }

  private String process(InboxRepository.Received received) {
    if (blocked.blockedUrl(received.actor())) {
      return "blocked-domain";
    }
    JsonNode root = Json.MAPPER.readTree(received.body());
    JsonNode object = root.get("object");
    String objectId = object.isString() ? object.asString() : ActivityCheck.string(object, "id").orElse("");
    return switch (received.type()) {
      case "Follow" -> follow(received.actor(), received.activityId());
      case "Undo" -> followers.find(received.actor())
          .filter(f -> object.isObject() || f.followId().equals(objectId))
          .map(f -> followers.remove(received.actor()) ? "unfollowed" : "unknown-follow").orElse("unknown-follow");
      case "Accept" -> following.answer(received.actor(), objectId, "accepted") ? "ally-accepted" : "unknown-follow";
      case "Reject" -> following.answer(received.actor(), objectId, "rejected") ? "ally-rejected" : "unknown-follow";
      case "Create", "Update" -> ActivityCheck.addressedToPublic(root, object) ? post(received, object) : "not-public";
      case "Delete" -> delete(received.actor(), objectId);
      default -> "ignored";
    };
  }

  /**
   * A Follow of the organisation: the follower's actor is fetched (its inboxes), stored, and accepted at
   * once unless stewards approve each follower. Past the cap of requests waiting for approval, refused.
   */
  private String follow(String follower, String followId) {
    boolean manual = actor.state().manuallyApprovesFollowers();
    boolean known = followers.find(follower).isPresent();
    if (manual && !known && followers.count("pending") >= maxPending) {
      return "pending-full";
    }
    RemoteActor remote;
    try {
      remote = remoteActors.get(URI.create(follower));
    } catch (RemoteRefused refused) {
      return "actor-" + refused.reason().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
    followers.put(remote.id(), remote.inbox(), remote.sharedInbox(), followId, manual ? "pending" : "accepted",
        clock.instant());
    FollowerRepository.Follower stored = followers.find(remote.id()).orElseThrow();
    if (stored.state().equals("accepted")) {
      Activities.Outgoing accept = activities.answer("Accept", followId, remote.id());
      deliveries.send(accept.id(), accept.json(), Set.of(URI.create(remote.inbox())));
      return "accepted";
    }
    return "pending";
  }

  /** A Create or Update of a Note or Article, kept only from an ally the organisation follows. */
  private String post(InboxRepository.Received received, JsonNode object) {
    if (!following.accepted(received.actor())) {
      return "not-followed";
    }
    AllyPost post;
    try {
      post = AllyPosts.read(object, received.actor(), clock.instant());
    } catch (InboxRefused refused) {
      return refused.code();
    }
    if (received.type().equals("Create")) {
      return posts.create(post, clock.instant()) ? "stored" : "duplicate-object";
    }
    return posts.update(post, clock.instant()) ? "updated" : "unknown-object";
  }

  /** A Delete of a post, or of the actor itself (its account is gone: it follows no more). */
  private String delete(String actorId, String objectId) {
    if (objectId.equals(actorId)) {
      followers.remove(actorId);
      return "actor-deleted";
    }
    return posts.delete(objectId, actorId) ? "deleted" : "unknown-object";
  }
}
