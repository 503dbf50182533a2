package org.commune.ai;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.commune.database.InstanceKeys;
import org.commune.members.MemberJoined;
import org.commune.members.MemberSummary;
import org.commune.members.Members;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The member directory that redaction uses: present members by display name (any spelling) and
 * username, and former members, who must stay hidden from providers after their account is deleted.
 * Of a former member nothing readable is kept: only keyed hashes of the frames of every display name
 * a member has had ({@link PersonalData#frames}), written while they were a member, under a key kept
 * outside the database ({@link InstanceKeys}). A frame is coarser than a spelling, so a former
 * member's name is recognised with a little less precision than a present member's.
 */
@Component
class RedactionDirectory {

  private static final String PURPOSE = "ai-name-frames";

  private final Members members;
  private final InstanceKeys keys;
  private final NameFrameRepository frames;
  /** Hashes known to be stored, so that a rebuild writes only what is new. */
  private final Set<String> stored = ConcurrentHashMap.newKeySet();

  RedactionDirectory(Members members, InstanceKeys keys, NameFrameRepository frames) {
    this.members = members;
    this.keys = keys;
    this.frames = frames;
  }

  /** The directory as of now: remembers the present members' frames, then compiles one matcher. */
  PersonalData.Names names() {
    List<String> displayNames = new ArrayList<>();
    List<String> usernames = new ArrayList<>();
    Set<String> present = new HashSet<>();
    for (MemberSummary m : members.all()) {
      displayNames.add(m.displayName());
      usernames.add(m.username());
      for (String frame : PersonalData.frames(m.displayName())) {
        present.add(hash(frame));
      }
    }
    remember(present);
    Set<String> former = new HashSet<>(stored);
    // A frame a present member also has is matched by the finer spelling rules instead.
    former.removeAll(present);
    if (former.isEmpty()) {
      return PersonalData.names(displayNames, usernames, frame -> false);
    }
    // One key and one MAC per directory: every word of a text may be looked up.
    Mac mac = mac();
    return PersonalData.names(displayNames, usernames, frame -> {
      synchronized (mac) {
        return former.contains(HexFormat.of().formatHex(mac.doFinal(frame.getBytes(StandardCharsets.UTF_8))));
      }
    });
  }

  /** The same digest as {@code keys.keyedHash(PURPOSE, frame)}, without deriving the key again each time. */
  private Mac mac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(keys.key(PURPOSE), "HmacSHA256"));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is not available", e);
    }
  }

  private String hash(String frame) {
    return keys.keyedHash(PURPOSE, frame);
  }

  private void remember(Set<String> hashes) {
    if (stored.isEmpty()) {
      stored.addAll(frames.all());
    }
    List<String> fresh = hashes.stream().filter(h -> !stored.contains(h)).toList();
    if (!fresh.isEmpty()) {
      frames.add(fresh);
      stored.addAll(fresh);
    }
  }

  /** A new member's name is remembered at once, in case the account is deleted before any AI call. */
  @TransactionalEventListener(fallbackExecution = true)
  @Transactional(propagation = Propagation.REQUIRES_NEW)
  void on(MemberJoined joined) {
    members.find(joined.member()).ifPresent(m -> {
      Set<String> hashes = new HashSet<>();
      PersonalData.frames(m.displayName()).forEach(f -> hashes.add(hash(f)));
      remember(hashes);
    });
  }

  /** Names changed since (and members who joined before this release) are remembered within a minute. */
  @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT10S")
  void rememberPresentMembers() {
    names();
  }
}
