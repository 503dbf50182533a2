package org.commune.federation.move.web;

import org.commune.web.UrlRules;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/** Moving house is the stewards' decision. */
@Component
class MoveUrlRules implements UrlRules {

  @Override
  public void contribute(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
    rules.requestMatchers("/admin/federation/move", "/admin/federation/move/**").hasRole("STEWARD");
  }
}
