package org.commune.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers 429 to form posts on the guarded doors once an address has used up its attempts, and
 * makes sign-in attempts on an account under attack wait ({@link RateLimits}). The client address
 * is the one {@link ForwardedClients} resolved, so visitors behind a trusted proxy are counted apart.
 */
final class RateLimitFilter extends OncePerRequestFilter {

  private final RateLimits limits;

  RateLimitFilter(RateLimits limits) {
    this.limits = limits;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String door = door(request);
    if (door != null) {
      String address = request.getRemoteAddr();
      boolean allowed;
      if (door.equals("sign-in") || door.equals("passkey")) {
        allowed = !limits.addressBlocked(address);
        String username = request.getParameter("username");
        if (allowed && door.equals("sign-in") && username != null && !username.isBlank()) {
          Duration delay = limits.accountDelay(username);
          if (!delay.isZero()) {
            // A slowed account takes one attempt at a time: forty guesses in flight would otherwise
            // all wait the same delay and all be checked (found by an attacker review).
            String account = username.strip().toLowerCase(Locale.ROOT);
            if (!slowedInFlight.add(account)) {
              response.setHeader("Retry-After", Long.toString(Math.max(1, delay.toSeconds())));
              response.sendError(429);
              return;
            }
            try {
              waitFor(delay);
              chain.doFilter(request, response);
            } finally {
              slowedInFlight.remove(account);
            }
            return;
          }
        }
      } else {
        allowed = limits.tryAttempt(door + "|ip|" + address);
      }
      if (!allowed) {
        response.setHeader("Retry-After", Long.toString(RateLimits.WINDOW.toSeconds()));
        response.sendError(429);
        return;
      }
    }
    chain.doFilter(request, response);
    if ("passkey-options".equals(door) && request.getUserPrincipal() == null) {
      // Spring Security keeps the passkey challenge in a session: an anonymous one lives minutes, not
      // the 8 hours of a member's, so a flood of option requests cannot pile up sessions.
      HttpSession session = request.getSession(false);
      if (session != null) {
        session.setMaxInactiveInterval(ANONYMOUS_CHALLENGE_SECONDS);
      }
    }
  }

  /** How long an anonymous passkey challenge (and the session holding it) is kept. */
  static final int ANONYMOUS_CHALLENGE_SECONDS = 300;

  /** Accounts past their free failures with an attempt waiting or being checked now. */
  private final Set<String> slowedInFlight = ConcurrentHashMap.newKeySet();

  /** Requests run on virtual threads, so a waiting attempt holds no platform thread. */
  private static void waitFor(Duration delay) throws ServletException {
    if (delay.isZero()) {
      return;
    }
    try {
      Thread.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ServletException("interrupted while slowing a sign-in attempt", e);
    }
  }

  private static String door(HttpServletRequest request) {
    if (!"POST".equals(request.getMethod())) {
      return null;
    }
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (path.equals("/login")) {
      return "sign-in";
    }
    if (path.equals("/login/webauthn")) {
      return "passkey";
    }
    if (path.equals("/webauthn/authenticate/options")) {
      // Each call makes a challenge kept in a new session: counted per address like every attempt.
      return "passkey-options";
    }
    if (path.equals("/reset") || path.startsWith("/reset/") || path.startsWith("/recover/")) {
      return "reset";
    }
    if (path.startsWith("/join/") || path.equals("/register")) {
      return "join";
    }
    if (path.equals("/setup")) {
      return "setup";
    }
    return null;
  }
}
