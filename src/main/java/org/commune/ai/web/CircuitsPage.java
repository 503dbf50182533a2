package org.commune.ai.web;

import java.util.List;
import org.commune.ai.CircuitBreakers;

/** The circuit breakers page: one status per registered provider. */
public record CircuitsPage(List<CircuitBreakers.Status> circuits) {}
