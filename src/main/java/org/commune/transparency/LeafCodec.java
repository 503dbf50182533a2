package org.commune.transparency;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import org.commune.web.Json;
import tools.jackson.core.type.TypeReference;

/**
 * The bytes of a leaf: compact UTF-8 JSON {@code {"v":1,"type":…,"time":…,"data":{…}}}. The text
 * is stored and served exactly as hashed, so nobody has to agree on a canonical form.
 */
final class LeafCodec {

  private LeafCodec() {}

  static String encode(String type, Instant time, Map<String, String> data) {
    Map<String, Object> leaf = new LinkedHashMap<>();
    leaf.put("v", 1);
    leaf.put("type", type);
    leaf.put("time", time.truncatedTo(ChronoUnit.SECONDS).toString());
    leaf.put("data", data);
    return Json.MAPPER.writeValueAsString(leaf);
  }

  static LogEntry decode(long index, String leaf) {
    Map<String, Object> parsed = Json.MAPPER.readValue(leaf, new TypeReference<Map<String, Object>>() {});
    Map<String, String> data = new LinkedHashMap<>();
    if (parsed.get("data") instanceof Map<?, ?> map) {
      map.forEach((k, v) -> data.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
    }
    return new LogEntry(
        index, String.valueOf(parsed.get("type")), Instant.parse(String.valueOf(parsed.get("time"))), data, leaf);
  }
}
