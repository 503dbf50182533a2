package org.commune.governance.ballot;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.commune.database.InstanceKeys;
import org.commune.governance.ProposalId;
import org.commune.web.Json;
import org.springframework.stereotype.Component;

/**
 * A secret ballot as stored until the close: the vote, receipt and content, padded to a fixed length
 * (so the length of the ciphertext says nothing about the choice), encrypted under the instance key.
 */
@Component
public class SealedBallots {

  /** A ballot opened again: which vote it belongs to, its receipt and its content. */
  public record Opened(String proposal, String receipt, String content) {}

  /**
   * How many earlier sealed ballots every write of new ones seals again and writes back with them, in a
   * random order: someone holding the database (without the instance key) cannot tell the new rows
   * from the old ones.
   */
  static final int MIX = 8;
  private static final String PURPOSE = "secret-ballot";
  /** Sealed ballots are padded to a multiple of this many bytes (every ballot of up to 20 options fits one). */
  private static final int LENGTH = 1024;

  private final InstanceKeys keys;

  SealedBallots(InstanceKeys keys) {
    this.keys = keys;
  }

  public byte[] seal(ProposalId id, String receipt, String content) {
    StringBuilder plain = new StringBuilder(Json.MAPPER.writeValueAsString(
        Map.of("proposal", id.toString(), "receipt", receipt, "content", content)));
    int padded = (plain.length() / LENGTH + 1) * LENGTH;
    while (plain.length() < padded) {
      plain.append(' ');
    }
    return keys.encrypt(PURPOSE, plain.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The same ballot under a fresh nonce: its ciphertext shares nothing with the old one. */
  public byte[] reseal(byte[] sealed) {
    return keys.encrypt(PURPOSE, keys.decrypt(PURPOSE, sealed));
  }

  public Opened open(byte[] sealed) {
    @SuppressWarnings("unchecked")
    Map<String, String> opened = Json.MAPPER.readValue(
        new String(keys.decrypt(PURPOSE, sealed), StandardCharsets.UTF_8).strip(), Map.class);
    return new Opened(opened.get("proposal"), opened.get("receipt"), opened.get("content"));
  }
}
