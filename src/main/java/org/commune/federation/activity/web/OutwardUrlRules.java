package org.commune.federation.activity.web;

import org.commune.web.UrlRules;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/**
 * What the organisation publishes is public: its activities, notes and outbox (articles and announcements
 * are the publishing module's public paths already).
 */
@Component
class OutwardUrlRules implements UrlRules {

  @Override
  public void contribute(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
    UrlRules.readableByAnyone(rules, "/activities/*", "/notes/*", "/actors/*/outbox");
  }
}
