package org.commune.transparency;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * An event that becomes an entry of the public log. A module publishes its events as usual; those
 * that implement this contract are appended by the log's one listener, which knows no feature module.
 *
 * <p>{@link #facts()} says what happened in codes, counts, times and ids. The log turns it into its
 * public form before anything is written: a member's id (under a key such as {@code member},
 * {@code by}, {@code author}, {@code voter}) becomes the member's pseudonym, a steward's chosen name
 * ({@code provider}, {@code model}) and any value that is not a plain code becomes a keyed hash under
 * {@code key_hmac}. Still, an event should not hand over what a member wrote: leave names, titles and
 * reasons out, the members' pages show them. {@code PublicFactsContractTest} constructs every
 * implementation with names, addresses and phone numbers in every field and fails if one reaches the
 * public form.
 */
public interface PublicFact {

  /** Keys whose value is a member's id: the log publishes the member's pseudonym instead. */
  Set<String> MEMBER_KEYS = Set.of("member", "by", "first_steward", "reviewer", "author", "requester", "voter",
      "delegate", "steward", "officer");

  /** Unique per event: the log appends each event at most once, so redelivery is harmless. */
  UUID eventId();

  /** When it happened. */
  Instant at();

  /** The entry's type, {@code area.what} (a message key {@code log.type.<type>} names it on the page). */
  String entryType();

  /** What happened: each key has a message key {@code log.field.<key>}; null values are left out. */
  Map<String, String> facts();

  /**
   * Keys whose values the organisation chose to make public (its own name), published as they are.
   * The contract test allows this for the organisation's names only.
   */
  default Set<String> publishedAsIs() {
    return Set.of();
  }

  /** Facts from alternating keys and values, in order, leaving out null values. */
  static Map<String, String> of(@Nullable String... keysAndValues) {
    Map<String, String> facts = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      if (keysAndValues[i + 1] != null) {
        facts.put(Objects.requireNonNull(keysAndValues[i]), keysAndValues[i + 1]);
      }
    }
    return facts;
  }
}
