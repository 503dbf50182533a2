package org.commune.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses oversized request bodies with 413 before anything parses them. Without this, Tomcat
 * silently drops form fields past its limit and the member sees a confusing CSRF error instead.
 * Form posts then reach the application with control characters removed ({@link CleanParameters}).
 */
final class FormSizeFilter extends OncePerRequestFilter {

  /** No Commune form needs more, except the few that take a list ({@link LargeForms}). */
  static final long MAX_BODY_BYTES = 64 * 1024;

  /** A pasted or uploaded list of 1,000 people with Arabic names and addresses fits with room to spare. */
  static final long MAX_LARGE_BODY_BYTES = 1024 * 1024;

  private final Set<String> largeForms;

  FormSizeFilter(Set<String> largeForms) {
    this.largeForms = Set.copyOf(largeForms);
  }

  /** Error pages read parameters too (and the request they get is the container's, unwrapped). */
  @Override
  protected boolean shouldNotFilterErrorDispatch() {
    return false;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    boolean first = request.getDispatcherType() == DispatcherType.REQUEST;
    String path = request.getRequestURI().substring(request.getContextPath().length());
    long limit = largeForms.contains(path) ? MAX_LARGE_BODY_BYTES : MAX_BODY_BYTES;
    if (first && request.getContentLengthLong() > limit) {
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
