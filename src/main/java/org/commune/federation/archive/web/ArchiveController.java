package org.commune.federation.archive.web;

import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.commune.federation.archive.ArchiveContents;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/**
 * The signed archive for stewards, while Commune runs: the same file {@code ./commune archive} writes
 * (docs/archive.md), made on request and streamed as it is written.
 */
@Controller
class ArchiveController {

  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm").withZone(ZoneOffset.UTC);

  private final ArchiveContents contents;
  private final Clock clock;

  ArchiveController(ArchiveContents contents, Clock clock) {
    this.contents = contents;
    this.clock = clock;
  }

  /** What the download is and how to check it: the download itself starts no page, so the menu leads here. */
  @GetMapping("/admin/federation/archive/about")
  String about() {
    return "federation/archive/steward";
  }

  @GetMapping("/admin/federation/archive")
  ResponseEntity<StreamingResponseBody> download() {
    String name = "commune-archive-" + DAY.format(clock.instant()) + ".zip";
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType("application/zip"))
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(name).build().toString())
        .header(HttpHeaders.CACHE_CONTROL, "no-store")
        .body(contents::write);
  }
}
