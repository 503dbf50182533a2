package org.commune.federation.delivery;

import java.net.URI;
import java.util.Collection;
import java.util.UUID;

/**
 * Sends activities to other servers' inboxes, signed as the organisation. The one way any part of
 * federation delivers: callers hand over the activity's JSON and its inboxes (or "all followers"), and
 * return at once; delivery, retries and failures are this contract's business.
 */
public interface Deliveries {

  /** Delivers the activity to these inboxes (each distinct one once). */
  void send(UUID activityId, String activityJson, Collection<URI> inboxes);

  /** Delivers the activity to every accepted follower: once per shared inbox, else per personal inbox. */
  void sendToFollowers(UUID activityId, String activityJson);
}
