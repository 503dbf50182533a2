package org.commune.governance.web;

import org.commune.web.UrlRules;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/** Who may open governance's pages: the constitution for anyone, hiding a comment for moderators, the rest for members. Governance's rules all live here. */
@Component
class GovernanceUrlRules implements UrlRules {

  @Override
  public void contribute(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
    rules
        .requestMatchers("/constitution").permitAll()
        .requestMatchers(HttpMethod.POST, "/proposals/*/comments/*/hide").hasRole("MODERATOR")
        .requestMatchers("/proposals", "/proposals/**", "/delegation", "/delegation/**", "/constitution/**",
            "/notifications", "/notifications/**").hasRole("MEMBER");
  }
}
