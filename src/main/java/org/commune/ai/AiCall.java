package org.commune.ai;

import java.time.Instant;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/** One AI call as recorded: every call has exactly one, whatever came of it. */
public record AiCall(UUID id, Instant at, UUID requester, String task, @Nullable UUID subject,
    @Nullable Integer charterVersion, @Nullable String provider, @Nullable String model, String template,
    int templateVersion, String dataClass, String outcome, @Nullable String reason, int redactions,
    String inputSha256, @Nullable String outputSha256, @Nullable String inputText, @Nullable String outputText,
    @Nullable Integer tokensIn, @Nullable Integer tokensOut, @Nullable Integer latencyMs, @Nullable Double energyWh,
    @Nullable String reasonCode) {}
