package org.commune.members;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

/**
 * Password sign-in with the second factor in the same form. Every failure, whether the account is
 * unknown, the password wrong or the code missing, gives the same answer after the same work, so
 * the form tells nobody which accounts exist or which have a second factor.
 */
final class MemberAuthentication implements AuthenticationProvider {

  private final MemberRepository members;
  private final Passwords passwords;
  private final SecondFactor secondFactor;

  MemberAuthentication(MemberRepository members, Passwords passwords, SecondFactor secondFactor) {
    this.members = members;
    this.passwords = passwords;
    this.secondFactor = secondFactor;
  }

  @Override
  public Authentication authenticate(Authentication authentication) throws AuthenticationException {
    String username = InputChecks.normaliseUsername(authentication.getName());
    Object credentials = authentication.getCredentials();
    String password = credentials == null ? "" : credentials.toString();
    if (password.length() > InputChecks.MAX_PASSWORD) {
      throw new BadCredentialsException("rejected");
    }
    var found = members.findByUsername(username);
    if (found.isEmpty()) {
      passwords.spendTimeOnDecoy(password);
      throw new BadCredentialsException("rejected");
    }
    MemberRecord member = found.get();
    if (!passwords.matches(password, member.passwordHash())) {
      throw new BadCredentialsException("rejected");
    }
    if (member.totpEnabled()) {
      String code = authentication.getDetails() instanceof SignInDetails details ? details.code() : "";
      if (!secondFactor.verify(member, code)) {
        throw new BadCredentialsException("rejected");
      }
    }
    MemberPrincipal principal = new MemberPrincipal(member);
    principal.eraseCredentials();
    var result = UsernamePasswordAuthenticationToken.authenticated(principal, null, principal.getAuthorities());
    result.setDetails(authentication.getDetails());
    return result;
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
  }
}
