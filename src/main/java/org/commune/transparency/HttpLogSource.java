package org.commune.transparency;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.commune.web.Json;
import tools.jackson.databind.JsonNode;

/** Reads a Commune log over its public JSON API. */
final class HttpLogSource implements LogSource {

  private static final Base64.Decoder B64 = Base64.getDecoder();

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
  private final String base;

  HttpLogSource(String baseUrl) {
    URI uri = URI.create(baseUrl);
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
      throw new IllegalArgumentException("the address must start with http:// or https://");
    }
    this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  @Override
  public byte[] publicKey() {
    return B64.decode(get("/api/log/public-key").path("publicKey").asString());
  }

  @Override
  public Optional<Checkpoint> latestCheckpoint() {
    JsonNode node = getOrNull("/api/log/checkpoint");
    return node == null ? Optional.empty() : Optional.of(checkpoint(node));
  }

  @Override
  public List<LogLeaf> entries(long start, int count) {
    JsonNode page = get("/api/log/entries?start=" + start + "&count=" + count);
    List<LogLeaf> entries = new ArrayList<>();
    for (JsonNode entry : page.path("entries")) {
      entries.add(new LogLeaf(entry.path("index").asLong(), entry.path("leaf").asString()));
    }
    return entries;
  }

  @Override
  public List<Checkpoint> checkpoints(long fromSize, int count) {
    List<Checkpoint> checkpoints = new ArrayList<>();
    for (JsonNode node : get("/api/log/checkpoints?from=" + fromSize + "&count=" + count).path("checkpoints")) {
      checkpoints.add(checkpoint(node));
    }
    return checkpoints;
  }

  @Override
  public List<byte[]> inclusionProof(long index, long treeSize) {
    return hashes(get("/api/log/proof/inclusion?index=" + index + "&size=" + treeSize).path("path"));
  }

  @Override
  public List<byte[]> consistencyProof(long first, long second) {
    return hashes(get("/api/log/proof/consistency?first=" + first + "&second=" + second).path("proof"));
  }

  private static Checkpoint checkpoint(JsonNode node) {
    return new Checkpoint(
        node.path("treeSize").asLong(),
        B64.decode(node.path("rootHash").asString()),
        Instant.ofEpochSecond(node.path("issuedAt").asLong()),
        B64.decode(node.path("signature").asString()));
  }

  private static List<byte[]> hashes(JsonNode array) {
    List<byte[]> hashes = new ArrayList<>();
    for (JsonNode hash : array) {
      hashes.add(B64.decode(hash.asString()));
    }
    return hashes;
  }

  private JsonNode get(String path) {
    JsonNode node = getOrNull(path);
    if (node == null) {
      throw new IllegalStateException("the server has no " + path);
    }
    return node;
  }

  private JsonNode getOrNull(String path) {
    return getAbsolute(base + path);
  }

  /** A JSON document at any address (a witness's), or null when it answers 404. */
  JsonNode getAbsolute(String url) {
    String path = url;
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
            .header("Accept", "application/json").GET().build();
    try {
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      if (response.statusCode() == 404) {
        return null;
      }
      if (response.statusCode() != 200) {
        throw new IllegalStateException("the server answered " + response.statusCode() + " to " + path);
      }
      return Json.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot reach " + url + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
