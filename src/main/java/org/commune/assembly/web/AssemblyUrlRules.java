package org.commune.assembly.web;

import org.commune.web.UrlRules;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/**
 * Who may open the meetings: reading for anyone (the pages show visitors only the public parts), marking
 * oneself present for members, everything else that changes a meeting for stewards. The service checks
 * the role again.
 */
@Component
class AssemblyUrlRules implements UrlRules {

  @Override
  public void contribute(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
    rules
        .requestMatchers(HttpMethod.POST, "/meetings/*/present").hasRole("MEMBER")
        .requestMatchers(HttpMethod.POST, "/meetings", "/meetings/**").hasRole("STEWARD");
    UrlRules.readableByAnyone(rules, "/meetings", "/meetings/*", "/meetings/*/minutes");
  }
}
