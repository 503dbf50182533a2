package org.commune.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.web.servlet.ServletContextInitializer;
import org.springframework.core.Ordered;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.csrf.CookieCsrfTokenRepository;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.savedrequest.CookieRequestCache;
import org.springframework.security.web.savedrequest.RequestCache;
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
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.intercept.RequestAuthorizationContext;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter;
import org.springframework.security.web.session.HttpSessionEventPublisher;
import org.springframework.security.web.WebAttributes;
import org.springframework.web.servlet.LocaleResolver;

/**
 * Who may open what, and the protections every response carries. Each module contributes the rules
 * for its own paths ({@link UrlRules}); this collects them and refuses everything else. The endpoint ×
 * role test holds them all to account.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfiguration {

  /** Content Security Policy: nothing from anywhere but this server, no inline script or style. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
          + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

  static final String PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), interest-cohort=()";

  /** The shell's own public paths; modules add theirs through {@link UrlRules}. */
  /** Set on a request that no module's rules claim: refused, and answered "not found". */
  private static final String UNCLAIMED = SecurityConfiguration.class.getName() + ".unclaimed";

  /** Visitors asking for a path no module claims get "not found", not the sign-in page. */
  private static AuthenticationEntryPoint unclaimedOr(AuthenticationEntryPoint signIn) {
    return (request, response, problem) -> {
      if (request.getAttribute(UNCLAIMED) != null) {
        response.sendError(404);
      } else {
        signIn.commence(request, response, problem);
      }
    };
  }

  /**
   * Where the page a visitor asked for waits while they sign in: a cookie (no session before sign-in).
   * A bean, because the sign-in success handler must read the same cache: with its default (the HTTP
   * session, which visitors never have) a visitor who followed a link to a proposal landed on their
   * account page instead of the proposal.
   */
  @Bean
  RequestCache requestCache() {
    return new CookieRequestCache();
  }

  static final String[] SHELL_PAGES = {
    "/", "/language", "/assets/**", "/fonts/**", "/webjars/**", "/error", "/favicon.ico", "/actuator/health", "/actuator/health/**"
  };

  @Bean
  SecurityFilterChain securityFilterChain(
      HttpSecurity http,
      AuthenticationProvider memberAuthentication,
      AuthenticationDetailsSource<HttpServletRequest, ?> signInDetails,
      AuthenticationSuccessHandler signedIn,
      RequestCache requestCache,
      SessionRegistry sessionRegistry,
      RateLimits rateLimits,
      MetricsToken metricsToken,
      List<UrlRules> moduleRules,
      @Value("${commune.public-url}") String publicUrl,
      @Value("${commune.sessions.per-member:10}") int sessionsPerMember)
      throws Exception {
    URI origin = URI.create(publicUrl);
    boolean https = "https".equalsIgnoreCase(origin.getScheme());
    http.authenticationProvider(memberAuthentication)
        .authorizeHttpRequests(
            requests -> {
              requests
                  .requestMatchers(SHELL_PAGES).permitAll()
                  .requestMatchers("/actuator/prometheus").access(fromThisMachineOnly(metricsToken));
              // Each module's own rules (UrlRules), in a fixed order; they claim disjoint paths.
              moduleRules.stream().sorted(Comparator.comparing(r -> r.getClass().getName()))
                  .forEach(r -> r.contribute(requests));
              // Deny by default: a path no module claims is refused, so no endpoint is public by accident.
              // It is answered "not found" (a typo or an old link is not a permission problem: newcomer
              // review), to visitors and members alike.
              requests.anyRequest().access((authentication, context) -> {
                context.getRequest().setAttribute(UNCLAIMED, true);
                return new AuthorizationDecision(false);
              });
            })
        .formLogin(
            form ->
                form.loginPage("/login")
                    .loginProcessingUrl("/login")
                    .usernameParameter("username")
                    .passwordParameter("password")
                    .authenticationDetailsSource(signInDetails)
                    .successHandler(signedIn)
                    .failureHandler(countingFailures(rateLimits))
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
                      if (request.getAttribute(UNCLAIMED) != null) {
                        response.sendError(404);
                        return;
                      }
                      // Keep the reason for the error page, which explains an expired form differently.
                      request.setAttribute(WebAttributes.ACCESS_DENIED_403, denied);
                      response.sendError(403);
                    })
                    .authenticationEntryPoint(unclaimedOr(new LoginUrlAuthenticationEntryPoint("/login"))))
        .logout(logout -> logout.logoutUrl("/logout").logoutSuccessUrl("/").permitAll())
        // No session before sign-in: the CSRF token of anonymous forms lives in a cookie, and so
        // does the page to return to after sign-in. An anonymous request then costs no server
        // memory, so a flood of them cannot fill the heap with sessions.
        .csrf(csrf -> csrf.csrfTokenRepository(csrfCookies(origin.getScheme().equalsIgnoreCase("https")))
            // Server-to-server endpoints (an inbox) carry an HTTP signature instead of a token.
            .ignoringRequestMatchers(moduleRules.stream().flatMap(r -> r.signedByServers().stream())
                .map(path -> PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, path))
                .toArray(RequestMatcher[]::new)))
        .requestCache(cache -> cache.requestCache(requestCache))
        .sessionManagement(
            sessions ->
                sessions
                    .sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED)
                    .sessionFixation(fixation -> fixation.newSession())
                    // Beyond this many sessions a member's least recently used one ends.
                    .maximumSessions(sessionsPerMember)
                    .maxSessionsPreventsLogin(false)
                    .sessionRegistry(sessionRegistry)
                    .expiredUrl("/login?expired"))
        .headers(
            headers ->
                headers
                    .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                    .frameOptions(frame -> frame.deny())
                    .httpStrictTransportSecurity(
                        hsts -> {
                          if (https) {
                            // Every request counts as secure when the public URL is https (ForwardedClients).
                            hsts.maxAgeInSeconds(31_536_000).includeSubDomains(false);
                          } else {
                            hsts.disable();
                          }
                        })
                    .referrerPolicy(referrer -> referrer.policy(ReferrerPolicyHeaderWriter.ReferrerPolicy.NO_REFERRER))
                    .permissionsPolicyHeader(
                        permissions -> permissions.policy(PERMISSIONS_POLICY)))
        .addFilterBefore(new RateLimitFilter(rateLimits), UsernamePasswordAuthenticationFilter.class);
    return http.build();
  }

  private static String originOf(URI uri) {
    int port = uri.getPort();
    return uri.getScheme() + "://" + uri.getHost() + (port == -1 ? "" : ":" + port);
  }

  /**
   * Metrics for a scraper on this machine only. A reverse proxy on the same host connects from
   * loopback too, so a request that a proxy forwarded (any forwarding header, or a trusted proxy as
   * peer) is refused even from loopback. Operators who want metrics entirely off the public port set
   * management.server.port (docs/configuration.md).
   */
  private static AuthorizationManager<RequestAuthorizationContext> fromThisMachineOnly(MetricsToken token) {
    return (authentication, context) -> {
      HttpServletRequest request = context.getRequest();
      String address = request.getRemoteAddr();
      boolean loopback = List.of("127.0.0.1", "0:0:0:0:0:0:0:1", "::1").contains(address);
      return new AuthorizationDecision(loopback && !ForwardedClients.forwarded(request)
          && token.presentIn(request.getHeader("Authorization")));
    };
  }

  /** Counts the failure for the address and the account tried, then shows the form again. */
  private static AuthenticationFailureHandler countingFailures(RateLimits rateLimits) {
    SimpleUrlAuthenticationFailureHandler delegate = new SimpleUrlAuthenticationFailureHandler("/login?error");
    return (request, response, exception) -> {
      if (DatabaseUnavailable.isCause(exception)) {
        // Not a wrong password: the database is down. Say so (503 page), and count nothing.
        response.sendError(503);
        return;
      }
      rateLimits.signInFailed(request.getRemoteAddr(), request.getParameter("username"));
      delegate.onAuthenticationFailure(request, response, exception);
    };
  }

  /**
   * The CSRF token lives in a cookie (no session for anonymous visitors). A double-submit cookie is
   * only as good as the host's cookies: over https it is a {@code __Host-} cookie, which a sibling
   * subdomain or a plain-http answer cannot plant (an attacker review planted one over http).
   */
  private static CookieCsrfTokenRepository csrfCookies(boolean https) {
    CookieCsrfTokenRepository repository = new CookieCsrfTokenRepository();
    if (https) {
      repository.setCookieName("__Host-XSRF-TOKEN");
    }
    // Forms and commune.js read the token from the page, never from the cookie, so script need not see it.
    repository.setCookieCustomizer(cookie -> {
      cookie.httpOnly(true).sameSite("Lax").path("/");
      if (https) {
        cookie.secure(true);
      }
    });
    repository.setHeaderName("X-CSRF-TOKEN");
    return repository;
  }

  /** Resolves the real client behind trusted proxies before anything else looks at the request. */
  @Bean
  FilterRegistrationBean<ForwardedClients> forwardedClients(
      @Value("${commune.trusted-proxies:}") String trustedProxies, @Value("${commune.public-url}") String publicUrl) {
    FilterRegistrationBean<ForwardedClients> registration = new FilterRegistrationBean<>(
        new ForwardedClients(trustedProxies, publicUrl.toLowerCase(Locale.ROOT).startsWith("https:")));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
    registration.setDispatcherTypes(EnumSet.allOf(DispatcherType.class));
    return registration;
  }

  /**
   * Size limit and clean parameters before anything reads a field, Spring Security's CSRF check
   * included (it read an undecodable body first and failed with a server error), and on error
   * dispatches too.
   */
  @Bean
  FilterRegistrationBean<FormSizeFilter> formSizeFilter(ObjectProvider<LargeForms> largeForms) {
    Set<String> large = largeForms.orderedStream().flatMap(l -> l.paths().stream()).collect(Collectors.toSet());
    FilterRegistrationBean<FormSizeFilter> registration = new FilterRegistrationBean<>(new FormSizeFilter(large));
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
    registration.setDispatcherTypes(EnumSet.allOf(DispatcherType.class));
    return registration;
  }

  /** The session cookie is Secure when the public URL is https, whatever the proxy in front says. */
  @Bean
  ServletContextInitializer secureSessionCookie(@Value("${commune.public-url}") String publicUrl) {
    boolean https = publicUrl.toLowerCase(Locale.ROOT).startsWith("https:");
    return context -> {
      if (https) {
        context.getSessionCookieConfig().setSecure(true);
      }
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
  RateLimits rateLimits(
      @Value("${commune.rate-limit.attempts-per-minute:10}") int accountFailures,
      @Value("${commune.rate-limit.address-attempts-per-minute:100}") int addressAttempts,
      @Value("${commune.rate-limit.max-delay:30s}") Duration maxDelay,
      Clock clock) {
    return new RateLimits(accountFailures, addressAttempts, maxDelay, clock);
  }

  @Bean
  LocaleResolver localeResolver(ObjectProvider<DefaultLanguage> defaultLanguage) {
    return new LanguageResolver(defaultLanguage);
  }
}
