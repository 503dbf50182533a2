package org.commune.web;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import org.apache.catalina.Container;
import org.apache.catalina.Host;
import org.apache.catalina.Valve;
import org.apache.catalina.connector.Request;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.util.HtmlUtils;

/**
 * Errors that Tomcat answers itself, before any of Commune's code runs: a malformed or badly
 * encoded URL, invalid characters in a header, an oversized header. Tomcat's own page for these was
 * English only, named the server and carried none of the security headers. This replaces Tomcat's
 * error report valve with one that writes Commune's error page: the visitor's language (from the
 * language cookie or Accept-Language), the same text as the application's error pages, and CSP,
 * frame, referrer, sniffing and cache headers (and HSTS when the public URL is https).
 */
@Component
class ContainerErrorPages implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, Ordered {

  private static final Set<Integer> EXPLAINED = Set.of(400, 401, 403, 404, 405, 409, 413, 415, 429, 503);

  private final MessageSource messages;
  private final boolean https;

  ContainerErrorPages(MessageSource messages, @Value("${commune.public-url}") String publicUrl) {
    this.messages = messages;
    this.https = publicUrl.toLowerCase(Locale.ROOT).startsWith("https:");
  }

  @Override
  public int getOrder() {
    // After Spring Boot's own customizer, which adds Tomcat's valve that this one replaces.
    return Ordered.LOWEST_PRECEDENCE;
  }

  @Override
  public void customize(TomcatServletWebServerFactory factory) {
    factory.addContextCustomizers(context -> {
      Container parent = context.getParent();
      if (parent instanceof Host host) {
        for (Valve valve : host.getPipeline().getValves()) {
          if (valve instanceof ErrorReportValve && !(valve instanceof Page)) {
            host.getPipeline().removeValve(valve);
          }
        }
        host.getPipeline().addValve(new Page(this));
        // Tells the host not to add Tomcat's default valve when it starts.
        if (host instanceof StandardHost standard) {
          standard.setErrorReportValveClass(Page.class.getName());
        }
      }
    });
  }

  /**
   * The headers every Commune page carries (SecurityConfiguration sets them on ordinary pages),
   * for error pages that are written where Spring Security's header writer does not run.
   */
  static void securityHeaders(HttpServletResponse response, boolean https) {
    response.setHeader("Content-Security-Policy", SecurityConfiguration.CONTENT_SECURITY_POLICY);
    response.setHeader("X-Content-Type-Options", "nosniff");
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Referrer-Policy", "no-referrer");
    response.setHeader("Permissions-Policy", SecurityConfiguration.PERMISSIONS_POLICY);
    response.setHeader("Cache-Control", "no-store");
    if (https) {
      response.setHeader("Strict-Transport-Security", "max-age=31536000");
    }
  }

  Locale language(Request request) {
    Cookie[] cookies = request.getCookies();
    if (cookies != null) {
      for (Cookie cookie : cookies) {
        if (LanguageResolver.COOKIE.equals(cookie.getName()) && Languages.isSupported(cookie.getValue())) {
          return Locale.of(cookie.getValue());
        }
      }
    }
    String accept = request.getHeader("Accept-Language");
    if (accept != null && accept.strip().toLowerCase(Locale.ROOT).startsWith("ar")) {
      return Locale.of("ar");
    }
    return Locale.ENGLISH;
  }

  String text(String key, Locale locale) {
    return HtmlUtils.htmlEscape(messages.getMessage(key, null, key, locale));
  }

  /** The valve itself; public with a no-argument constructor only because Tomcat may name it by class. */
  public static final class Page extends ErrorReportValve {
    private final ContainerErrorPages pages;

    public Page() {
      this(null);
    }

    Page(ContainerErrorPages pages) {
      this.pages = pages;
      setShowReport(false);
      setShowServerInfo(false);
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
      int status = response.getStatus();
      if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
        return;
      }
      if (pages == null) {
        super.report(request, response, throwable);
        return;
      }
      int known = status >= 500 ? 500 : EXPLAINED.contains(status) ? status : 400;
      Locale locale = pages.language(request);
      String lang = locale.getLanguage().equals("ar") ? "ar" : "en";
      String title = pages.text("error." + known + ".title", locale);
      String message = pages.text("error." + known + ".message", locale);
      String home = pages.text("error.home", locale);
      try {
        securityHeaders(response, pages.https);
        response.setContentType("text/html");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        Writer writer = response.getReporter();
        if (writer != null) {
          writer.write("<!doctype html><html lang=\"" + lang + "\" dir=\"" + (lang.equals("ar") ? "rtl" : "ltr") + "\">"
              + "<head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
              + "<title>" + title + "</title><link rel=\"stylesheet\" href=\"/assets/commune.css\"></head>"
              + "<body><main id=\"main\"><h1>" + title + "</h1><p>" + message + "</p>"
              + "<p><a href=\"/\">" + home + "</a></p></main></body></html>");
          response.finishResponse();
        }
      } catch (IOException | IllegalStateException e) {
        // The connection is gone or the response already committed: nothing more to send.
      }
    }
  }
}
