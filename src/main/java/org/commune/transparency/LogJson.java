package org.commune.transparency;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON shapes of the log's public API ({@code /api/log/*}, docs/transparency-log.md), in one place for
 * every server of a log: Commune itself and whoever re-serves a copy (the archive server), so that
 * {@code verify-log} reads them all alike. Hashes and signatures are base64.
 */
public final class LogJson {

  private static final Base64.Encoder B64 = Base64.getEncoder();

  private LogJson() {}

  public static Map<String, Object> publicKey(byte[] key) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("algorithm", "Ed25519");
    body.put("publicKey", B64.encodeToString(key));
    body.put("fingerprint", LogSignatures.fingerprint(key));
    return body;
  }

  public static Map<String, Object> checkpoint(Checkpoint c) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("treeSize", c.treeSize());
    body.put("rootHash", B64.encodeToString(c.rootHash()));
    body.put("issuedAt", c.issuedAt().getEpochSecond());
    body.put("signature", B64.encodeToString(c.signature()));
    return body;
  }

  public static Map<String, Object> leaf(LogLeaf leaf) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("index", leaf.index());
    body.put("leaf", leaf.leaf());
    return body;
  }
}
