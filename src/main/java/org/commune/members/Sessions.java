package org.commune.members;

import java.util.List;
import org.springframework.security.core.session.SessionInformation;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.stereotype.Component;

/** A member's open sessions, so they can be listed and ended (also when a role changes). */
@Component
class Sessions {

  private final SessionRegistry registry;

  Sessions(SessionRegistry registry) {
    this.registry = registry;
  }

  List<SessionInformation> of(MemberId member) {
    return registry.getAllPrincipals().stream()
        .filter(p -> p instanceof MemberPrincipal m && m.id().equals(member))
        .flatMap(p -> registry.getAllSessions(p, false).stream())
        .toList();
  }

  /** Ends one of the member's sessions; false when no such session of theirs exists. */
  boolean end(MemberId member, String sessionId) {
    for (SessionInformation session : of(member)) {
      if (session.getSessionId().equals(sessionId)) {
        session.expireNow();
        return true;
      }
    }
    return false;
  }

  void endAll(MemberId member) {
    of(member).forEach(SessionInformation::expireNow);
  }
}
