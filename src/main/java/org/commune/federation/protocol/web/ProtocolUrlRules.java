package org.commune.federation.protocol.web;

import java.util.List;
import java.util.Set;
import org.commune.federation.FederationUrls;
import org.commune.web.LargeForms;
import org.commune.web.UrlRules;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/**
 * Who may open the protocol's paths: discovery, the actor and its collections, and the public pages for
 * anyone; the inboxes for any server (their HTTP signature is the authentication, checked by the inbox, and
 * they are exempt from the CSRF token); the followers, blocked domains and following pages for stewards.
 * The inboxes take bodies up to the inbox cap, above the usual form limit.
 */
@Component
class ProtocolUrlRules implements UrlRules, LargeForms {

  private final FederationUrls urls;

  ProtocolUrlRules(FederationUrls urls) {
    this.urls = urls;
  }

  @Override
  public void contribute(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
    rules.requestMatchers("/admin/federation/followers", "/admin/federation/followers/**", "/admin/federation/blocked",
        "/admin/federation/blocked/**", "/admin/federation/following", "/admin/federation/following/**")
        .hasRole("STEWARD");
    rules.requestMatchers(HttpMethod.POST, "/inbox", "/actors/*/inbox").permitAll();
    UrlRules.readableByAnyone(rules, "/.well-known/webfinger", "/.well-known/host-meta", "/.well-known/nodeinfo",
        "/nodeinfo/2.1", "/federation", "/actors/*", "/actors/*/followers", "/actors/*/following", "/federation/blocked",
        "/federation/allies");
  }

  @Override
  public List<String> signedByServers() {
    return List.of("/inbox", "/actors/*/inbox");
  }

  @Override
  public Set<String> paths() {
    return Set.of(urls.sharedInbox().substring(urls.base().length()), urls.inbox().substring(urls.base().length()));
  }
}
