package org.commune.federation.archive;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commune.transparency.Checkpoint;
import org.commune.transparency.HeldLog;
import org.commune.transparency.LogJson;
import org.commune.transparency.TransparencyLog;
import org.commune.web.Json;
import org.jspecify.annotations.Nullable;

/**
 * Serves a verified archive read-only with the JDK's HTTP server: the articles in both languages, the log
 * under the same {@code /api/log/*} paths and JSON shapes as Commune (so {@code verify-log} checks a re-hosted
 * archive as it checks the original), the manifest and its signature, and each listed file under
 * {@code /archive/<path>}. Only GET and HEAD; only paths it knows (matched on the raw path, so no encoding
 * reaches a file name); only files the manifest lists.
 */
final class ArchiveServer implements AutoCloseable {

  private static final Base64.Encoder B64 = Base64.getEncoder();
  private static final Pattern ARTICLE = Pattern.compile("/articles/([0-9a-f-]{36})");
  private static final Pattern FONT = Pattern.compile("/fonts/([a-z0-9-]{1,80}\\.woff2)");
  private static final Set<String> ASSETS = Set.of("/assets/commune.css", "/assets/favicon.svg");
  private static final String CSP = "default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self';"
      + " base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private final HttpServer server;
  private final ExecutorService workers = Executors.newFixedThreadPool(8, Thread.ofPlatform().daemon(false).factory());
  private final ArchiveVerifier.Verified archive;
  private final ArchiveSite site;
  private final HeldLog log;
  private final Map<String, byte[]> staticFiles = new ConcurrentHashMap<>();

  private ArchiveServer(HttpServer server, ArchiveVerifier.Verified archive) throws ArchiveRefused {
    this.server = server;
    this.archive = archive;
    this.site = new ArchiveSite(archive);
    this.log = archive.log();
  }

