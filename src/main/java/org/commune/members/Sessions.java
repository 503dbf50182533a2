package org.commune.members;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import org.commune.database.InstanceKeys;
import org.jspecify.annotations.Nullable;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.stereotype.Component;

/**
 * A member's open sessions, so they can be listed and ended (also when a role changes). Sessions
 * leave this class only under their handle ({@link OpenSession}): the session id itself is the
 * cookie that signs in, and must never reach a page.
 */
@Component
class Sessions {

  /** Key purpose for session handles; the key lives outside the database, with the instance. */
  static final String HANDLE_PURPOSE = "session-handle";

  private final SessionRegistry registry;
  private final InstanceKeys keys;

  Sessions(SessionRegistry registry, InstanceKeys keys) {
    this.registry = registry;
    this.keys = keys;
  }

  List<SessionInformation> of(MemberId member) {
    return registry.getAllPrincipals().stream()
        .filter(p -> p instanceof MemberPrincipal m && m.id().equals(member))
        .flatMap(p -> registry.getAllSessions(p, false).stream())
        .toList();
  }

  /** The member's sessions by handle; current is the id of the session asking, if any. */
  List<OpenSession> listed(MemberId member, @Nullable String current) {
    return of(member).stream()
        .map(s -> new OpenSession(handle(s.getSessionId()), s.getLastRequest().toInstant(),
            s.getSessionId().equals(current)))
        .toList();
  }

  /** Ends one of the member's sessions, named by its handle; false when no such session of theirs exists. */
  boolean end(MemberId member, String handle) {
    for (SessionInformation session : of(member)) {
      if (MessageDigest.isEqual(
          handle(session.getSessionId()).getBytes(StandardCharsets.US_ASCII),
          handle.getBytes(StandardCharsets.US_ASCII))) {
        session.expireNow();
        return true;
      }
    }
    return false;
  }

  /** Ends every session of the member but the one asking (after a password change there). */
  void endOthers(MemberId member, @Nullable String current) {
    of(member).stream().filter(s -> !s.getSessionId().equals(current)).forEach(SessionInformation::expireNow);
  }

  void endAll(MemberId member) {
    of(member).forEach(SessionInformation::expireNow);
  }

  private String handle(String sessionId) {
    // 128 bits of the HMAC: unguessable, and unlike the id it opens nothing.
    return keys.keyedHash(HANDLE_PURPOSE, sessionId).substring(0, 32);
  }
}
