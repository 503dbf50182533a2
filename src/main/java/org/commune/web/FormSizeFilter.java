package org.commune.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses oversized request bodies with 413 before anything parses them. Without this, Tomcat
 * silently drops form fields past its limit and the member sees a confusing CSRF error instead.
 * Form posts then reach the application with control characters removed ({@link CleanParameters}).
 */
final class FormSizeFilter extends OncePerRequestFilter {

  /** No Commune form needs more; uploads, when they come, get their own limit. */
  static final long MAX_BODY_BYTES = 64 * 1024;

  /** Error pages read parameters too (and the request they get is the container's, unwrapped). */
  @Override
  protected boolean shouldNotFilterErrorDispatch() {
    return false;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    boolean first = request.getDispatcherType() == DispatcherType.REQUEST;
    if (first && request.getContentLengthLong() > MAX_BODY_BYTES) {
      response.setHeader("Connection", "close");
      response.sendError(413);
      return;
    }
    // Every request, not only url-encoded forms: query strings and multipart fields reach the
    // same code (a NUL in a username sent as multipart or in the query once gave a 500).
    CleanParameters clean = new CleanParameters(request);
    if (clean.unreadable() && first) {
      response.sendError(400);
      return;
    }
    chain.doFilter(clean, response);
  }
}
