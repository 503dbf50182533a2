package org.commune.federation.survival;

import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.commune.federation.http.OutboundHttp;
import org.commune.transparency.Checkpoint;
import org.commune.transparency.LogLeaf;
import org.commune.transparency.LogSource;
import org.commune.web.Json;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/**
 * An ally's log over its public API, read through the guarded client and type-checked field by field.
 * Keeps what it read, so that after the verifier accepted the log the same bytes are stored (never a
 * second, unverified download).
 */
final class AllyLogSource implements LogSource {

  private static final Base64.Decoder B64 = Base64.getDecoder();

  private final OutboundHttp http;
  private final String base;
  final TreeMap<Long, LogLeaf> entriesRead = new TreeMap<>();
  final TreeMap<Long, Checkpoint> checkpointsRead = new TreeMap<>();

  AllyLogSource(OutboundHttp http, String base) {
    this.http = http;
    this.base = base;
  }

  @Override
  public byte[] publicKey() {
    return bytes(get("/api/log/public-key").path("publicKey"));
  }

  private @Nullable Checkpoint latestRead;

  @Override
  public synchronized Optional<Checkpoint> latestCheckpoint() {
    JsonNode node = getOrNull("/api/log/checkpoint");
    latestRead = node == null ? null : checkpoint(node);
    return Optional.ofNullable(latestRead);
  }

  /** The latest checkpoint the ally served during this sync (evidence when it does not verify). */
  synchronized Optional<Checkpoint> latestCheckpointRead() {
    return Optional.ofNullable(latestRead);
  }

  @Override
  public synchronized List<LogLeaf> entries(long start, int count) {
    List<LogLeaf> entries = new ArrayList<>();
    // A page of 10,000 entries is larger than OutboundHttp's 1 MiB answer cap: asked for in smaller pages.
    for (long from = start; from < start + count; from += 2_000) {
      int n = (int) Math.min(2_000, start + count - from);
      for (JsonNode entry : array(get("/api/log/entries?start=" + from + "&count=" + n).path("entries"))) {
        if (!entry.path("index").isIntegralNumber() || !entry.path("leaf").isString()) {
          throw new SyncFailed("log-malformed", "an entry is not {index, leaf}");
        }
        LogLeaf leaf = new LogLeaf(entry.path("index").asLong(), entry.path("leaf").asString());
        entries.add(leaf);
        entriesRead.put(leaf.index(), leaf);
      }
    }
    return entries;
  }

  @Override
  public synchronized List<Checkpoint> checkpoints(long fromSize, int count) {
    List<Checkpoint> checkpoints = new ArrayList<>();
    for (JsonNode node : array(get("/api/log/checkpoints?from=" + fromSize + "&count=" + count).path("checkpoints"))) {
      Checkpoint c = checkpoint(node);
      checkpoints.add(c);
      checkpointsRead.put(c.treeSize(), c);
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

  static Checkpoint checkpoint(JsonNode node) {
    if (!node.path("treeSize").isIntegralNumber() || !node.path("issuedAt").isIntegralNumber()) {
      throw new SyncFailed("log-malformed", "a checkpoint is not {treeSize, rootHash, issuedAt, signature}");
    }
    return new Checkpoint(node.path("treeSize").asLong(), bytes(node.path("rootHash")),
        Instant.ofEpochSecond(node.path("issuedAt").asLong()), bytes(node.path("signature")));
  }

  private static byte[] bytes(JsonNode node) {
    if (!node.isString()) {
      throw new SyncFailed("log-malformed", "a key, hash or signature is not a base64 text");
    }
    try {
      return B64.decode(node.asString());
    } catch (IllegalArgumentException e) {
      throw new SyncFailed("log-malformed", "a key, hash or signature is not base64");
    }
  }

  private static JsonNode array(JsonNode node) {
    if (!node.isArray()) {
      throw new SyncFailed("log-malformed", "a list is missing");
    }
    return node;
  }

  private static List<byte[]> hashes(JsonNode array) {
    List<byte[]> hashes = new ArrayList<>();
    for (JsonNode hash : array(array)) {
      hashes.add(bytes(hash));
    }
    return hashes;
  }

  private JsonNode get(String path) {
    JsonNode node = getOrNull(path);
    if (node == null) {
      throw new SyncFailed("log-malformed", "the ally has no " + path);
    }
    return node;
  }

  private @Nullable JsonNode getOrNull(String path) {
    OutboundHttp.Response response;
    try {
      response = http.get(URI.create(base + path), "application/json");
    } catch (OutboundHttp.AddressRefused refused) {
      throw new SyncFailed("refused-address", refused.getMessage());
    } catch (IOException e) {
      throw new SyncFailed("unreachable", "cannot reach " + base);
    }
    if (response.status() == 404) {
      return null;
    }
    if (!response.ok()) {
      throw new SyncFailed("unreachable", "the ally answered " + response.status() + " to " + path);
    }
    try {
      return Json.MAPPER.readTree(response.body());
    } catch (RuntimeException e) {
      throw new SyncFailed("log-malformed", "the answer to " + path + " is not JSON");
    }
  }
}
