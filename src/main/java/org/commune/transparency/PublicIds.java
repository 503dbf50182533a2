package org.commune.transparency;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.commune.database.InstanceKeys;
import org.commune.governance.PublicNames;
import org.commune.members.MemberId;
import org.commune.members.Members;
import org.springframework.stereotype.Component;

/**
 * How members and private text appear in public: a member is a stable pseudonym, {@code m-} and the
 * first 12 hex digits of a keyed hash of their id under this instance's own key (so the same member
 * has the same pseudonym in every entry, the pseudonyms of two organisations cannot be matched, and
 * nobody without the key can tell which member is behind one, or test a guess of a member's id).
 * Private text is a keyed hash too: a guessed text cannot be confirmed from the public log.
 *
 * <p>Members signed in see names: {@link #resolve} maps pseudonyms back through the member list,
 * on the server, only for them.
 */
@Component
public class PublicIds {

  static final String MEMBER_PURPOSE = "public-ids";
  static final String TEXT_PURPOSE = "log-private-text";
  static final String OFFICER_PURPOSE = "public-officer-ids";
  static final Pattern PSEUDONYM = Pattern.compile("[mo]-[0-9a-f]{12}");

  private final InstanceKeys keys;
  private final Members members;
  private final PublicNames publicNames;

  PublicIds(InstanceKeys keys, Members members, PublicNames publicNames) {
    this.keys = keys;
    this.members = members;
    this.publicNames = publicNames;
  }

  /**
   * A member as an elected officer who agreed to act under their name (governance's PublicNames):
   * {@code o-} and a keyed hash under another purpose, so nothing relates it to their {@code m-}
   * pseudonym. Visitors see the officer's name in its place.
   */
  public String officer(UUID member) {
    return "o-" + keys.keyedHash(OFFICER_PURPOSE, member.toString()).substring(0, 12);
  }

  /** Whoever did something at this moment: their officer pseudonym if they act under their name then, else their pseudonym. */
  String actor(UUID member, Instant at) {
    return publicNames.namedAt(member, at) ? officer(member) : member(member);
  }

  public String member(MemberId member) {
    return member(member.value());
  }

  public String member(UUID member) {
    return "m-" + keys.keyedHash(MEMBER_PURPOSE, member.toString()).substring(0, 12);
  }

  /** A keyed hash of private text: equal texts give equal values, and no guess can be checked without the key. */
  String privateText(String text) {
    return keys.keyedHash(TEXT_PURPOSE, text).substring(0, 32);
  }

  /** The current members behind these pseudonyms (members who were deleted are absent). */
  public Map<String, MemberId> resolve(Collection<String> pseudonyms) {
    Map<String, MemberId> found = new HashMap<>();
    if (pseudonyms.isEmpty()) {
      return found;
    }
    for (var m : members.all()) {
      for (String pseudonym : new String[] {member(m.id()), officer(m.id().value())}) {
        if (pseudonyms.contains(pseudonym)) {
          found.put(pseudonym, m.id());
        }
      }
    }
    return found;
  }

  /** Whether this pseudonym is an officer's (whose name anyone may see). */
  public static boolean isOfficer(String pseudonym) {
    return pseudonym.startsWith("o-");
  }

  public static boolean isPseudonym(String value) {
    return PSEUDONYM.matcher(value).matches();
  }

  static Optional<UUID> uuid(String value) {
    try {
      return value.length() == 36 ? Optional.of(UUID.fromString(value)) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
