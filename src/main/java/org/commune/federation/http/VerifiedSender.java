package org.commune.federation.http;

/**
 * Who signed an inbound request: the key id and the actor that owns the key (checked by fetching it).
 * The inbox still compares {@link #owner()} with the activity's {@code actor} before acting on it.
 */
public record VerifiedSender(String keyId, String owner) {}
