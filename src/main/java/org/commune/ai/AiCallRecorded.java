package org.commune.ai;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * A summary of one AI call for the public transparency log: what was asked, under which charter
 * version, where it ran, what came of it as a fixed code ({@link AiReason#code()}), token numbers,
 * and keyed digests (HMAC with an instance key) of input and output. Never the texts, never a
 * provider's error text, never who asked; an unkeyed digest of a short private text would let anyone
 * confirm a guess of it.
 *
 * @param outputCap the output-token cap the request carried (null when the call never reached a model)
 */
public record AiCallRecorded(UUID eventId, Instant at, UUID call, String task, String outcome,
    @Nullable Integer charterVersion, @Nullable String provider, @Nullable String model, String template,
    String inputDigest, @Nullable String outputDigest, @Nullable String reasonCode, @Nullable Integer tokensIn,
    @Nullable Integer tokensOut, @Nullable Integer outputCap) {}
