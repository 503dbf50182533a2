package org.commune.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.springframework.web.filter.OncePerRequestFilter;

/** Answers 429 to form posts on the guarded doors once their attempts are used up. */
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
      boolean allowed = limits.tryAttempt(door + "|ip|" + request.getRemoteAddr());
      String username = request.getParameter("username");
      if (allowed && "sign-in".equals(door) && username != null && !username.isBlank()) {
        allowed = limits.tryAttempt(door + "|account|" + username.strip().toLowerCase(Locale.ROOT));
      }
      if (!allowed) {
        response.setHeader("Retry-After", Long.toString(RateLimits.WINDOW.toSeconds()));
        response.sendError(429);
        return;
      }
    }
    chain.doFilter(request, response);
  }

  private static String door(HttpServletRequest request) {
    if (!"POST".equals(request.getMethod())) {
      return null;
    }
    String path = request.getRequestURI().substring(request.getContextPath().length());
    if (path.equals("/login") || path.equals("/login/webauthn")) {
      return "sign-in";
    }
    if (path.equals("/reset") || path.startsWith("/reset/")) {
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
