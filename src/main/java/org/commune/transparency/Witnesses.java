package org.commune.transparency;

import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * The witness part of {@code verify-log}: the cosignatures the origin lists (each checked against the
 * witness keys the origin names), and the checkpoints an independent witness says it cosigned for this log,
 * which the log must extend (a log shown rewritten or forked to this reader cannot).
 */
final class Witnesses {

  private static final Base64.Decoder B64 = Base64.getDecoder();
  private static final Pattern MIRROR = Pattern.compile("^https?://[^/]+/mirrors/([^/]+)/?$");

  private Witnesses() {}

  /** The host of the log's origin: the URL's own, or the mirrored one for a mirror's address. */
  static String originHost(String url) {
    Matcher mirror = MIRROR.matcher(url);
    if (mirror.matches()) {
      return mirror.group(1);
    }
    URI uri = URI.create(url);
    return uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
  }

  /** Prints what the origin lists; returns how many listed cosignatures did not verify. */
  static int printListed(HttpLogSource source, String base, byte[] logKey) {
    JsonNode witnesses = source.getAbsolute(strip(base) + "/api/log/witnesses");
    JsonNode cosignatures = source.getAbsolute(strip(base) + "/api/log/cosignatures");
    if (witnesses == null || cosignatures == null) {
      System.out.println("Witnesses: this server lists none.");
      return 0;
    }
    Map<String, String> named = new HashMap<>();
    for (JsonNode w : witnesses.path("witnesses")) {
      named.put(w.path("logKey").asString(""), w.path("url").asString(""));
    }
    System.out.println("Witnesses named by the server: " + named.size());
    int invalid = 0;
    for (JsonNode c : cosignatures.path("cosignatures")) {
      String witnessKey = c.path("witnessKey").asString("");
      String who = named.getOrDefault(witnessKey, c.path("witness").asString("?"));
      Cosignature cosignature;
      try {
        cosignature = new Cosignature(B64.decode(witnessKey), logKey, c.path("treeSize").asLong(),
            B64.decode(c.path("rootHash").asString("")), c.path("time").asLong(), B64.decode(c.path("signature").asString("")));
      } catch (IllegalArgumentException malformed) {
        System.out.println("  cosignature by " + who + ": MALFORMED");
        invalid++;
        continue;
      }
      boolean valid = named.containsKey(witnessKey) && cosignature.verifies();
      if (!valid) {
        invalid++;
      }
      System.out.println("  tree size " + cosignature.treeSize() + " cosigned by " + who + " ("
          + LogSignatures.fingerprint(cosignature.witnessKey()) + "): "
          + (valid ? "valid" : named.containsKey(witnessKey) ? "INVALID SIGNATURE" : "NOT A LISTED WITNESS"));
    }
    return invalid;
  }

  /**
   * The checkpoints the witness at {@code witnessUrl} cosigned for the log with this key, each verified with
   * the witness's own key. Throws IllegalStateException when the witness does not witness this log.
   */
  static List<LogVerifier.Remembered> cosignedBy(HttpLogSource source, String witnessUrl, String originHost,
      byte[] logKey) {
    String witness = strip(witnessUrl);
    JsonNode keyDocument = source.getAbsolute(witness + "/api/log/public-key");
    JsonNode list = source.getAbsolute(witness + "/api/witness/" + originHost + "/cosignatures");
    if (keyDocument == null || list == null) {
      throw new IllegalStateException("the witness " + witness + " does not witness " + originHost);
    }
    byte[] witnessKey = B64.decode(keyDocument.path("publicKey").asString(""));
    if (!Arrays.equals(B64.decode(list.path("originKey").asString("")), logKey)) {
      throw new IllegalStateException("the witness " + witness + " witnesses another key for " + originHost
          + ": the log's key is not the one its allies pinned");
    }
    List<LogVerifier.Remembered> cosigned = new ArrayList<>();
    int invalid = 0;
    for (JsonNode c : list.path("cosignatures")) {
      try {
        Cosignature cosignature = new Cosignature(witnessKey, logKey, c.path("treeSize").asLong(),
            B64.decode(c.path("rootHash").asString("")), c.path("time").asLong(), B64.decode(c.path("signature").asString("")));
        if (cosignature.verifies()) {
          cosigned.add(new LogVerifier.Remembered(cosignature.treeSize(), cosignature.rootHash()));
        } else {
          invalid++;
        }
      } catch (IllegalArgumentException malformed) {
        invalid++;
      }
    }
    System.out.println("Witness " + witness + " (" + LogSignatures.fingerprint(witnessKey) + "): " + cosigned.size()
        + " cosigned checkpoints" + (invalid > 0 ? ", " + invalid + " with an invalid signature (ignored)" : ""));
    return cosigned;
  }

  private static String strip(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
