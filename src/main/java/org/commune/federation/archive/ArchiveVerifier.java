package org.commune.federation.archive;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.commune.federation.http.ActorKeys;
import org.commune.federation.http.HttpSignatures;
import org.commune.transparency.HeldLog;
import org.commune.transparency.LogSignatures;
import org.commune.transparency.LogVerifier;
import org.commune.transparency.VerificationReport;
import org.jspecify.annotations.Nullable;

/**
 * Checks an archive offline: the manifest's signature against the key it names (or the one the reader pins),
 * every listed file's hash and size, that nothing unlisted rides along, and the log inside with the same
 * verifier {@code verify-log} uses. The first failure refuses the archive with its reason.
 */
final class ArchiveVerifier {

  /** Every inclusion and consistency proof for logs up to this size; a sample beyond. */
  private static final int PROOFS = 1000;

  record Verified(Archive archive, Manifest manifest, String fingerprint, HeldLog log, VerificationReport report) {}

  private ArchiveVerifier() {}

  /** pinnedFingerprint: the actor key's fingerprint the reader expects (colons and case optional), or null. */
  static Verified verify(Archive archive, @Nullable String pinnedFingerprint) throws ArchiveRefused {
    Map<String, byte[]> files = archive.files();
    byte[] manifestBytes = files.get(Archive.MANIFEST);
    byte[] signatureFile = files.get(Archive.SIGNATURE);
    if (manifestBytes == null || signatureFile == null) {
      throw new ArchiveRefused("not a Commune archive: " + Archive.MANIFEST + " or " + Archive.SIGNATURE + " is missing");
    }
    Manifest manifest = Manifest.parse(manifestBytes);
    PublicKey key;
    try {
      key = ActorKeys.parsePem(manifest.actorPublicKeyPem());
    } catch (GeneralSecurityException | RuntimeException e) {
      throw new ArchiveRefused("manifest.json: actorPublicKeyPem is not an RSA public key");
    }
    String fingerprint = LogSignatures.fingerprint(key.getEncoded());
    if (pinnedFingerprint != null && !normalise(pinnedFingerprint).equals(normalise(fingerprint))) {
      throw new ArchiveRefused("signed with key " + fingerprint + ", not the expected key " + pinnedFingerprint);
    }
    byte[] signature;
    try {
      signature = Base64.getDecoder().decode(new String(signatureFile, StandardCharsets.US_ASCII).strip());
    } catch (IllegalArgumentException e) {
      throw new ArchiveRefused(Archive.SIGNATURE + " is not base64");
    }
    if (!HttpSignatures.rsaVerify(key, manifestBytes, signature)) {
      throw new ArchiveRefused("the manifest's signature does not match the key " + fingerprint);
    }
    Set<String> listed = new HashSet<>();
    for (Manifest.Entry entry : manifest.files()) {
      if (!listed.add(entry.path()) || entry.path().equals(Archive.MANIFEST) || entry.path().equals(Archive.SIGNATURE)) {
        throw new ArchiveRefused("manifest.json lists " + Archive.printable(entry.path()) + " twice");
      }
      byte[] bytes = files.get(entry.path());
      if (bytes == null) {
        throw new ArchiveRefused(Archive.printable(entry.path()) + " is listed in the manifest but missing");
      }
      if (bytes.length != entry.size() || !Archive.sha256(bytes).equals(entry.sha256())) {
        throw new ArchiveRefused(Archive.printable(entry.path()) + " was changed: its SHA-256 differs from the manifest's");
      }
    }
    for (String path : files.keySet()) {
      if (!listed.contains(path) && !path.equals(Archive.MANIFEST) && !path.equals(Archive.SIGNATURE)) {
        throw new ArchiveRefused(Archive.printable(path) + " is not listed in the manifest");
      }
    }
    HeldLog log = LogFiles.read(files);
    byte[] logKey;
    try {
      logKey = Base64.getDecoder().decode(manifest.logPublicKey());
    } catch (IllegalArgumentException e) {
      throw new ArchiveRefused("manifest.json: logPublicKey is not base64");
    }
    if (!Arrays.equals(logKey, log.publicKey())) {
      throw new ArchiveRefused("the log's key in " + Archive.LOG_KEY + " is not the one the manifest names");
    }
    VerificationReport report = new LogVerifier(log, PROOFS).verifyAgainst(logKey, List.of());
    if (!report.ok()) {
      throw new ArchiveRefused("the log inside does not verify: " + report.describe());
    }
    return new Verified(archive, manifest, fingerprint, log, report);
  }

  private static String normalise(String fingerprint) {
    return fingerprint.replace(":", "").strip().toLowerCase(Locale.ROOT);
  }

}
