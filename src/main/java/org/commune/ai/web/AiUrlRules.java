package org.commune.ai.web;

import org.commune.web.UrlRules;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/** Who may open the AI pages: the charter and prompts for anyone, settling a contest and the providers for stewards, the rest for members. */
@Component
class AiUrlRules implements UrlRules {

  @Override
  public void contribute(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
    rules.requestMatchers(HttpMethod.POST, "/ai/calls/*/contests/*/resolve").hasRole("STEWARD");
    UrlRules.readableByAnyone(rules, "/ai/charter", "/ai/prompts", "/ai/prompts/*");
    rules
        .requestMatchers("/admin/ai", "/admin/ai/**").hasRole("STEWARD")
        .requestMatchers("/ai", "/ai/**").hasRole("MEMBER");
  }
}
