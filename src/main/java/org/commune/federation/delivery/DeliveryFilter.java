package org.commune.federation.delivery;

/**
 * Which hosts never get anything from the organisation (blocked domains). The queue asks when a target is
 * queued and again just before each attempt, so a block takes effect for deliveries already waiting. The
 * protocol part's blocked domains implement it; without one, nothing is blocked.
 */
public interface DeliveryFilter {

  /** Whether deliveries to this host (lower case, without port) are refused. */
  boolean blocked(String host);
}
