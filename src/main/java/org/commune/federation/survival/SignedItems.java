package org.commune.federation.survival;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Export items signed with the organisation's actor RSA key, so that a mirror can prove an article came
 * from its origin. The signature covers a domain-separation line and the item's canonical JSON (object
 * keys sorted at every level, no spaces), so it can never pass for an HTTP signature or anything else the
 * same key signs.
 */
public final class SignedItems {

  /** The first line of every signed item text. */
  public static final String DOMAIN = "commune mirror item v1\n";

  private static final JsonMapper CANONICAL =
      JsonMapper.builder().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

  private SignedItems() {}

  /** The canonical JSON of an item built from maps, lists, strings, numbers and booleans. */
  public static String canonical(Map<String, ?> item) {
    return CANONICAL.writeValueAsString(item);
  }

  /** The canonical JSON of an item as it arrived (any key order, any spacing). */
  @SuppressWarnings("unchecked")
  public static String canonical(String json) {
    return canonical((Map<String, Object>) CANONICAL.readValue(json, Map.class));
  }

  static byte[] signedText(String canonical) {
    return (DOMAIN + canonical).getBytes(StandardCharsets.UTF_8);
  }

  public static String sign(String canonical, PrivateKey key) {
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(key);
      rsa.update(signedText(canonical));
      return Base64.getEncoder().encodeToString(rsa.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA signing failed", e);
    }
  }

  /** Whether the signature (base64) is the key's over this canonical item; false for anything malformed. */
  public static boolean verify(String canonical, String signature, PublicKey key) {
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initVerify(key);
      rsa.update(signedText(canonical));
      return rsa.verify(Base64.getDecoder().decode(signature));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }
}
