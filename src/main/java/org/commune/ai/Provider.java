package org.commune.ai;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import org.commune.web.Sha256;
import org.jspecify.annotations.Nullable;

/**
 * An OpenAI-compatible server the stewards registered. Calls go to {@code baseUrl} only. The API key,
 * if the server needs one, is read from the named environment variable and never stored; only
 * variables named {@value #KEY_PREFIX}… can be used, so a steward cannot have any other server secret
 * (the database or mail password, the JDK path) sent to an address of their choosing.
 *
 * @param onPremises whether the server runs on the organisation's own machine
 * @param timeoutSeconds how long a call may take before it is recorded as failed (a small model on a
 *     CPU needs tens of seconds; a stalled server must not hold a task forever)
 */
public record Provider(String name, String baseUrl, List<String> models, boolean onPremises,
    @Nullable String apiKeyEnv, int timeoutSeconds) {

  /** The only environment variables a provider's key can come from. */
  public static final String KEY_PREFIX = "COMMUNE_AI_KEY_";

  /** Whether {@code name} may hold a provider's key: the fixed prefix, then capitals, digits and underscores. */
  public static boolean keyVariableAllowed(@Nullable String name) {
    return name != null && name.matches("COMMUNE_AI_KEY_[A-Z0-9_]{1,45}");
  }

  /**
   * The key to send as {@code Authorization: Bearer}, or "none" (llama.cpp and Ollama accept any
   * key; the client library needs one). A stored variable outside the prefix is refused here too (a
   * row written before the rule), and no key leaves over plain HTTP except to this machine.
   */
  public String apiKey() {
    String key = bearer();
    return key == null ? "none" : key;
  }

  /** The real key, or null when there is none or it may not be sent to {@link #baseUrl}. */
  public @Nullable String bearer() {
    if (!keyVariableAllowed(apiKeyEnv) || !keyMayTravelTo(baseUrl)) {
      return null;
    }
    String key = System.getenv(apiKeyEnv);
    if (key == null) {
      // A JVM system property of the same name, for installs that cannot set the environment.
      key = System.getProperty(apiKeyEnv);
    }
    return key == null || key.isBlank() ? null : key;
  }

  /**
   * Whether a key may be sent to {@code url}: over https anywhere, over plain http only to a loopback
   * address written as such (a name is not trusted: DNS can point it anywhere).
   */
  static boolean keyMayTravelTo(String url) {
    try {
      URI uri = new URI(url);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if ("https".equals(scheme)) {
        return true;
      }
      if (!"http".equals(scheme) || uri.getHost() == null) {
        return false;
      }
      String host = uri.getHost().toLowerCase(Locale.ROOT);
      if ("localhost".equals(host)) {
        return true;
      }
      if (host.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}") || host.startsWith("[")) {
        return ModelServerAddress.kind(ModelServerAddress.literal(host)) == ModelServerAddress.Kind.LOOPBACK;
      }
      return false;
    } catch (URISyntaxException | UnknownHostException e) {
      return false;
    }
  }

  /**
   * What a charter pins when it trusts this provider: the SHA-256 of its normalised base URL, its
   * models (sorted) and its key variable. Any change to one of them changes the fingerprint, and the
   * trust the members gave lapses until they vote on the new one.
   */
  public String fingerprint() {
    return fingerprint(baseUrl, models, apiKeyEnv);
  }

  static String fingerprint(String baseUrl, List<String> models, @Nullable String apiKeyEnv) {
    return Sha256.hex("commune-ai-provider-v1\n" + normalised(baseUrl) + "\n"
        + String.join(",", models.stream().sorted().toList()) + "\n" + (apiKeyEnv == null ? "" : apiKeyEnv));
  }

  /** Scheme and host in lower case, no trailing slash: the same server gives the same fingerprint. */
  static String normalised(String url) {
    try {
      URI uri = new URI(url.strip());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
      int port = uri.getPort() != -1 ? uri.getPort() : "https".equals(scheme) ? 443 : 80;
      String path = uri.getRawPath() == null ? "" : uri.getRawPath();
      while (path.endsWith("/")) {
        path = path.substring(0, path.length() - 1);
      }
      return scheme + "://" + host + ":" + port + path;
    } catch (URISyntaxException e) {
      return url.strip();
    }
  }
}
