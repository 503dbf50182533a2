package org.commune.transparency;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * What of a {@link PublicFact} the public log may hold. It is public forever and cannot be taken back,
 * so: members appear only as pseudonyms ({@link PublicIds}), never by name or raw id; text that members
 * wrote (proposal titles, reasons, moderators' and stewards' answers, group names) never appears, only a
 * keyed hash where a later check may need it; codes, counts, times and the ids of proposals, groups and
 * calls do. Organisation names are public by the organisation's choice (they are on its public pages).
 */
@Component
class PublicForm {

  /**
   * Names a steward types (a model server's name, its model ids): short and code-like, yet free text
   * all the same (an attacker review published "salma-0791234567-informer" as a provider name), so
   * they are always published as keyed hashes; members read the names in the AI record.
   */
  static final Set<String> CHOSEN_NAME_KEYS = Set.of("provider", "model", "models");

  /**
   * Keys that hold what members wrote (a vote's result line names options members wrote): always a
   * keyed hash, even when the text is one word that looks like a code.
   */
  static final Set<String> ALWAYS_HASHED_KEYS = Set.of("result", "title", "resolution", "body", "name", "note",
      "answer", "label", "display_name", "email", "phone");

  /** Structured values the server writes itself (no member text in them), published as they are. */
  static final Set<String> STRUCTURED_KEYS = Set.of("rules");

  /** Hashes of private text made without a key (a guess is confirmable): replaced by a keyed hash. */
  static final Set<String> UNKEYED_HASH_KEYS = Set.of("text_sha256");

  /** Codes, numbers, ids, times: what a public fact's value may look like; anything else is text. */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_.:+\\-]{0,80}|[0-9]{1,9}(,[0-9]{1,9}){1,99}");

  /** An entry's type: a code such as {@code proposal.opened}, never text (a free-form kind could be). */
  private static final Pattern TYPE = Pattern.compile("[a-z][a-z-]{0,40}(\\.[a-z][a-z-]{0,40}){1,3}");

  /**
   * Of the member keys, those naming who did the thing: an officer who agreed to act under their name
   * is published there under their officer pseudonym ({@link PublicIds#actor}). Where a member is the
   * subject of someone else's act ("member", "voter", "delegate") they keep their member pseudonym.
   */
  static final Set<String> ACTOR_KEYS = Set.of("by", "reviewer", "author", "requester", "steward");

  private final PublicIds ids;

  PublicForm(PublicIds ids) {
    this.ids = ids;
  }

  /** The entry's type; a fact whose type is not a code is refused (a programming error, not data). */
  String type(PublicFact fact) {
    if (!TYPE.matcher(fact.entryType()).matches()) {
      throw new IllegalArgumentException("not an entry type: " + fact.getClass().getSimpleName());
    }
    return fact.entryType();
  }

  /** What the log holds of a fact: its own choice of public values as they are, the rest made public-safe. */
  Map<String, String> of(PublicFact fact) {
    Map<String, String> facts = new TreeMap<>(fact.facts());
    Map<String, String> asIs = new TreeMap<>();
    for (String key : fact.publishedAsIs()) {
      String value = facts.remove(key);
      if (value != null) {
        asIs.put(key, value);
      }
    }
    Map<String, String> out = publicFacts(facts, fact.at());
    out.putAll(asIs);
    return out;
  }

  /**
   * Member ids become pseudonyms; text becomes a keyed hash under {@code key_hmac}; codes, numbers and
   * ids stay.
   */
  private Map<String, String> publicFacts(Map<String, String> facts, Instant at) {
    Map<String, String> out = new TreeMap<>();
    facts.forEach((key, value) -> {
      if (value == null) {
        return;
      }
      if (PublicFact.MEMBER_KEYS.contains(key)) {
        var member = PublicIds.uuid(value);
        if (member.isPresent()) {
          out.put(key, key.equals("officer") ? ids.officer(member.get())
              : ACTOR_KEYS.contains(key) ? ids.actor(member.get(), at) : ids.member(member.get()));
        } else if (PublicIds.isPseudonym(value)) {
          out.put(key, value);
        } else {
          // Not an id: perhaps a username or a name, one word or several. Never as it is.
          out.put(key + "_hmac", ids.privateText(value));
        }
      } else if (CHOSEN_NAME_KEYS.contains(key) || ALWAYS_HASHED_KEYS.contains(key)) {
        out.put(key + "_hmac", ids.privateText(value));
      } else if (UNKEYED_HASH_KEYS.contains(key)) {
        out.put(key.substring(0, key.length() - "_sha256".length()) + "_hmac", ids.privateText(value));
      } else if (STRUCTURED_KEYS.contains(key) || PLAIN.matcher(value).matches()) {
        out.put(key, value);
      } else {
        out.put(key + "_hmac", ids.privateText(value));
      }
    });
    return out;
  }
}
