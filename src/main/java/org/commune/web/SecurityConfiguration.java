package org.commune.web;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authentication.AuthenticationDetailsSource;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.session.SessionRegistry;
import org.springframework.security.core.session.SessionRegistryImpl;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.session.HttpSessionEventPublisher;
import org.springframework.security.web.WebAttributes;
import org.springframework.web.servlet.LocaleResolver;

/**
 * Who may open what, and the protections every response carries. Paths are listed here, in one
 * place, so that the endpoint × role test can hold them to account.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfiguration {

  /** Content Security Policy: nothing from anywhere but this server, no inline script or style. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
          + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  static final String[] PUBLIC_PAGES = {
    "/", "/setup", "/login", "/join/**", "/register", "/reset", "/reset/**", "/language",
    "/log", "/log/**", "/api/log/**", "/constitution", "/assets/**", "/webjars/**", "/error", "/favicon.ico",
    "/actuator/health", "/actuator/health/**"
  };

  @Bean
  SecurityFilterChain securityFilterChain(
      HttpSecurity http,
      AuthenticationProvider memberAuthentication,
      AuthenticationDetailsSource<HttpServletRequest, ?> signInDetails,
      AuthenticationSuccessHandler signedIn,
      SessionRegistry sessionRegistry,
      RateLimits rateLimits,
      @Value("${commune.public-url}") String publicUrl)
      throws Exception {
    URI origin = URI.create(publicUrl);
    http.authenticationProvider(memberAuthentication)
        .authorizeHttpRequests(
            requests ->
                requests
                    .requestMatchers(PUBLIC_PAGES).permitAll()
                    .requestMatchers("/actuator/prometheus").access(fromLoopbackOnly())
                    .requestMatchers("/admin/**").hasRole("STEWARD")
                    .requestMatchers("/invitations", "/invitations/**").hasRole("MODERATOR")
                    .requestMatchers(HttpMethod.POST, "/groups/**").hasRole("STEWARD")
                    .requestMatchers(HttpMethod.POST, "/proposals/*/comments/*/hide").hasRole("MODERATOR")
                    .requestMatchers("/articles/new").hasRole("MODERATOR")
                    .requestMatchers(HttpMethod.POST, "/ai/calls/*/contests/*/resolve").hasRole("STEWARD")
                    .requestMatchers(HttpMethod.GET, "/ai/charter", "/ai/prompts", "/ai/prompts/*").permitAll()
                    .requestMatchers(HttpMethod.POST, "/articles").hasRole("MODERATOR")
                    .requestMatchers(HttpMethod.GET, "/articles", "/articles/*", "/articles/feed.atom").permitAll()
                    .requestMatchers(HttpMethod.GET, "/articles/*/history").permitAll()
                    .requestMatchers("/me", "/me/**", "/members", "/members/**", "/groups", "/groups/**",
                        "/proposals", "/proposals/**", "/delegation", "/delegation/**", "/constitution/**", "/ai", "/ai/**", "/notifications", "/notifications/**", "/webauthn/**", "/logout").hasRole("MEMBER")
                    // Everything else is either a public page listed above or no page at all (404).
                    // RolesMatrixIT fails if a controller path is reachable without its rule here.
                    .anyRequest().permitAll())
        .formLogin(
            form ->
                form.loginPage("/login")
                    .loginProcessingUrl("/login")
                    .usernameParameter("username")
                    .passwordParameter("password")
                    .authenticationDetailsSource(signInDetails)
                    .successHandler(signedIn)
                    .failureUrl("/login?error")
                    .permitAll())
        .webAuthn(
            passkeys ->
                passkeys
                    .rpName("Commune")
                    .rpId(origin.getHost())
                    .allowedOrigins(originOf(origin))
                    .disableDefaultRegistrationPage(true))
        .exceptionHandling(
            errors ->
                errors.accessDeniedHandler(
                    (request, response, denied) -> {
                      // Keep the reason for the error page, which explains an expired form differently.
                      request.setAttribute(WebAttributes.ACCESS_DENIED_403, denied);
                      response.sendError(403);
                    }))
        .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/").permitAll())
        .sessionManagement(
            sessions ->
                sessions
                    .sessionFixation(fixation -> fixation.newSession())
                    .maximumSessions(-1)
                    .sessionRegistry(sessionRegistry)
                    .expiredUrl("/login?expired"))
        .headers(
            headers ->
                headers
                    .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                    .frameOptions(frame -> frame.deny())
                    .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                    .permissionsPolicyHeader(
                        permissions -> permissions.policy("camera=(), microphone=(), geolocation=(), interest-cohort=()")))
        .addFilterBefore(new RateLimitFilter(rateLimits), UsernamePasswordAuthenticationFilter.class)
        .addFilterBefore(new FormSizeFilter(), RateLimitFilter.class);
    return http.build();
  }

  private static String originOf(URI uri) {
    int port = uri.getPort();
    return uri.getScheme() + "://" + uri.getHost() + (port == -1 ? "" : ":" + port);
  }

  private static AuthorizationManager<RequestAuthorizationContext> fromLoopbackOnly() {
    return (authentication, context) -> {
      String address = context.getRequest().getRemoteAddr();
      return new AuthorizationDecision(List.of("127.0.0.1", "0:0:0:0:0:0:0:1", "::1").contains(address));
    };
  }

  @Bean
  static RoleHierarchy roleHierarchy() {
    return RoleHierarchyImpl.fromHierarchy("ROLE_STEWARD > ROLE_MODERATOR\nROLE_MODERATOR > ROLE_MEMBER");
  }

  @Bean
  SessionRegistry sessionRegistry() {
    return new SessionRegistryImpl();
  }

  @Bean
  HttpSessionEventPublisher httpSessionEventPublisher() {
    return new HttpSessionEventPublisher();
  }

  @Bean
  RateLimits rateLimits(@Value("${commune.rate-limit.attempts-per-minute:10}") int attempts) {
    return new RateLimits(attempts);
  }

  @Bean
  LocaleResolver localeResolver(ObjectProvider<DefaultLanguage> defaultLanguage) {
    return new LanguageResolver(defaultLanguage);
  }
}
