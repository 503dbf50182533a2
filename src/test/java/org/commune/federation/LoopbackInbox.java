package org.commune.federation;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.commune.federation.http.HttpSignatures;
import org.commune.federation.http.InboundRequest;
import org.commune.federation.http.SignatureRefused;
import org.commune.web.Json;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * Another server's inbox on loopback (a JDK HttpServer, one virtual thread per request): it checks every
 * POST's draft-cavage signature and Digest against the organisation's public key and key id, as Mastodon
 * would, records what arrived and when, and answers what the test set ({@link #answer}, {@link #delay}).
 */
public final class LoopbackInbox implements AutoCloseable {

  /** One POST as it arrived: path, signature verdict (null: valid), the activity, when. */
  public record Received(String path, @Nullable String refused, JsonNode activity, String body, Instant at,
      Map<String, List<String>> headers) {}

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final PublicKey key;
  private final String keyId;
  private final Clock clock;
  public volatile int answer = 202;
  public volatile Duration delay = Duration.ZERO;
  private final AtomicInteger concurrent = new AtomicInteger();
  private final AtomicInteger mostConcurrent = new AtomicInteger();

  public LoopbackInbox(String address, PublicKey key, String keyId, Clock clock) throws IOException {
    this.key = key;
    this.keyId = keyId;
    this.clock = clock;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 200);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/", exchange -> {
      mostConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
      try (InputStream in = exchange.getRequestBody()) {
        byte[] body = in.readAllBytes();
        Instant at = Instant.now();
        String refused = verify(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
            exchange.getRequestHeaders(), body);
        received.add(new Received(exchange.getRequestURI().getPath(), refused,
            Json.MAPPER.readTree(new String(body, StandardCharsets.UTF_8)), new String(body, StandardCharsets.UTF_8), at,
            Map.copyOf(exchange.getRequestHeaders())));
        if (!delay.isZero()) {
          Thread.sleep(delay);
        }
        exchange.sendResponseHeaders(refused == null ? answer : 401, -1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        exchange.sendResponseHeaders(400, -1);
      } finally {
        concurrent.decrementAndGet();
        exchange.close();
      }
    });
    server.start();
  }

  private @Nullable String verify(String method, String path, Map<String, List<String>> headers, byte[] body) {
    InboundRequest request = new InboundRequest(method, path, headers, body);
    String header = request.header("signature");
    if (header == null) {
      return "unsigned";
    }
    try {
      HttpSignatures.Cavage signature = HttpSignatures.parseCavage(header);
      if (!signature.keyId().equals(keyId)) {
        return "key id " + signature.keyId();
      }
      HttpSignatures.verifyCavage(request, signature, key, clock.instant());
      return null;
    } catch (SignatureRefused e) {
      return e.reason().name();
    }
  }

  /** The inbox at this path on this server. */
  public URI inbox(String path) {
    return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":" + server.getAddress().getPort()
        + path);
  }

  /** The most requests this server was answering at one moment. */
  public int mostConcurrent() {
    return mostConcurrent.get();
  }

  public List<Received> received() {
    return new ArrayList<>(received);
  }

  public List<Received> received(Predicate<Received> which) {
    return received.stream().filter(which).toList();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
