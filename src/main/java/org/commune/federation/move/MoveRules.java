package org.commune.federation.move;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** What an actor address and a key fingerprint must look like, for the stewards' forms and for the log. */
final class MoveRules {

  private static final Pattern FINGERPRINT = Pattern.compile("([0-9a-f]{2}:){15}[0-9a-f]{2}");

  private MoveRules() {}

  /** The address when it is an absolute http(s) URL with a host and nothing odd; null otherwise. */
  static @Nullable String actorUrl(@Nullable String text) {
    if (text == null || text.length() > 2048) {
      return null;
    }
    try {
      URI uri = new URI(text);
      boolean web = "https".equals(uri.getScheme()) || "http".equals(uri.getScheme());
      if (!web || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null
          || uri.getRawQuery() != null || !text.equals(uri.toASCIIString())) {
        return null;
      }
      return text;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  static @Nullable String fingerprint(@Nullable String text) {
    return text != null && FINGERPRINT.matcher(text).matches() ? text : null;
  }
}
