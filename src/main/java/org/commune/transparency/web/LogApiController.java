package org.commune.transparency.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.commune.transparency.Checkpoint;
import org.commune.transparency.LogJson;
import org.commune.transparency.TransparencyLog;
import org.springframework.context.MessageSource;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.LocaleResolver;

/**
 * The log for machines: entries as the exact leaf texts that were hashed, signed checkpoints, and
 * RFC 9162 proofs. Hashes and signatures are base64. Documented in docs/transparency-log.md.
 */
@RestController
@RequestMapping("/api/log")
class LogApiController {

  private static final Base64.Encoder B64 = Base64.getEncoder();

  private final TransparencyLog log;
  private final MessageSource messages;
  private final LocaleResolver locales;

  LogApiController(TransparencyLog log, MessageSource messages, LocaleResolver locales) {
    this.log = log;
    this.messages = messages;
    this.locales = locales;
  }

  @GetMapping("/public-key")
  Map<String, Object> publicKey() {
    return LogJson.publicKey(log.publicKey());
  }

  @GetMapping("/checkpoint")
  ResponseEntity<Object> latest(HttpServletRequest request) {
    return log.latestCheckpoint()
        .<ResponseEntity<Object>>map(c -> ResponseEntity.ok().cacheControl(CacheControl.noCache()).body(json(c)))
        .orElseGet(() -> problem(request, 404, "api.log.empty"));
  }

  @GetMapping("/checkpoints")
  Map<String, Object> checkpoints(
      @RequestParam(defaultValue = "1") long from, @RequestParam(defaultValue = "1000") int count) {
    return Map.of("checkpoints", log.checkpoints(from, count).stream().map(LogApiController::json).toList());
  }

  @GetMapping("/entries")
  ResponseEntity<Object> entries(
      HttpServletRequest request, @RequestParam(defaultValue = "0") long start,
      @RequestParam(defaultValue = "1000") int count) {
    if (start < 0 || count < 1 || count > TransparencyLog.MAX_PAGE) {
      return problem(request, 400, "api.log.range");
    }
    List<Map<String, Object>> entries =
        log.leaves(start, count).stream()
            .map(LogJson::leaf)
            .toList();
    return ResponseEntity.ok(Map.of("start", start, "entries", entries));
  }

  @GetMapping("/proof/inclusion")
  ResponseEntity<Object> inclusion(
      HttpServletRequest request, @RequestParam long index, @RequestParam(required = false) Long size) {
    long logSize = log.size();
    long treeSize = size == null ? logSize : size;
    if (index < 0 || treeSize > logSize || index >= treeSize) {
      return problem(request, 400, "api.log.range");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("index", index);
    body.put("treeSize", treeSize);
    body.put("leafHash", B64.encodeToString(log.leafHash(index)));
    body.put("path", encode(log.inclusionProof(index, treeSize)));
    return ResponseEntity.ok(body);
  }

  @GetMapping("/proof/consistency")
  ResponseEntity<Object> consistency(HttpServletRequest request, @RequestParam long first, @RequestParam long second) {
    if (first < 1 || second < first || second > log.size()) {
      return problem(request, 400, "api.log.range");
    }
    return ResponseEntity.ok(
        Map.of("first", first, "second", second, "proof", encode(log.consistencyProof(first, second))));
  }

  static Map<String, Object> json(Checkpoint c) {
    return LogJson.checkpoint(c);
  }

  private static List<String> encode(List<byte[]> hashes) {
    return hashes.stream().map(B64::encodeToString).toList();
  }

  private ResponseEntity<Object> problem(HttpServletRequest request, int status, String key) {
    String message = messages.getMessage(key, null, locales.resolveLocale(request));
    return ResponseEntity.status(status).body(Map.of("status", status, "error", message));
  }
}
