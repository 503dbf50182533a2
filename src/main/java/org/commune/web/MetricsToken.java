package org.commune.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The bearer token a Prometheus scraper must send for {@code /actuator/prometheus}. Loopback alone is
 * not enough: a reverse proxy on the same host that forwards without adding headers would make
 * every request look local. The token comes from {@code COMMUNE_METRICS_TOKEN}, or is made on first
 * start in {@code keys/metrics.token} (owner-only) for the machine's own scraper to read.
 */
@Component
public class MetricsToken {

  static final String FILE = "metrics.token";

  private final byte[] token;

  MetricsToken(@Value("${commune.metrics.token:}") String configured, @Value("${commune.data-dir}") String dataDir) {
    this.token = (configured.isBlank() ? loadOrCreate(Path.of(dataDir, "keys", FILE)) : configured.strip())
        .getBytes(StandardCharsets.UTF_8);
  }

  private static String loadOrCreate(Path file) {
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
      }
      Files.createDirectories(file.getParent());
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      String fresh = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
      Files.writeString(file, fresh + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // Not a POSIX file system.
      }
      return fresh;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read or write the metrics token " + file, e);
    }
  }

  /** Whether the request's {@code Authorization: Bearer …} carries the token (constant-time compare). */
  public boolean presentIn(@Nullable String authorization) {
    if (authorization == null || !authorization.startsWith("Bearer ")) {
      return false;
    }
    return MessageDigest.isEqual(token, authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8));
  }
}
