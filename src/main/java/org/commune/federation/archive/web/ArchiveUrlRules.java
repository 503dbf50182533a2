package org.commune.federation.archive.web;

import org.commune.web.UrlRules;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/** The archive download is for stewards: it is public content, but making it costs the server a full read. */
@Component
class ArchiveUrlRules implements UrlRules {

  @Override
  public void contribute(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
    rules.requestMatchers("/admin/federation/archive", "/admin/federation/archive/about").hasRole("STEWARD");
  }
}
