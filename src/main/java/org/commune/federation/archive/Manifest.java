package org.commune.federation.archive;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.commune.web.Json;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * The archive's table of contents, signed as the exact bytes of {@code manifest.json}: where it comes from,
 * when it was made, the two public keys (the actor's RSA key that signs the manifest, the log's Ed25519 key
 * that signs checkpoints) and every other file with its SHA-256 and size.
 */
record Manifest(String format, String origin, String actor, String createdAt, String actorPublicKeyPem,
    String actorKeyFingerprint, String logPublicKey, String logKeyFingerprint, List<Entry> files) {

  static final String FORMAT = "commune-archive-1";

  record Entry(String path, String sha256, long size) {}

  byte[] toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("format", format);
    json.put("origin", origin);
    json.put("actor", actor);
    json.put("createdAt", createdAt);
    json.put("actorPublicKeyPem", actorPublicKeyPem);
    json.put("actorKeyFingerprint", actorKeyFingerprint);
    json.put("logPublicKey", logPublicKey);
    json.put("logKeyFingerprint", logKeyFingerprint);
    json.put("files", files.stream().map(f -> {
      Map<String, Object> file = new LinkedHashMap<>();
      file.put("path", f.path());
      file.put("sha256", f.sha256());
      file.put("size", f.size());
      return file;
    }).toList());
    return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(json);
  }

  /** Reads a manifest field by field: a field of the wrong type refuses the archive rather than defaulting. */
  static Manifest parse(byte[] bytes) throws ArchiveRefused {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(bytes);
    } catch (JacksonException e) {
      throw new ArchiveRefused("manifest.json is not JSON");
    }
    if (root == null || !root.isObject()) {
      throw new ArchiveRefused("manifest.json is not a JSON object");
    }
    String format = text(root, "format");
    if (!FORMAT.equals(format)) {
      throw new ArchiveRefused("manifest.json: unknown format " + format + " (expected " + FORMAT + ")");
    }
    JsonNode files = root.get("files");
    if (files == null || !files.isArray()) {
      throw new ArchiveRefused("manifest.json: files is not a list");
    }
    List<Entry> entries = new ArrayList<>();
    for (JsonNode file : files) {
      if (!file.isObject()) {
        throw new ArchiveRefused("manifest.json: a file entry is not an object");
      }
      JsonNode size = file.get("size");
      if (size == null || !size.isIntegralNumber() || size.asLong() < 0) {
        throw new ArchiveRefused("manifest.json: a file's size is not a whole number");
      }
      String sha = text(file, "sha256");
      if (!sha.matches("[0-9a-f]{64}")) {
        throw new ArchiveRefused("manifest.json: a file's sha256 is not 64 hex digits");
      }
      entries.add(new Entry(text(file, "path"), sha, size.asLong()));
    }
    return new Manifest(format, text(root, "origin"), text(root, "actor"), text(root, "createdAt"),
        text(root, "actorPublicKeyPem"), text(root, "actorKeyFingerprint"), text(root, "logPublicKey"),
        text(root, "logKeyFingerprint"), List.copyOf(entries));
  }

  private static String text(JsonNode node, String field) throws ArchiveRefused {
    JsonNode value = node.get(field);
    if (value == null || !value.isString()) {
      throw new ArchiveRefused("manifest.json: " + field + " is missing or not text");
    }
    return value.asString();
  }
}
