package org.commune.federation.delivery.web;

import org.commune.web.UrlRules;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/** The deliveries page shows followers' servers' inboxes: stewards only. */
@Component
class DeliveryUrlRules implements UrlRules {

  @Override
  public void contribute(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
    rules.requestMatchers("/admin/federation/deliveries", "/admin/federation/deliveries/**").hasRole("STEWARD");
  }
}
