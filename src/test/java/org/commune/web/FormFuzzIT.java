package org.commune.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.commune.testing.RunningCommune;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every form and page the application maps, found from Spring MVC's own handler mapping, sent
 * thousands of hostile requests, anonymous and as a steward: control characters, CR/LF, huge and
 * odd Unicode values, numbers out of range, wrong types, missing and duplicated fields, multipart
 * bodies, and the same in the query string and in path variables. Wrong input must get a 4xx with
 * an explanation, never a 5xx.
 */
class FormFuzzIT extends RunningCommune {

  static final List<String> VALUES = List.of(
      "", "\u0000", "a\u0000b", "line\r\nInjected: yes", "\u0007\u001b[31m", "x".repeat(5000), "-1",
      "99999999999999999999", "1e309", "١٢", "\u202Eevil😀", "\uD800", "<script>alert(1)</script>",
      "../../../etc/passwd", "//evil.example", "not-a-uuid");

  /** Doors the fuzzer must not walk through as the steward, or it would lose its own session. */
  static final Set<String> SKIP_AS_STEWARD = Set.of("/logout", "/me/delete");

  @Autowired
  @Qualifier("requestMappingHandlerMapping")
  RequestMappingHandlerMapping mappings;

  /** fields: every field name known anywhere; own: the ones this handler declares. */
  record Endpoint(String method, String pattern, Set<String> fields, Set<String> own) {}

  record Outcome(String who, String method, String target, String what, int status) {
    @Override
    public String toString() {
      return who + " " + method + " " + target + " [" + what + "] → " + status;
    }
  }

