package org.commune.federation.survival.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.commune.federation.survival.Mirrors;
import org.commune.transparency.Checkpoint;
import org.commune.transparency.LogSignatures;
import org.commune.transparency.LogSource;
import org.commune.transparency.TransparencyLog;
import org.springframework.context.MessageSource;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.LocaleResolver;

/**
 * An ally's log as mirrored here, in exactly the shape of the origin's {@code /api/log} API, so that
 * {@code ./commune verify-log https://this-host/mirrors/ally-host --key …} checks it against the ally's key
 * even when the ally is gone. The key served is the one pinned at adoption.
 */
@RestController
@RequestMapping("/mirrors/{host}/api/log")
class MirrorLogApiController {

  private static final Base64.Encoder B64 = Base64.getEncoder();

  private final Mirrors mirrors;
  private final MessageSource messages;
  private final LocaleResolver locales;

  MirrorLogApiController(Mirrors mirrors, MessageSource messages, LocaleResolver locales) {
    this.mirrors = mirrors;
    this.messages = messages;
    this.locales = locales;
  }

  @GetMapping("/public-key")
  ResponseEntity<Object> publicKey(HttpServletRequest request, @PathVariable String host) {
    return with(request, host, log -> ResponseEntity.ok(Map.of("algorithm", "Ed25519",
        "publicKey", B64.encodeToString(log.publicKey()), "fingerprint", LogSignatures.fingerprint(log.publicKey()))));
  }

  @GetMapping("/checkpoint")
  ResponseEntity<Object> latest(HttpServletRequest request, @PathVariable String host) {
    return with(request, host, log -> log.latestCheckpoint().<ResponseEntity<Object>>map(c -> ResponseEntity.ok(json(c)))
        .orElseGet(() -> problem(request, 404, "api.log.empty")));
  }

  @GetMapping("/checkpoints")
  ResponseEntity<Object> checkpoints(HttpServletRequest request, @PathVariable String host,
      @RequestParam(defaultValue = "1") long from, @RequestParam(defaultValue = "1000") int count) {
    return with(request, host, log -> ResponseEntity.ok(Map.of("checkpoints",
        log.checkpoints(from, Math.clamp(count, 0, TransparencyLog.MAX_PAGE)).stream()
            .map(MirrorLogApiController::json).toList())));
  }

  @GetMapping("/entries")
  ResponseEntity<Object> entries(HttpServletRequest request, @PathVariable String host,
      @RequestParam(defaultValue = "0") long start, @RequestParam(defaultValue = "1000") int count) {
    if (start < 0 || count < 1 || count > TransparencyLog.MAX_PAGE) {
      return problem(request, 400, "api.log.range");
    }
    return with(request, host, log -> ResponseEntity.ok(Map.of("start", start, "entries",
        log.entries(start, count).stream().map(e -> Map.<String, Object>of("index", e.index(), "leaf", e.leaf()))
            .toList())));
  }

  @GetMapping("/proof/inclusion")
  ResponseEntity<Object> inclusion(HttpServletRequest request, @PathVariable String host, @RequestParam long index,
      @RequestParam(required = false) Long size) {
    return with(request, host, log -> {
      long logSize = log.latestCheckpoint().map(Checkpoint::treeSize).orElse(0L);
      long treeSize = size == null ? logSize : size;
      if (index < 0 || treeSize > logSize || index >= treeSize) {
        return problem(request, 400, "api.log.range");
      }
      List<byte[]> path = log.inclusionProof(index, treeSize);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("index", index);
      body.put("treeSize", treeSize);
      body.put("path", path.stream().map(B64::encodeToString).toList());
      return ResponseEntity.ok(body);
    });
  }

  @GetMapping("/proof/consistency")
  ResponseEntity<Object> consistency(HttpServletRequest request, @PathVariable String host, @RequestParam long first,
      @RequestParam long second) {
    return with(request, host, log -> {
      long logSize = log.latestCheckpoint().map(Checkpoint::treeSize).orElse(0L);
      if (first < 1 || second < first || second > logSize) {
        return problem(request, 400, "api.log.range");
      }
      return ResponseEntity.ok(Map.of("first", first, "second", second,
          "proof", log.consistencyProof(first, second).stream().map(B64::encodeToString).toList()));
    });
  }

  private ResponseEntity<Object> with(HttpServletRequest request, String host,
      Function<LogSource, ResponseEntity<Object>> answer) {
    Optional<LogSource> log = mirrors.log(host);
    return log.isEmpty() ? problem(request, 404, "survival.mirror.unknown") : answer.apply(log.get());
  }

  static Map<String, Object> json(Checkpoint c) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("treeSize", c.treeSize());
    body.put("rootHash", B64.encodeToString(c.rootHash()));
    body.put("issuedAt", c.issuedAt().getEpochSecond());
    body.put("signature", B64.encodeToString(c.signature()));
    return body;
  }

  private ResponseEntity<Object> problem(HttpServletRequest request, int status, String key) {
    String message = messages.getMessage(key, null, locales.resolveLocale(request));
    return ResponseEntity.status(status).body(Map.of("status", status, "error", message));
  }
}
