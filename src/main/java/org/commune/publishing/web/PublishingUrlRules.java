package org.commune.publishing.web;

import org.commune.web.UrlRules;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/**
 * Who may open the articles and announcements: reading for anyone; writing, correcting and withdrawing for
 * moderators.
 */
@Component
class PublishingUrlRules implements UrlRules {

  @Override
  public void contribute(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
    rules
        .requestMatchers("/articles/new", "/articles/*/correct", "/articles/*/withdraw").hasRole("MODERATOR")
        .requestMatchers(HttpMethod.POST, "/articles").hasRole("MODERATOR")
        .requestMatchers("/announcements/new", "/announcements/*/withdraw").hasRole("MODERATOR")
        .requestMatchers(HttpMethod.POST, "/announcements").hasRole("MODERATOR");
    UrlRules.readableByAnyone(rules, "/articles", "/articles/*", "/articles/feed.atom", "/articles/*/history",
        "/announcements", "/announcements/*");
  }
}
