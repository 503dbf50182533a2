package org.commune.members.web;

import org.commune.web.UrlRules;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.stereotype.Component;

/** Who may open the members module's pages: sign-in and joining for anyone, the rest for members, invitations for moderators, roles, settings and group changes for stewards. */
@Component
class MembersUrlRules implements UrlRules {

  @Override
  public void contribute(AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry rules) {
    rules
        .requestMatchers("/setup", "/login", "/join/**", "/register", "/reset", "/reset/**", "/recover/**").permitAll()
        .requestMatchers("/invitations", "/invitations/**").hasRole("MODERATOR")
        .requestMatchers(HttpMethod.POST, "/groups/**").hasRole("STEWARD")
        .requestMatchers("/admin/roles", "/admin/settings", "/admin/recovery").hasRole("STEWARD")
        .requestMatchers("/home", "/me", "/me/**", "/members", "/members/**", "/groups", "/groups/**", "/webauthn/**",
            "/logout").hasRole("MEMBER");
  }
}
