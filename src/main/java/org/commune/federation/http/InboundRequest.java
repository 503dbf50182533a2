package org.commune.federation.http;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A request another server sent, as its signature covers it: method, path with query exactly as sent,
 * headers (names lower-cased), and the body bytes (already capped by the caller).
 */
public record InboundRequest(String method, String pathAndQuery, Map<String, List<String>> headers, byte[] body) {

  public InboundRequest {
    Map<String, List<String>> lower = new TreeMap<>();
    headers.forEach((name, values) -> lower.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new java.util.ArrayList<>())
        .addAll(values));
    headers = lower;
  }

  /** A header's values joined as HTTP joins repeated fields (", "), or null when absent. */
  public @Nullable String header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? null : String.join(", ", values);
  }
}
