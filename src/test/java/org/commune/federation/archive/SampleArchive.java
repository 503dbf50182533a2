package org.commune.federation.archive;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.commune.federation.http.ActorKeys;
import org.commune.transparency.Checkpoint;
import org.commune.transparency.LogLeaf;
import org.commune.transparency.merkle.MerkleTree;
import org.commune.transparency.merkle.Rfc9162;
import org.commune.web.Json;

/** An archive as {@code ./commune archive} writes it, with a real signed log, built without a database. */
final class SampleArchive {

  static final KeyPair ACTOR = ActorKeys.generate();
  static final KeyPair OTHER_ACTOR = ActorKeys.generate();
  static final KeyPair LOG_KEY = ed25519();
  static final String ARTICLE = "articles/7a1c8a5e-0b8e-4c1e-9d5a-2f4f3b6a9c01.json";

  final SortedMap<String, byte[]> files = new TreeMap<>();
  final List<LogLeaf> leaves = new ArrayList<>();
  final List<Checkpoint> checkpoints = new ArrayList<>();

  SampleArchive() throws Exception {
    MerkleTree tree = new MerkleTree();
    for (int i = 0; i < 5; i++) {
      String leaf = "{\"type\":\"publishing.article.published\",\"at\":\"2026-11-0" + (i + 1) + "T10:00:00Z\",\"n\":" + i + "}";
      leaves.add(new LogLeaf(i, leaf));
      tree.appendLeafHash(Rfc9162.leafHash(leaf.getBytes(StandardCharsets.UTF_8)));
      checkpoints.add(sign(tree.size(), tree.rootHash(tree.size()), Instant.parse("2026-11-01T10:00:00Z").plusSeconds(i)));
    }
    files.put(ARTICLE, Json.MAPPER.writeValueAsBytes(Map.of("id", "7a1c8a5e-0b8e-4c1e-9d5a-2f4f3b6a9c01",
        "url", "https://union.example/articles/7a1c8a5e-0b8e-4c1e-9d5a-2f4f3b6a9c01",
        "languages", Map.of("en", Map.of("current", Map.of("language", "en", "revision", 1, "title", "Strike fund",
            "body", "We **won**.", "publishedAt", "2026-11-01T10:00:00Z", "sourceType", "human"), "revisions", List.of()),
            "ar", Map.of("current", Map.of("language", "ar", "revision", 1, "title", "صندوق الإضراب",
            "body", "لقد فزنا.", "publishedAt", "2026-11-01T10:00:00Z", "sourceType", "human"), "revisions", List.of())))));
    files.put(Archive.ORGANISATION, Json.MAPPER.writeValueAsBytes(Map.of("nameEn", "Printers' Union", "nameAr", "نقابة الطباعين",
        "defaultLanguage", "en", "url", "https://union.example", "actor", "https://union.example/actors/org")));
    writeLog();
  }

  void writeLog() {
    files.put(Archive.LOG_KEY, LogFiles.key(LOG_KEY.getPublic().getEncoded()));
    files.put(Archive.LOG_ENTRIES, LogFiles.entries(leaves));
    files.put(Archive.LOG_CHECKPOINTS, LogFiles.checkpoints(checkpoints));
  }

  static Checkpoint sign(long size, byte[] root, Instant at) throws Exception {
    Signature signature = Signature.getInstance("Ed25519");
    signature.initSign(LOG_KEY.getPrivate());
    signature.update(Checkpoint.signedText(size, root, at));
    return new Checkpoint(size, root, at, signature.sign());
  }

  /** The ZIP signed with this actor key. */
  byte[] zip(KeyPair actor) throws Exception {
    Manifest manifest = Archive.manifest("https://union.example", "https://union.example/actors/org",
        Instant.parse("2026-11-28T12:00:00Z"), actor.getPublic(), LOG_KEY.getPublic().getEncoded(), files);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Archive.write(out, manifest, files, actor.getPrivate());
    return out.toByteArray();
  }

  byte[] zip() throws Exception {
    return zip(ACTOR);
  }

  /** A ZIP holding exactly these entries, as someone editing an archive by hand would write it. */
  static byte[] rezip(Map<String, byte[]> entries) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (Map.Entry<String, byte[]> e : entries.entrySet()) {
        zip.putNextEntry(new ZipEntry(e.getKey()));
        zip.write(e.getValue());
        zip.closeEntry();
      }
    }
    return out.toByteArray();
  }

  private static KeyPair ed25519() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
