package org.commune.federation.protocol.web;

import org.commune.federation.protocol.ActorDocuments;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * How other servers find the organisation: WebFinger ({@code acct:org@host} → the actor), host-meta (for
 * Pleroma and Akkoma style look-ups) and NodeInfo (what software, how many members and articles).
 */
@RestController
class DiscoveryController {

  private final ActorDocuments documents;

  DiscoveryController(ActorDocuments documents) {
    this.documents = documents;
  }

  /** Any origin may read it (browser-based clients look people up too), as on Mastodon. */
  @GetMapping("/.well-known/webfinger")
  ResponseEntity<String> webfinger(@RequestParam(defaultValue = "") String resource) {
    if (resource.isBlank()) {
      return ResponseEntity.badRequest().header("Access-Control-Allow-Origin", "*")
          .contentType(MediaType.TEXT_PLAIN).body("resource is missing");
    }
    return documents.webfinger(resource)
        .map(jrd -> ResponseEntity.ok().header("Access-Control-Allow-Origin", "*")
            .contentType(MediaType.parseMediaType(ActorDocuments.JRD)).body(jrd))
        .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).header("Access-Control-Allow-Origin", "*")
            .contentType(MediaType.TEXT_PLAIN).body("no such account here"));
  }

  @GetMapping("/.well-known/host-meta")
  ResponseEntity<String> hostMeta() {
    return ResponseEntity.ok().header("Access-Control-Allow-Origin", "*")
        .contentType(MediaType.parseMediaType("application/xrd+xml; charset=utf-8")).body(documents.hostMeta());
  }

  @GetMapping("/.well-known/nodeinfo")
  ResponseEntity<String> nodeinfoLinks() {
    return ResponseEntity.ok().header("Access-Control-Allow-Origin", "*").contentType(MediaType.APPLICATION_JSON)
        .body(documents.nodeinfoLinks());
  }

  @GetMapping("/nodeinfo/2.1")
  ResponseEntity<String> nodeinfo() {
    return ResponseEntity.ok().header("Access-Control-Allow-Origin", "*")
        .contentType(MediaType.parseMediaType("application/json; profile=\"" + ActorDocuments.NODEINFO_21 + "#\""))
        .body(documents.nodeinfo());
  }
}
