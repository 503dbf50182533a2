package org.commune.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.context.MessageSource;

/**
 * Every error a visitor can cause ends here: a page in their language that says what happened and
 * what to do, with the right status code, and never a stack trace.
 */
@Controller
class ErrorPageController implements ErrorController {

  static final String TEMPLATE = "error";

  private static final Set<Integer> EXPLAINED = Set.of(400, 401, 403, 404, 405, 409, 413, 415, 429, 503);

  private final MessageSource messages;
  private final LocaleResolver locales;

  ErrorPageController(MessageSource messages, LocaleResolver locales) {
    this.messages = messages;
    this.locales = locales;
  }

  /** A page for people; JSON for the API and for clients that ask for JSON rather than HTML. */
  @RequestMapping("/error")
  Object error(HttpServletRequest request, HttpServletResponse response, Model model) {
    ErrorPage page = describe(request);
    if (page.messageKey().equals("error.database.message")) {
      response.setHeader("Retry-After", "5");
    }
    if (!response.containsHeader("Content-Security-Policy")) {
      // An error raised before Spring Security's header writer ran (a body too large or undecodable).
      ContainerErrorPages.securityHeaders(response, request.isSecure());
    }
    if (wantsJson(request)) {
      String message = messages.getMessage(page.messageKey(), null, locales.resolveLocale(request));
      return ResponseEntity.status(page.status())
          .contentType(MediaType.APPLICATION_JSON)
          .body(Map.of("status", page.status(), "error", message));
    }
    response.setStatus(page.status());
    model.addAttribute("page", page);
    return TEMPLATE;
  }

  private static boolean wantsJson(HttpServletRequest request) {
    Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    if (uri instanceof String path && path.startsWith("/api/")) {
      return true;
    }
    String accept = request.getHeader("Accept");
    return accept != null && accept.contains("application/json") && !accept.contains("text/html");
  }

  private static ErrorPage describe(HttpServletRequest request) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    // Asked for directly (GET /error), there is no error to describe: no page here.
    int status = code instanceof Integer i ? i : 404;
    Object denied = request.getAttribute(WebAttributes.ACCESS_DENIED_403);
    if (status >= 500 && (request.getAttribute(DatabaseUnavailable.ATTRIBUTE) != null
        || DatabaseUnavailable.isCause((Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION)))) {
      return new ErrorPage(503, "error.database.title", "error.database.message");
    }
    if (status == 403 && denied instanceof CsrfException) {
      return new ErrorPage(403, "error.csrf.title", "error.csrf.message");
    }
    if (status >= 500 && status != 503) {
      return new ErrorPage(status, "error.500.title", "error.500.message");
    }
    int known = EXPLAINED.contains(status) ? status : 400;
    return new ErrorPage(status, "error." + known + ".title", "error." + known + ".message");
  }
}
