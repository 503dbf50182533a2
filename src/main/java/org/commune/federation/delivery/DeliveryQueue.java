package org.commune.federation.delivery;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.commune.federation.FederationUrls;
import org.commune.federation.protocol.FollowerRepository;
import org.commune.web.Json;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.JsonNode;

/**
 * The persistent delivery queue behind {@link Deliveries}: keeps the activity, queues one target per
 * distinct inbox (never one on a blocked host), and wakes the {@link DeliveryWorkers} once the caller's
 * transaction has committed. Sending the same activity id again adds only inboxes it did not have.
 */
@Component
class DeliveryQueue implements Deliveries {

  private final DeliveryRepository repository;
  private final FollowerRepository followers;
  private final List<DeliveryFilter> filters;
  private final DeliveryWorkers workers;
  private final Clock clock;

  DeliveryQueue(DeliveryRepository repository, FollowerRepository followers, List<DeliveryFilter> filters,
      DeliveryWorkers workers, Clock clock) {
    this.repository = repository;
    this.followers = followers;
    this.filters = filters;
    this.workers = workers;
    this.clock = clock;
  }

  @Override
  @Transactional
  public void send(UUID activityId, String activityJson, Collection<URI> inboxes) {
    Instant now = clock.instant();
    JsonNode activity = Json.MAPPER.readTree(activityJson);
    repository.insertActivity(activityId, text(activity.get("type"), "Activity"), objectId(activity),
        addressedToPublic(activity), activityJson, now);
    Map<String, DeliveryRepository.Target> targets = new LinkedHashMap<>();
    for (URI inbox : inboxes) {
      String host = host(inbox);
      if (host != null && !blocked(inbox.getHost().toLowerCase(Locale.ROOT))) {
        targets.putIfAbsent(inbox.toString(), new DeliveryRepository.Target(inbox.toString(), host));
      }
    }
    repository.insertTargets(activityId, targets.values(), now);
    if (TransactionSynchronizationManager.isSynchronizationActive()) {
      TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
        @Override
        public void afterCommit() {
          workers.wake();
        }
      });
    } else {
      workers.wake();
    }
  }

  @Override
  @Transactional
  public void sendToFollowers(UUID activityId, String activityJson) {
    send(activityId, activityJson, followers.deliveryInboxes());
  }

  boolean blocked(String host) {
    return filters.stream().anyMatch(f -> f.blocked(host));
  }

  /**
   * The key a target's inbox is grouped by (at most so many attempts at once per host): host and port, lower
   * case; null for an address that is not an absolute http(s) URL with a host (never queued).
   */
  static @Nullable String host(URI inbox) {
    String scheme = inbox.getScheme() == null ? "" : inbox.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || inbox.getHost() == null
        || inbox.toString().length() > 2048) {
      return null;
    }
    String host = inbox.getHost().toLowerCase(Locale.ROOT);
    return inbox.getPort() == -1 ? host : host + ":" + inbox.getPort();
  }

  private static String text(@Nullable JsonNode node, String fallback) {
    return node != null && node.isString() && node.asString().matches("[A-Za-z]{1,20}") ? node.asString() : fallback;
  }

  /** The object's id: the object itself when it is a link, else its {@code id}. */
  private static @Nullable String objectId(JsonNode activity) {
    JsonNode object = activity.get("object");
    if (object == null) {
      return null;
    }
    JsonNode id = object.isString() ? object : object.get("id");
    return id != null && id.isString() && id.asString().length() <= 2048 ? id.asString() : null;
  }

  private static boolean addressedToPublic(JsonNode activity) {
    for (String field : List.of("to", "cc")) {
      JsonNode audience = activity.get(field);
      if (audience != null && (audience.isString() ? audience.asString().equals(FederationUrls.PUBLIC)
          : audience.isArray() && audience.valueStream().anyMatch(a -> a.isString()
              && a.asString().equals(FederationUrls.PUBLIC)))) {
        return true;
      }
    }
    return false;
  }
}
