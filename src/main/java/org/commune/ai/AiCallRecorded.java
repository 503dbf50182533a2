package org.commune.ai;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A summary of one AI call for the transparency log: what was asked, under which charter version,
 * where it ran, what came of it, and digests of input and output (never the texts or who asked).
 */
public record AiCallRecorded(UUID eventId, Instant at, UUID call, String task, String outcome,
    @Nullable Integer charterVersion, @Nullable String provider, @Nullable String model, String template,
    String inputSha256, @Nullable String outputSha256, @Nullable String reason) {}
