package org.commune.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One visitor talking real HTTP to a running Commune: keeps cookies, does not follow redirects, and
 * sends the CSRF token of the last page it read with every form, as a browser would.
 */
public final class WebSession {

  private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");

  private final String base;
  private final HttpClient http;
  private String csrf = "";

  public WebSession(int port) {
    this.base = "http://localhost:" + port;
    this.http =
        HttpClient.newBuilder()
            .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  /** A response: status, body, and where it redirects to, if it does. */
  public record Page(int status, String body, String location) {
    public boolean redirectsTo(String path) {
      return status == 302 && location.endsWith(path);
    }
  }

  public Page get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
  }

  public Page get(String path, Map<String, String> headers) {
    HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).GET();
    headers.forEach(builder::header);
    return send(builder);
  }

  /** Posts a form with the CSRF token of the last page read. */
  public Page post(String path, Map<String, String> fields) {
    Map<String, String> withToken = new LinkedHashMap<>(fields);
    withToken.putIfAbsent("_csrf", csrf);
    return postRaw(path, encode(withToken));
  }

  public Page postRaw(String path, String body) {
    return send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  /**
   * Posts a multipart form (as a browser does for a form with a file), with the CSRF token of the last
   * page read; {@code file} (bytes as given, no re-encoding) goes in the field "file" when not null.
   */
  public Page postMultipart(String path, Map<String, String> fields, byte[] file) {
    String boundary = "----commune-test-" + System.nanoTime();
    Map<String, String> withToken = new LinkedHashMap<>(fields);
    withToken.putIfAbsent("_csrf", csrf);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    withToken.forEach((name, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
        + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
    if (file != null) {
      body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"list.csv\"\r\n"
          + "Content-Type: text/csv\r\n\r\n").getBytes(StandardCharsets.UTF_8));
      body.writeBytes(file);
      body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return send(HttpRequest.newBuilder(URI.create(base + path))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
  }

  /** Reads a page to pick up a fresh CSRF token, then posts the form. */
  public Page submit(String formPage, String action, Map<String, String> fields) {
    get(formPage);
    return post(action, fields);
  }

  public Page signIn(String username, String password) {
    return submit("/login", "/login", Map.of("username", username, "password", password));
  }

  public Page signIn(String username, String password, String code) {
    return submit("/login", "/login", Map.of("username", username, "password", password, "code", code));
  }

  public void switchLanguage(String lang) {
    submit("/", "/language", Map.of("lang", lang, "return", "/"));
  }

  public String csrf() {
    return csrf;
  }

  /** A download: status, headers and the body's bytes exactly as sent (a byte order mark included). */
  public record Download(int status, HttpHeaders headers, byte[] body) {
    public String header(String name) {
      return headers.firstValue(name).orElse("");
    }
  }

  public Download download(String path) {
    try {
      HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(base + path)).GET().build(),
          HttpResponse.BodyHandlers.ofByteArray());
      return new Download(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private Page send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      Matcher matcher = CSRF.matcher(response.body());
      if (matcher.find()) {
        csrf = matcher.group(1);
      }
      return new Page(response.statusCode(), response.body(), response.headers().firstValue("Location").orElse(""));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static String encode(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }
}
