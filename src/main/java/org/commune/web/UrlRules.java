package org.commune.web;

import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;

/**
 * A module's own URL authorisation rules. Each module that serves pages contributes one component; the
 * shared security configuration collects them all and ends with deny-by-default, so a path no module
 * claims is refused, whoever asks. A module claims only paths under its own prefixes (members
 * {@code /me}, {@code /members}, {@code /groups}…; governance {@code /proposals}, {@code /constitution}…),
 * so the order in which modules contribute changes nothing; inside a module the more specific rule comes
 * first. {@code RolesMatrixIT} holds every served endpoint to its expected role.
 */
public interface UrlRules {

  /** Adds this module's rules, most specific first; never {@code anyRequest()}, which the shell adds. */
  void contribute(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules);

  /**
   * Paths other servers POST to (an ActivityPub inbox), authenticated by the request's HTTP signature and
   * never by a session cookie: they are exempt from the CSRF token, which a server cannot have. The
   * controller behind each must ignore any session and verify the signature itself.
   */
  default java.util.List<String> signedByServers() {
    return java.util.List.of();
  }

  /**
   * Lets anyone read these paths: GET and HEAD alike (a rule for GET alone refused HEAD, which link
   * checkers and feed readers send, to visitors as a sign-in redirect).
   */
  static void readableByAnyone(
      AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules, String... paths) {
    rules.requestMatchers(HttpMethod.GET, paths).permitAll().requestMatchers(HttpMethod.HEAD, paths).permitAll();
  }
}
