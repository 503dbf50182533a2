package org.commune.federation.delivery;

import java.time.Clock;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** What stewards see of the queue and may do with it: look, and ask for a retry now. */
@Component
public class DeliveryOverview {

  private final DeliveryRepository repository;
  private final DeliveryWorkers workers;
  private final Clock clock;

  DeliveryOverview(DeliveryRepository repository, DeliveryWorkers workers, Clock clock) {
    this.repository = repository;
    this.workers = workers;
    this.clock = clock;
  }

  /** The newest activities with their deliveries' counts. */
  public List<DeliveryRepository.ActivityCounts> recent() {
    return repository.recent(50);
  }

  /** Inboxes that failed lately, the unavailable ones first. */
  public List<DeliveryRepository.InboxHealth> failing() {
    return repository.failing(clock.instant(), 100);
  }

  /** Makes the inbox available and its waiting deliveries due now; false when it has none. */
  public boolean retryInbox(String inbox) {
    boolean changed = repository.retryInbox(inbox, clock.instant());
    workers.wake();
    return changed;
  }

  /** Makes the activity's waiting and abandoned deliveries due now; false when there are none. */
  public boolean retryActivity(UUID activity) {
    boolean changed = repository.retryActivity(activity, clock.instant());
    workers.wake();
    return changed;
  }
}
