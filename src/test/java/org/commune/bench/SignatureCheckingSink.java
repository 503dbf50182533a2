package org.commune.bench;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.commune.federation.http.ActorKeys;
import org.commune.federation.http.HttpSignatures;
import org.commune.federation.http.InboundRequest;
import org.commune.federation.http.SignatureRefused;
import org.commune.web.Json;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * A local inbox sink for the fan-out benchmark: every POST's draft-cavage signature and Digest are checked
 * (the sender's key fetched once per key id from its actor document, as a real server does), then answered
 * 202, or 401 when the check fails. When the sender serves no actor document (its protocol part is not
 * there), the key given here is used instead, and {@link #keySource()} says so.
 */
final class SignatureCheckingSink implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final HttpClient client = HttpClient.newHttpClient();
  private final Map<String, PublicKey> keys = new ConcurrentHashMap<>();
  private final PublicKey fallback;
  private final AtomicLong verified = new AtomicLong();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicLong fetches = new AtomicLong();
  private volatile String keySource = "none yet";

  SignatureCheckingSink(PublicKey fallback) throws IOException {
    this.fallback = fallback;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    server.setExecutor(threads);
    server.createContext("/", exchange -> {
      try (InputStream in = exchange.getRequestBody()) {
        byte[] body = in.readAllBytes();
        InboundRequest request = new InboundRequest(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
            exchange.getRequestHeaders(), body);
        boolean ok = check(request);
        (ok ? verified : refused).incrementAndGet();
        exchange.sendResponseHeaders(ok ? 202 : 401, -1);
      } finally {
        exchange.close();
      }
    });
    server.start();
  }

  private boolean check(InboundRequest request) {
    String header = request.header("signature");
    if (header == null) {
      return false;
    }
    try {
      HttpSignatures.Cavage signature = HttpSignatures.parseCavage(header);
      PublicKey key = keys.computeIfAbsent(signature.keyId(), this::fetch);
      HttpSignatures.verifyCavage(request, signature, key, Instant.now());
      return true;
    } catch (SignatureRefused e) {
      return false;
    }
  }

  private PublicKey fetch(String keyId) {
    fetches.incrementAndGet();
    PublicKey fetched = fetched(keyId);
    keySource = fetched != null ? "fetched once from the actor document" : "given in process (no actor document served)";
    return fetched != null ? fetched : fallback;
  }

  private @Nullable PublicKey fetched(String keyId) {
    try {
      URI actor = URI.create(keyId.contains("#") ? keyId.substring(0, keyId.indexOf('#')) : keyId);
      HttpResponse<String> answer = client.send(HttpRequest.newBuilder(actor).header("Accept", "application/activity+json")
          .GET().build(), HttpResponse.BodyHandlers.ofString());
      if (answer.statusCode() != 200) {
        return null;
      }
      JsonNode key = Json.MAPPER.readTree(answer.body()).path("publicKey");
      return key.path("id").asString("").equals(keyId) ? ActorKeys.parsePem(key.path("publicKeyPem").asString("")) : null;
    } catch (Exception e) {
      return null;
    }
  }

  String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  long verified() {
    return verified.get();
  }

  long refused() {
    return refused.get();
  }

  long keyFetches() {
    return fetches.get();
  }

  String keySource() {
    return keySource;
  }

  @Override
  public void close() {
    server.stop(0);
    threads.close();
  }
}
