package org.commune.federation.archive;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.commune.transparency.Checkpoint;
import org.commune.transparency.HeldLog;
import org.commune.transparency.LogLeaf;
import org.commune.transparency.LogJson;
import org.commune.web.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The log's three files in an archive, in the JSON shapes of the server's {@code /api/log/*} (so the archive
 * server hands them out as they are stored): the public key, one entry per line with its exact leaf text,
 * and every signed checkpoint.
 */
final class LogFiles {

  private static final Base64.Decoder B64D = Base64.getDecoder();

  private LogFiles() {}

  static byte[] key(byte[] key) {
    return Json.MAPPER.writeValueAsBytes(LogJson.publicKey(key));
  }

  static byte[] entries(List<LogLeaf> leaves) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (LogLeaf leaf : leaves) {
      out.writeBytes(Json.MAPPER.writeValueAsBytes(LogJson.leaf(leaf)));
      out.write('\n');
    }
    return out.toByteArray();
  }

  static byte[] checkpoints(List<Checkpoint> checkpoints) {
    return Json.MAPPER.writeValueAsBytes(Map.of("checkpoints", checkpoints.stream().map(LogJson::checkpoint).toList()));
  }

  /** The log held in an archive's files, read field by field. */
  static HeldLog read(Map<String, byte[]> files) throws ArchiveRefused {
    byte[] keyFile = require(files, Archive.LOG_KEY);
    byte[] key = base64(object(keyFile, Archive.LOG_KEY), "publicKey", Archive.LOG_KEY);
    List<LogLeaf> leaves = new ArrayList<>();
    String text = new String(require(files, Archive.LOG_ENTRIES), StandardCharsets.UTF_8);
    int line = 0;
    for (String row : text.split("\n")) {
      line++;
      if (row.isEmpty()) {
        continue;
      }
      JsonNode entry = object(row.getBytes(StandardCharsets.UTF_8), Archive.LOG_ENTRIES + " line " + line);
      JsonNode index = entry.get("index");
      JsonNode leaf = entry.get("leaf");
      if (index == null || !index.isIntegralNumber() || leaf == null || !leaf.isString()) {
        throw new ArchiveRefused(Archive.LOG_ENTRIES + " line " + line + ": not an {index, leaf} entry");
      }
      leaves.add(new LogLeaf(index.asLong(), leaf.asString()));
    }
    JsonNode list = object(require(files, Archive.LOG_CHECKPOINTS), Archive.LOG_CHECKPOINTS).get("checkpoints");
    if (list == null || !list.isArray()) {
      throw new ArchiveRefused(Archive.LOG_CHECKPOINTS + ": checkpoints is not a list");
    }
    List<Checkpoint> checkpoints = new ArrayList<>();
    for (JsonNode c : list) {
      JsonNode size = c.get("treeSize");
      JsonNode issued = c.get("issuedAt");
      if (!c.isObject() || size == null || !size.isIntegralNumber() || issued == null || !issued.isIntegralNumber()) {
        throw new ArchiveRefused(Archive.LOG_CHECKPOINTS + ": a checkpoint lacks its tree size or time");
      }
      checkpoints.add(new Checkpoint(size.asLong(), base64(c, "rootHash", Archive.LOG_CHECKPOINTS),
          Instant.ofEpochSecond(issued.asLong()), base64(c, "signature", Archive.LOG_CHECKPOINTS)));
    }
    return new HeldLog(key, leaves, checkpoints);
  }

  private static byte[] require(Map<String, byte[]> files, String path) throws ArchiveRefused {
    byte[] bytes = files.get(path);
    if (bytes == null) {
      throw new ArchiveRefused("the archive holds no " + path);
    }
    return bytes;
  }

  static JsonNode object(byte[] bytes, String where) throws ArchiveRefused {
    try {
      JsonNode node = Json.MAPPER.readTree(bytes);
      if (node == null || !node.isObject()) {
        throw new ArchiveRefused(where + " is not a JSON object");
      }
      return node;
    } catch (JacksonException e) {
      throw new ArchiveRefused(where + " is not JSON");
    }
  }

  private static byte[] base64(JsonNode node, String field, String where) throws ArchiveRefused {
    JsonNode value = node.get(field);
    if (value == null || !value.isString()) {
      throw new ArchiveRefused(where + ": " + field + " is missing or not text");
    }
    try {
      return B64D.decode(value.asString());
    } catch (IllegalArgumentException e) {
      throw new ArchiveRefused(where + ": " + field + " is not base64");
    }
  }
}
