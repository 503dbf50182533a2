package org.commune.federation.survival.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.commune.federation.FederationSettings;
import org.commune.federation.http.ActorKeys;
import org.commune.federation.survival.Alliances;
import org.commune.federation.survival.Ally;
import org.commune.federation.survival.Cosignatures;
import org.commune.federation.survival.MirrorExport;
import org.commune.federation.survival.Mirrors;
import org.commune.transparency.LogSignatures;
import org.commune.transparency.TransparencyLog;
import org.commune.web.Json;
import org.jspecify.annotations.Nullable;
import org.springframework.context.MessageSource;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.LocaleResolver;
import tools.jackson.databind.JsonNode;

/**
 * The public machine side of survival (docs/survival.md): the origin's keys and signed articles for mirrors,
 * the cosignatures of this log and its witnesses, and what this Commune cosigned of its allies' logs.
 */
@RestController
class SurvivalApiController {

  private static final Base64.Encoder B64 = Base64.getEncoder();
  private static final int MAX_COSIGNATURE_BYTES = 4096;

  private final MirrorExport export;
  private final Cosignatures cosignatures;
  private final Alliances allies;
  private final Mirrors mirrors;
  private final TransparencyLog log;
  private final ActorKeys actorKeys;
  private final FederationSettings settings;
  private final MessageSource messages;
  private final LocaleResolver locales;

  SurvivalApiController(MirrorExport export, Cosignatures cosignatures, Alliances allies, Mirrors mirrors,
      TransparencyLog log, ActorKeys actorKeys, FederationSettings settings, MessageSource messages,
      LocaleResolver locales) {
    this.export = export;
    this.cosignatures = cosignatures;
    this.allies = allies;
    this.mirrors = mirrors;
    this.log = log;
    this.actorKeys = actorKeys;
    this.settings = settings;
    this.messages = messages;
    this.locales = locales;
  }

  /** The keys an ally pins when its members adopt this Commune. */
  @GetMapping("/api/mirror/origin")
  Map<String, Object> origin() {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("url", settings.publicUrl());
    body.put("logKey", B64.encodeToString(log.publicKey()));
    body.put("logKeyFingerprint", LogSignatures.fingerprint(log.publicKey()));
    body.put("actorKey", actorKeys.publicKeyPem());
    body.put("actorKeyFingerprint", LogSignatures.fingerprint(actorKeys.publicKey().getEncoded()));
    return body;
  }

  @GetMapping("/api/mirror/articles")
  ResponseEntity<Object> articles(HttpServletRequest request, @RequestParam(required = false) @Nullable String after,
      @RequestParam(defaultValue = "20") String count) {
    UUID cursor;
    int n;
    try {
      cursor = after == null ? null : UUID.fromString(after);
      n = Integer.parseInt(count);
    } catch (IllegalArgumentException e) {
      return problem(request, 400, "survival.api.range");
    }
    if (n < 1 || n > MirrorExport.MAX_COUNT) {
      return problem(request, 400, "survival.api.range");
    }
    MirrorExport.Page page = export.page(cursor, n);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("items", page.items().stream().map(item -> Map.of("item", Json.MAPPER.readTree(item.canonical()),
        "signature", item.signature())).toList());
    body.put("next", page.next() == null ? null : page.next().toString());
    return ResponseEntity.ok(body);
  }

  /** A witness ally posts its cosignature of one of this log's checkpoints. */
  @PostMapping(value = SurvivalUrlRules.COSIGNATURES)
  ResponseEntity<Object> cosign(HttpServletRequest request) {
    byte[] body;
    try (InputStream in = request.getInputStream()) {
      // Capped before anything is parsed: a cosignature is a few hundred bytes.
      body = in.readNBytes(MAX_COSIGNATURE_BYTES + 1);
    } catch (IOException e) {
      return problem(request, 400, "survival.cosignature.malformed");
    }
    if (body.length == 0 || body.length > MAX_COSIGNATURE_BYTES) {
      return problem(request, 400, "survival.cosignature.malformed");
    }
    try {
      JsonNode json = Json.MAPPER.readTree(body);
      cosignatures.accept(json);
      return ResponseEntity.accepted().body(Map.of("status", 202));
    } catch (Cosignatures.Refused refused) {
      return problem(request, refused.status, "survival.cosignature." + refused.code);
    } catch (RuntimeException malformed) {
      return problem(request, 400, "survival.cosignature.malformed");
    }
  }

  @GetMapping(SurvivalUrlRules.COSIGNATURES)
  Map<String, Object> cosignatures() {
    List<Map<String, Object>> list = cosignatures.received(200).stream().map(r -> {
      Map<String, Object> c = new LinkedHashMap<>();
      c.put("witness", r.witnessUrl());
      c.put("witnessKey", B64.encodeToString(r.cosignature().witnessKey()));
      c.put("treeSize", r.cosignature().treeSize());
      c.put("rootHash", B64.encodeToString(r.cosignature().rootHash()));
      c.put("time", r.cosignature().time());
      c.put("signature", B64.encodeToString(r.cosignature().signature()));
      return c;
    }).toList();
    return Map.of("originKey", B64.encodeToString(log.publicKey()), "cosignatures", list);
  }

  /** This log's witnesses: the allies this Commune adopted, with their pinned log keys. */
  @GetMapping("/api/log/witnesses")
  Map<String, Object> witnesses() {
    return Map.of("witnesses", allies.all().stream().filter(Ally::active).map(a -> Map.of("url", a.url(),
        "logKey", B64.encodeToString(a.logKey()), "fingerprint", a.logKeyFingerprint())).toList());
  }

  /** What this Commune, as a witness, cosigned of an ally's log. */
  @GetMapping("/api/witness/{host}/cosignatures")
  ResponseEntity<Object> witnessed(HttpServletRequest request, @PathVariable String host) {
    Optional<Ally> ally = allies.find(host);
    if (ally.isEmpty()) {
      return problem(request, 404, "survival.mirror.unknown");
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("origin", ally.get().url());
    body.put("originKey", B64.encodeToString(ally.get().logKey()));
    body.put("witnessKey", B64.encodeToString(log.publicKey()));
    body.put("cosignatures", mirrors.cosigned(host, 1000).stream().map(c -> Map.of("treeSize", c.treeSize(),
        "rootHash", c.rootHash(), "time", c.time(), "signature", c.signature())).toList());
    return ResponseEntity.ok(body);
  }

  private ResponseEntity<Object> problem(HttpServletRequest request, int status, String key) {
    String message = messages.getMessage(key, null, locales.resolveLocale(request));
    return ResponseEntity.status(status).body(Map.of("status", status, "error", message, "code", key));
  }
}
