package org.commune.federation.survival;

import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.UUID;
import org.commune.transparency.LogSignatures;
import org.jspecify.annotations.Nullable;

/**
 * An allied Commune, adopted by the members' vote ({@code adoptedBy} is that proposal), with its log key
 * (Ed25519) and actor key (RSA), both pinned from the proposal the members voted on.
 */
public record Ally(String host, String url, byte[] logKey, byte[] actorKey, UUID adoptedBy, Instant adoptedAt,
    @Nullable Instant endedAt, @Nullable Instant lastSyncAt, @Nullable String lastSyncStatus,
    @Nullable Instant lastOkAt) {

  public boolean active() {
    return endedAt == null;
  }

  public String logKeyFingerprint() {
    return LogSignatures.fingerprint(logKey);
  }

  public String actorKeyFingerprint() {
    return LogSignatures.fingerprint(actorKey);
  }

  static PublicKey rsaKey(byte[] x509) throws GeneralSecurityException {
    return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(x509));
  }

  PublicKey actorPublicKey() {
    try {
      return rsaKey(actorKey);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the pinned actor key of " + host + " is not an RSA key", e);
    }
  }

  /** Where the ally's own pages are (the mirror's canonical links point there). */
  public String origin(String path) {
    return url + path;
  }

  /** The host (with its port when not the default) of an http(s) URL: the key of an ally and its mirror. */
  public static String hostOf(String url) {
    URI uri = URI.create(url);
    return uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
  }
}