  /** One visitor with its own cookies; forms carry the CSRF token in the header, as htmx does. */
  final class Client {
    final String who;
    final HttpClient http = HttpClient.newBuilder()
        .cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5))
        .build();
    volatile String csrf = "";

    Client(String who) {
      this.who = who;
    }

    int send(String method, String target, String contentType, byte[] body) throws Exception {
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + target))
          .timeout(Duration.ofSeconds(60))
          .header("X-CSRF-TOKEN", csrf);
      if (contentType != null) {
        request.header("Content-Type", contentType);
      }
      request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
      HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return response.statusCode();
    }

    String page(String path) throws Exception {
      HttpResponse<String> response = http.send(
          HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
      Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(response.body());
      if (m.find()) {
        csrf = m.group(1);
      }
      return response.body();
    }

    void signIn(String username) throws Exception {
      page("/login");
      int status = send("POST", "/login", "application/x-www-form-urlencoded",
          form(Map.of("username", username, "password", PASSWORD, "_csrf", csrf)).getBytes(StandardCharsets.UTF_8));
      assertThat(status).isEqualTo(302);
      page("/me");
    }
  }

  @Test
  void noInputGivesAServerError() throws Exception {
    List<Endpoint> endpoints = endpoints();
    assertThat(endpoints).as("the mapping lists the application's endpoints").hasSizeGreaterThan(30);

    Client anonymous = new Client("anonymous");
    anonymous.page("/");
    Client steward = new Client("steward");
    steward.signIn(STEWARD);

    Map<String, List<String>> realIds = harvestIds(steward);
    ConcurrentLinkedQueue<Outcome> failures = new ConcurrentLinkedQueue<>();
    AtomicInteger sent = new AtomicInteger();
    long started = System.nanoTime();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      Semaphore parallel = new Semaphore(8);
      for (Client client : List.of(anonymous, steward)) {
        for (Endpoint endpoint : endpoints) {
          if (client == steward && SKIP_AS_STEWARD.contains(endpoint.pattern())) {
            continue;
          }
          for (Request request : requestsFor(endpoint, realIds)) {
            parallel.acquire();
            pool.submit(() -> {
              try {
                int status = client.send(request.method(), request.target(), request.contentType(), request.body());
                sent.incrementAndGet();
                if (status >= 500) {
                  failures.add(new Outcome(client.who, request.method(), abbreviate(request.target()), request.what(), status));
                }
              } catch (Exception e) {
                failures.add(new Outcome(client.who, request.method(), abbreviate(request.target()), request.what() + " " + e, -1));
              } finally {
                parallel.release();
              }
              return null;
            });
          }
        }
        rateLimits.reset();
      }
    }
    long seconds = (System.nanoTime() - started) / 1_000_000_000;
    System.out.println("Form fuzz: " + sent.get() + " requests to " + endpoints.size() + " endpoints in " + seconds + " s");
    assertThat(sent.get()).as("thousands of requests").isGreaterThan(2000);
    List<String> distinct = failures.stream().map(Outcome::toString).sorted().distinct().toList();
    distinct.forEach(f -> System.out.println("FUZZ 5xx: " + f));
    assertThat(distinct.stream().limit(60).toList()).isEmpty();
    // The steward is still signed in: the fuzz did not break the instance.
    assertThat(steward.send("GET", "/me", null, null)).isEqualTo(200);
  }

  /** The three inputs that were once a 500, named on their own. */
  @Test
  void knownServerErrorsAreNowExplained() throws Exception {
    Client steward = new Client("steward");
    steward.signIn(STEWARD);
    steward.page("/constitution");
    int unknownType = steward.send("POST", "/constitution/proposals", "application/x-www-form-urlencoded",
        form(Map.of("type", "no-such-type", "title", "A title", "body", "Why", "method-simple", "on")).getBytes(StandardCharsets.UTF_8));
    assertThat(unknownType).isEqualTo(400);

    Client visitor = new Client("anonymous");
    visitor.page("/login");
    String boundary = "nul" + UUID.randomUUID().toString().replace("-", "");
    int multipartNul = visitor.send("POST", "/login", "multipart/form-data; boundary=" + boundary,
        multipart(Map.of("username", "ste\u0000ward", "password", "x"), boundary));
    assertThat(multipartNul).isBetween(300, 499);
    int queryNul = visitor.send("POST", "/login?username=ste%00ward&password=x", "application/x-www-form-urlencoded", new byte[0]);
    assertThat(queryNul).isBetween(300, 499);

    HttpResponse<String> language = visitor.http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + PORT + "/language"))
            .header("X-CSRF-TOKEN", visitor.csrf)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("lang", "ar", "return", "/\r\nSet-Cookie: evil=1"))))
            .build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(language.statusCode()).isEqualTo(302);
    assertThat(language.headers().firstValue("Location").orElse("")).doesNotContain("\r").doesNotContain("\n").doesNotContain("evil");
    assertThat(language.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("evil"));
  }

  record Request(String method, String target, String contentType, byte[] body, String what) {}

  private List<Request> requestsFor(Endpoint endpoint, Map<String, List<String>> realIds) {
    List<Request> requests = new ArrayList<>();
    // A real object where the steward's pages link one (deeper code runs), else an unknown id.
    List<String> real = realIds.getOrDefault(prefix(endpoint.pattern()), List.of());
    List<String> pathValues = List.of(real.isEmpty() ? UUID.randomUUID().toString() : real.getFirst());
    boolean post = endpoint.method().equals("POST");
    for (String basePath : pathValues.stream().map(v -> fill(endpoint.pattern(), v)).distinct().toList()) {
      for (String value : VALUES) {
        Map<String, String> fields = new LinkedHashMap<>();
        endpoint.fields().forEach(f -> fields.put(f, value));
        String what = "all fields = " + printable(value);
        if (post) {
          requests.add(new Request("POST", basePath, "application/x-www-form-urlencoded", form(fields).getBytes(StandardCharsets.UTF_8), what));
        } else {
          requests.add(new Request("GET", basePath + "?" + form(fields), null, null, what));
        }
      }
      // Missing fields.
      requests.add(new Request(endpoint.method(), basePath, post ? "application/x-www-form-urlencoded" : null, post ? new byte[0] : null, "no fields"));
      // Duplicated fields with conflicting values.
      String duplicated = endpoint.fields().stream()
          .map(f -> enc(f) + "=1&" + enc(f) + "=x&" + enc(f) + "=")
          .collect(Collectors.joining("&"));
      requests.add(post
          ? new Request("POST", basePath, "application/x-www-form-urlencoded", duplicated.getBytes(StandardCharsets.UTF_8), "duplicated fields")
          : new Request("GET", basePath + "?" + duplicated, null, null, "duplicated fields"));
      if (post) {
        for (String value : List.of("a\u0000b", "line\r\nInjected: yes")) {
          Map<String, String> fields = new LinkedHashMap<>();
          // The handler's own fields (Tomcat refuses more than 50 parts), and the sign-in ones.
          endpoint.own().forEach(f -> fields.put(f, value));
          List.of("username", "password", "code", "type", "return").forEach(f -> fields.put(f, value));
          // The same values in the query string of a post, and as multipart.
          requests.add(new Request("POST", basePath + "?" + form(fields), "application/x-www-form-urlencoded", new byte[0],
              "query fields = " + printable(value)));
          String boundary = "fuzz" + UUID.randomUUID().toString().replace("-", "");
          requests.add(new Request("POST", basePath, "multipart/form-data; boundary=" + boundary, multipart(fields, boundary),
              "multipart fields = " + printable(value)));
        }
        // A body that is not what it says it is.
        requests.add(new Request("POST", basePath, "application/json", "{\"a\":".getBytes(StandardCharsets.UTF_8), "broken json"));
        requests.add(new Request("POST", basePath, "application/x-www-form-urlencoded", "%zz=%%&=&&a=%u0000".getBytes(StandardCharsets.UTF_8), "bad encoding"));
      }
    }
    // Hostile path variables.
    if (endpoint.pattern().contains("{")) {
      for (String value : List.of("\u0000", "a\r\nb", "x".repeat(300), "-1")) {
        requests.add(new Request(endpoint.method(), fill(endpoint.pattern(), value),
            post ? "application/x-www-form-urlencoded" : null, post ? new byte[0] : null, "path variable = " + printable(value)));
      }
    }
    return requests;
  }

  private List<Endpoint> endpoints() {
    Set<String> allFields = new TreeSet<>(List.of(
        "username", "password", "code", "email", "displayName", "lang", "return", "title", "body", "type", "reason",
        "role", "member", "group", "name", "slug", "choice", "token", "comment", "amendment", "days", "quorum"));
    List<Endpoint> found = new ArrayList<>();
    Map<String, Set<String>> fieldsByPattern = new LinkedHashMap<>();
    for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mappings.getHandlerMethods().entrySet()) {
      HandlerMethod handler = entry.getValue();
      if (!handler.getBeanType().getPackageName().startsWith("org.commune")) {
        continue;
      }
      Set<String> fields = new TreeSet<>();
      for (MethodParameter parameter : handler.getMethodParameters()) {
        RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
        if (param != null) {
          String name = !param.name().isEmpty() ? param.name() : parameter.getParameterName();
          if (name != null && !Map.class.isAssignableFrom(parameter.getParameterType())) {
            fields.add(name);
          }
        } else if (parameter.getParameterAnnotation(PathVariable.class) == null
            && parameter.getParameterType().isRecord()) {
          for (RecordComponent component : parameter.getParameterType().getRecordComponents()) {
            fields.add(component.getName());
          }
        }
      }
      allFields.addAll(fields);
      Set<RequestMethod> methods = entry.getKey().getMethodsCondition().getMethods();
      for (String pattern : entry.getKey().getPatternValues()) {
        for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET, RequestMethod.POST) : methods) {
          if (method == RequestMethod.GET || method == RequestMethod.POST) {
            fieldsByPattern.computeIfAbsent(method + " " + pattern, k -> new TreeSet<>()).addAll(fields);
          }
        }
      }
    }
    // Fields the templates name but handlers read from a map (e.g. the constitution form).
    allFields.addAll(List.of("method-simple", "method-approval", "thresholdNum", "thresholdDen", "discussion", "voting",
        "proposers", "url", "model", "apiKeyEnv", "trust", "kind", "stance", "maxScore", "options", "receipt", "secret",
        "openRegistration", "nameEn", "nameAr", "defaultLanguage", "draft", "approved", "parent", "outcome", "resolution",
        "status", "task", "brief", "app", "action", "onPremises", "language", "article", "proposal"));
    fieldsByPattern.forEach((key, fields) -> {
      String[] parts = key.split(" ", 2);
      Set<String> all = new TreeSet<>(fields);
      all.addAll(allFields);
      found.add(new Endpoint(parts[0], parts[1], Collections.unmodifiableSet(all), Set.copyOf(fields)));
    });
    // Filters, not controllers, answer these; they take input too.
    for (String filterPath : List.of("/login", "/logout", "/login/webauthn", "/webauthn/authenticate/options",
        "/webauthn/register/options", "/webauthn/register")) {
      found.add(new Endpoint("POST", filterPath, new TreeSet<>(allFields), Set.of("username", "password", "code")));
    }
    return found;
  }

  /** Real ids and slugs from the steward's pages, so that path variables also reach real objects. */
  private Map<String, List<String>> harvestIds(Client steward) throws Exception {
    Map<String, List<String>> ids = new LinkedHashMap<>();
    Pattern link = Pattern.compile("href=\"(/[a-z]+(?:/[a-z]+)?)/([A-Za-z0-9_-]{1,80})\"");
    for (String page : List.of("/proposals", "/groups", "/articles", "/members", "/ai", "/ai/prompts", "/log", "/admin/ai")) {
      Matcher m = link.matcher(steward.page(page));
      while (m.find()) {
        List<String> list = ids.computeIfAbsent(m.group(1), k -> new ArrayList<>());
        if (list.size() < 2 && !list.contains(m.group(2))) {
          list.add(m.group(2));
        }
      }
    }
    return ids;
  }

  private static String prefix(String pattern) {
    int brace = pattern.indexOf("/{");
    return brace < 0 ? pattern : pattern.substring(0, brace);
  }

  private static String fill(String pattern, String value) {
    String encoded = URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    return pattern.replaceAll("\\{[^}/]+}", Matcher.quoteReplacement(encoded)).replace("/**", "/x");
  }

  private static String form(Map<String, String> fields) {
    return fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
  }

  private static String enc(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static byte[] multipart(Map<String, String> fields, String boundary) {
    StringBuilder body = new StringBuilder();
    fields.forEach((name, value) -> body.append("--").append(boundary).append("\r\n")
        .append("Content-Disposition: form-data; name=\"").append(name).append("\"\r\n\r\n")
        .append(value).append("\r\n"));
    body.append("--").append(boundary).append("--\r\n");
    return body.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String printable(String value) {
    String shown = value.length() > 40 ? value.substring(0, 20) + "…(" + value.length() + ")" : value;
    return shown.chars().mapToObj(c -> c < 0x20 || c == 0x7f ? String.format("\\x%02x", c) : String.valueOf((char) c))
        .collect(Collectors.joining());
  }

  private static String abbreviate(String target) {
    String shown = target.length() > 160 ? target.substring(0, 160) + "…" : target;
    return printable(shown);
  }
}
