package org.commune.ai;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.commune.transparency.PublicFact;
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
    @Nullable Integer tokensOut, @Nullable Integer outputCap) implements PublicFact {

  @Override
  public String entryType() {
    return "ai.call";
  }

  /**
   * Codes, numbers, the steward's names of the provider and model (the log publishes their keyed
   * hashes) and keyed digests: nothing a member wrote and nothing a provider answered in an error. The
   * caller is absent: the members' AI record has it.
   */
  @Override
  public Map<String, String> facts() {
    // Digests are absent only in an event stored before they existed, redelivered after an upgrade.
    return PublicFact.of("call", call.toString(), "task", task, "outcome", outcome, "template", template,
        "input_hmac", inputDigest, "charter_version", text(charterVersion), "provider", provider, "model", model,
        "output_hmac", outputDigest, "reason", reasonCode, "tokens_in", text(tokensIn), "tokens_out", text(tokensOut),
        "max_tokens", text(outputCap));
  }

  private static @Nullable String text(@Nullable Integer number) {
    return number == null ? null : number.toString();
  }
}
