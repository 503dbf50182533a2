package org.commune.federation.survival;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/** An ally's address as members vote on it: http(s), a host, an optional port, nothing else. */
final class AllyUrl {

  private AllyUrl() {}

  /** The normalised base URL (no trailing slash), or empty when it is not one. */
  static Optional<String> normalise(String text) {
    String trimmed = text.strip();
    if (trimmed.isEmpty() || trimmed.length() > 300) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(trimmed);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      String path = uri.getRawPath() == null ? "" : uri.getRawPath();
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getRawUserInfo() != null
          || uri.getRawQuery() != null || uri.getRawFragment() != null || !(path.isEmpty() || path.equals("/"))) {
        return Optional.empty();
      }
      String host = uri.getHost().toLowerCase(Locale.ROOT);
      return Optional.of(scheme + "://" + host + (uri.getPort() == -1 ? "" : ":" + uri.getPort()));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }
}