  /** Starts serving; the caller verified the archive (the server never serves one that did not verify). */
  static ArchiveServer start(ArchiveVerifier.Verified archive, InetSocketAddress address)
      throws IOException, ArchiveRefused {
    HttpServer http = HttpServer.create(address, 50);
    ArchiveServer served = new ArchiveServer(http, archive);
    http.createContext("/", served::handle);
    http.setExecutor(served.workers);
    http.start();
    return served;
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    workers.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      exchange.getResponseHeaders().set("Content-Security-Policy", CSP);
      exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      exchange.getResponseHeaders().set("Referrer-Policy", "no-referrer");
      String method = exchange.getRequestMethod();
      if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, "text/plain; charset=utf-8", "read-only archive: GET and HEAD only\n");
        return;
      }
      route(exchange, exchange.getRequestURI().getRawPath(), query(exchange.getRequestURI().getRawQuery()));
    } catch (RuntimeException e) {
      // Nothing a request sends may take the server down; the reason stays out of the answer.
      send(exchange, 500, "text/plain; charset=utf-8", "error\n");
    }
  }

  private void route(HttpExchange exchange, String path, Map<String, String> query) throws IOException {
    String lang = site.language(query.get("lang"), exchange.getRequestHeaders().getFirst("Accept-Language"));
    Matcher article = ARTICLE.matcher(path);
    Matcher font = FONT.matcher(path);
    if (path.equals("/") || path.equals("/articles")) {
      html(exchange, 200, site.list(lang));
    } else if (article.matches()) {
      Optional<ArchiveSite.Page> page = site.article(article.group(1), lang);
      if (page.isPresent()) {
        html(exchange, page.get().status(), page.get().html());
      } else {
        html(exchange, 404, site.notFound(lang));
      }
    } else if (path.startsWith("/api/log/")) {
      logApi(exchange, path.substring("/api/log".length()), query, lang);
    } else if (path.equals("/" + Archive.MANIFEST)) {
      send(exchange, 200, "application/json", archive.archive().files().get(Archive.MANIFEST));
    } else if (path.equals("/" + Archive.SIGNATURE)) {
      send(exchange, 200, "text/plain; charset=us-ascii", archive.archive().files().get(Archive.SIGNATURE));
    } else if (path.startsWith("/archive/") && listed(path.substring("/archive/".length()))) {
      String file = path.substring("/archive/".length());
      send(exchange, 200, file.endsWith(".json") ? "application/json" : "text/plain; charset=utf-8",
          archive.archive().files().get(file));
    } else if (ASSETS.contains(path)) {
      resource(exchange, path, path.endsWith(".css") ? "text/css; charset=utf-8" : "image/svg+xml");
    } else if (font.matches()) {
      resource(exchange, path, "font/woff2");
    } else {
      html(exchange, 404, site.notFound(lang));
    }
  }

  private boolean listed(String file) {
    return archive.manifest().files().stream().anyMatch(f -> f.path().equals(file));
  }

  /** The log API as {@code LogApiController} answers it: same paths, parameters, shapes and range checks. */
  private void logApi(HttpExchange exchange, String path, Map<String, String> query, String lang) throws IOException {
    long size = log.size();
    switch (path) {
      case "/public-key" -> json(exchange, 200, LogJson.publicKey(log.publicKey()));
      case "/checkpoint" -> {
        Optional<Checkpoint> latest = log.latestCheckpoint();
        if (latest.isPresent()) {
          json(exchange, 200, LogJson.checkpoint(latest.get()));
        } else {
          problem(exchange, 404, "api.log.empty", lang);
        }
      }
      case "/checkpoints" -> {
        Long from = number(query, "from", 1L);
        Long count = number(query, "count", 1000L);
        if (from == null || count == null) {
          problem(exchange, 400, "api.log.range", lang);
        } else {
          json(exchange, 200, Map.of("checkpoints", log.checkpoints(from, (int) Math.clamp(count, 0, TransparencyLog.MAX_PAGE))
              .stream().map(LogJson::checkpoint).toList()));
        }
      }
      case "/entries" -> {
        Long start = number(query, "start", 0L);
        Long count = number(query, "count", 1000L);
        if (start == null || count == null || start < 0 || count < 1 || count > TransparencyLog.MAX_PAGE) {
          problem(exchange, 400, "api.log.range", lang);
        } else {
          json(exchange, 200, Map.of("start", start,
              "entries", log.entries(start, count.intValue()).stream().map(LogJson::leaf).toList()));
        }
      }
      case "/proof/inclusion" -> {
        Long index = number(query, "index", null);
        Long treeSize = number(query, "size", size);
        if (index == null || treeSize == null || index < 0 || treeSize > size || index >= treeSize) {
          problem(exchange, 400, "api.log.range", lang);
        } else {
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("index", index);
          body.put("treeSize", treeSize);
          body.put("leafHash", B64.encodeToString(log.leafHash(index)));
          body.put("path", encode(log.inclusionProof(index, treeSize)));
          json(exchange, 200, body);
        }
      }
      case "/proof/consistency" -> {
        Long first = number(query, "first", null);
        Long second = number(query, "second", null);
        if (first == null || second == null || first < 1 || second < first || second > size) {
          problem(exchange, 400, "api.log.range", lang);
        } else {
          json(exchange, 200, Map.of("first", first, "second", second, "proof", encode(log.consistencyProof(first, second))));
        }
      }
      default -> problem(exchange, 404, "archive.not-found", lang);
    }
  }

  private static List<String> encode(List<byte[]> hashes) {
    return hashes.stream().map(B64::encodeToString).toList();
  }

  /** A whole-number parameter, its default when absent, null when it is not a number. */
  private static @Nullable Long number(Map<String, String> query, String name, @Nullable Long absent) {
    String value = query.get(name);
    if (value == null) {
      return absent;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Map<String, String> query(@Nullable String raw) {
    Map<String, String> query = new HashMap<>();
    if (raw == null || raw.length() > 2000) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        try {
          query.putIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException malformed) {
          // A malformed escape is a parameter that is not there.
        }
      }
    }
    return query;
  }

  private void resource(HttpExchange exchange, String path, String type) throws IOException {
    byte[] bytes = staticFiles.computeIfAbsent(path, p -> {
      try (InputStream in = ArchiveServer.class.getResourceAsStream("/static" + p)) {
        return in == null ? new byte[0] : in.readAllBytes();
      } catch (IOException e) {
        return new byte[0];
      }
    });
    if (bytes.length == 0) {
      html(exchange, 404, site.notFound("en"));
    } else {
      exchange.getResponseHeaders().set("Cache-Control", "public, max-age=86400");
      send(exchange, 200, type, bytes);
    }
  }

  private void problem(HttpExchange exchange, int status, String key, String lang) throws IOException {
    json(exchange, status, Map.of("status", status, "error", site.texts(lang).get(key)));
  }

  private static void json(HttpExchange exchange, int status, Object body) throws IOException {
    send(exchange, status, "application/json", Json.MAPPER.writeValueAsBytes(body));
  }

  private static void html(HttpExchange exchange, int status, String html) throws IOException {
    send(exchange, status, "text/html; charset=utf-8", html);
  }

  private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
    send(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    boolean head = exchange.getRequestMethod().equals("HEAD");
    exchange.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
