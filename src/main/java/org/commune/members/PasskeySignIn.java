package org.commune.members;

import jakarta.servlet.http.HttpSession;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.web.webauthn.authentication.WebAuthnAuthentication;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Spring Security signs a passkey holder in with the passkey's user entity as principal. Commune's
 * pages, roles and session list expect the member, so right after a passkey sign-in the session's
 * authentication is replaced with the same member principal a password sign-in produces.
 */
@Component
class PasskeySignIn {

  private final MemberRepository members;
  private final SessionRegistry sessions;

  PasskeySignIn(MemberRepository members, SessionRegistry sessions) {
    this.members = members;
    this.sessions = sessions;
  }

  @EventListener
  void on(InteractiveAuthenticationSuccessEvent event) {
    if (!(event.getAuthentication() instanceof WebAuthnAuthentication passkey)) {
      return;
    }
    members.findByUsername(InputChecks.normaliseUsername(passkey.getName())).ifPresent(record -> {
      MemberPrincipal member = new MemberPrincipal(record);
      member.eraseCredentials();
      var authentication = UsernamePasswordAuthenticationToken.authenticated(member, null, member.getAuthorities());
      authentication.setDetails(passkey.getDetails());
      // The context object is the one stored in the session, so this also changes the saved session.
      SecurityContextHolder.getContext().setAuthentication(authentication);
      if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes request) {
        HttpSession session = request.getRequest().getSession(false);
        if (session != null) {
          sessions.registerNewSession(session.getId(), member);
        }
      }
    });
  }
}
