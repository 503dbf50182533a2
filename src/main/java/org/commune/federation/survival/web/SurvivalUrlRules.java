package org.commune.federation.survival.web;

import java.util.List;
import org.commune.web.UrlRules;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/**
 * Mirrors and the export are public (surviving is their point); the allies page is the stewards'. Posted
 * cosignatures come from other servers and authenticate themselves (the witness's pinned key), so they are
 * exempt from CSRF. ({@code /api/log/**} is already public by the log's own rules.)
 */
@Component
class SurvivalUrlRules implements UrlRules {

  static final String COSIGNATURES = "/api/log/cosignatures";

  @Override
  public void contribute(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
    UrlRules.readableByAnyone(rules, "/mirrors", "/mirrors/**", "/api/mirror/**", "/api/witness/**");
    rules.requestMatchers(HttpMethod.POST, COSIGNATURES).permitAll()
        .requestMatchers("/admin/federation/allies", "/admin/federation/allies/**").hasRole("STEWARD");
  }

  @Override
  public List<String> signedByServers() {
    return List.of(COSIGNATURES);
  }
}
