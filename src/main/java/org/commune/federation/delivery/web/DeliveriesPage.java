package org.commune.federation.delivery.web;

import java.util.List;
import org.commune.federation.delivery.DeliveryRepository;
import org.jspecify.annotations.Nullable;

/** The stewards' deliveries page: recent activities, failing inboxes, and a notice or an error (message keys). */
public record DeliveriesPage(List<DeliveryRepository.ActivityCounts> activities,
    List<DeliveryRepository.InboxHealth> inboxes, @Nullable String notice, @Nullable String error) {}
