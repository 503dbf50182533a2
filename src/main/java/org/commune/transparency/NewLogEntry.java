package org.commune.transparency;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** An entry to append: its type, when it happened, its public facts, and the event it records (for idempotency). */
record NewLogEntry(String type, Instant at, Map<String, String> data, @Nullable UUID sourceEvent) {}
