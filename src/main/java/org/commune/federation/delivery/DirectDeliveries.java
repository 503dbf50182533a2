package org.commune.federation.delivery;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.UUID;
import org.commune.federation.FederationUrls;
import org.commune.federation.http.OutboundHttp;
import org.commune.federation.protocol.FollowerRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * First delivery: one attempt per inbox on a virtual thread, nothing kept. The persistent queue with
 * retries replaces this class.
 */
@Component
class DirectDeliveries implements Deliveries {

  private static final Logger LOG = LoggerFactory.getLogger(DirectDeliveries.class);

  private final OutboundHttp http;
  private final FollowerRepository followers;

  DirectDeliveries(OutboundHttp http, FollowerRepository followers) {
    this.http = http;
    this.followers = followers;
  }

  @Override
  public void send(UUID activityId, String activityJson, Collection<URI> inboxes) {
    byte[] body = activityJson.getBytes(StandardCharsets.UTF_8);
    for (URI inbox : new LinkedHashSet<>(inboxes)) {
      Thread.ofVirtual().start(() -> {
        try {
          OutboundHttp.Response response = http.post(inbox, FederationUrls.ACTIVITY_JSON, body);
          if (!response.ok()) {
            LOG.info("Delivery of {} to {} answered {}", activityId, inbox.getHost(), response.status());
          }
        } catch (IOException | OutboundHttp.AddressRefused e) {
          LOG.info("Delivery of {} to {} failed: {}", activityId, inbox.getHost(), e.getMessage());
        }
      });
    }
  }

  @Override
  public void sendToFollowers(UUID activityId, String activityJson) {
    send(activityId, activityJson, followers.deliveryInboxes());
  }
}
