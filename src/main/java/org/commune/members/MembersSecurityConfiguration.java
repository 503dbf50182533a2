package org.commune.members;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import javax.sql.DataSource;
import org.commune.web.LanguageResolver;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.web.webauthn.api.Bytes;
import org.springframework.security.web.webauthn.api.PublicKeyCredentialUserEntity;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.AuthenticationDetailsSource;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.savedrequest.RequestCache;
import org.springframework.security.web.webauthn.management.JdbcPublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.JdbcUserCredentialRepository;
import org.springframework.security.web.webauthn.management.PublicKeyCredentialUserEntityRepository;
import org.springframework.security.web.webauthn.management.UserCredentialRepository;

/** The beans through which Spring Security signs members in: password + code, and passkeys. */
@Configuration(proxyBeanMethods = false)
class MembersSecurityConfiguration {

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  AuthenticationProvider memberAuthentication(
      MemberRepository members, Passwords passwords, SecondFactor secondFactor) {
    return new MemberAuthentication(members, passwords, secondFactor);
  }

  @Bean
  AuthenticationDetailsSource<HttpServletRequest, ?> signInDetails() {
    return SignInDetails::new;
  }

  /** Used by passkey sign-in, which finds the member by the username stored with the credential. */
  @Bean
  UserDetailsService memberDetails(MemberRepository members) {
    return username ->
        members
            .findByUsername(InputChecks.normaliseUsername(username))
            .map(MemberPrincipal::new)
            .orElseThrow(() -> new UsernameNotFoundException("unknown"));
  }

  /** After sign-in, pages switch to the member's own language; members land on the page they asked for, else on their home page. */
  @Bean
  AuthenticationSuccessHandler signedIn(RequestCache requestCache) {
    SavedRequestAwareAuthenticationSuccessHandler delegate = new SavedRequestAwareAuthenticationSuccessHandler();
    // The same cache the security filters save the asked-for page in (a cookie): the default, the HTTP
    // session, is always empty for a visitor, who then landed on the default page instead.
    delegate.setRequestCache(requestCache);
    delegate.setDefaultTargetUrl("/home");
    return (request, response, authentication) -> {
      if (authentication.getPrincipal() instanceof MemberPrincipal member) {
        LanguageResolver.remember(request, response, member.language());
        // Only a password sign-in posts a password; passkey sessions get no ballot secret.
        if ("POST".equals(request.getMethod()) && "/login".equals(request.getServletPath())) {
          BallotSecret.remember(request, member.id(), request.getParameter("password"));
        }
      }
      delegate.onAuthenticationSuccess(request, response, authentication);
    };
  }

  @Bean
  PublicKeyCredentialUserEntityRepository passkeyUsers(DataSource dataSource) {
    PublicKeyCredentialUserEntityRepository jdbc = new JdbcPublicKeyCredentialUserEntityRepository(new JdbcTemplate(dataSource));
    // Two registration starts at once both find no user entity and both insert one; the second
    // insert loses the race (unique name) and, unhandled, was a 500. The first one stands.
    return new PublicKeyCredentialUserEntityRepository() {
      @Override
      public @Nullable PublicKeyCredentialUserEntity findById(Bytes id) {
        return jdbc.findById(id);
      }

      @Override
      public @Nullable PublicKeyCredentialUserEntity findByUsername(String username) {
        return jdbc.findByUsername(username);
      }

      @Override
      public void save(PublicKeyCredentialUserEntity userEntity) {
        try {
          jdbc.save(userEntity);
        } catch (DuplicateKeyException raced) {
          // Another request saved this member's entity a moment ago.
        }
      }

      @Override
      public void delete(Bytes id) {
        jdbc.delete(id);
      }
    };
  }

  @Bean
  UserCredentialRepository passkeyCredentials(DataSource dataSource) {
    return new JdbcUserCredentialRepository(new JdbcTemplate(dataSource));
  }
}
