package org.commune.transparency;

import java.time.Instant;
import java.util.Map;

/**
 * One public log entry. {@code leaf} is the exact UTF-8 JSON that was hashed into the tree; the
 * other fields are read from it for convenience.
 */
public record LogEntry(long index, String type, Instant loggedAt, Map<String, String> data, String leaf) {}
