package org.commune.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How pages show a moment: UTC, to the minute ("2026-11-27 09:05 UTC"), the same in both languages. */
public final class UtcMinute {

  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
      .withZone(ZoneOffset.UTC);

  private UtcMinute() {}

  public static String format(Instant at) {
    return FORMAT.format(at);
  }
}
