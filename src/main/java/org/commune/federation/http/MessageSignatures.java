package org.commune.federation.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.commune.federation.http.SignatureRefused.Reason;
import org.commune.federation.http.StructuredFields.InnerList;
import org.commune.federation.http.StructuredFields.Item;
import org.jspecify.annotations.Nullable;

/**
 * HTTP Message Signatures (RFC 9421) as Mastodon 4.5 speaks them: {@code rsa-v1_5-sha256}, a
 * {@code Signature-Input} naming the covered components and {@code created}/{@code expires}/{@code keyid},
 * a {@code Signature} with the bytes, and the body in an RFC 9530 {@code Content-Digest}. The same time
 * rules as draft-cavage ({@link HttpSignatures#checkAge}). Component parameters ({@code ;sf}, {@code ;req},
 * {@code ;name=}…) are refused: nothing Commune talks to needs them, and each is a way to make two
 * different messages share a signature base.
 */
public final class MessageSignatures {

  public static final String ALGORITHM = "rsa-v1_5-sha256";
  private static final String LABEL = "sig1";
  private static final Set<String> DERIVED = Set.of("@method", "@target-uri", "@authority", "@scheme",
      "@request-target", "@path", "@query");

  private MessageSignatures() {}

  /** One signature from the headers, not yet verified. */
  public record Parsed(String label, List<String> components, String keyId, @Nullable Long created,
      @Nullable Long expires, String signatureParams, byte[] signature) {}

  /** Whether the request carries an RFC 9421 signature (rather than a draft-cavage one). */
  public static boolean present(InboundRequest request) {
    return request.header("signature-input") != null;
  }

  /** The first signature whose input has a key id and whose bytes are there; refuses what is malformed. */
  public static Parsed parse(InboundRequest request) throws SignatureRefused {
    String input = request.header("signature-input");
    String signature = request.header("signature");
    if (input == null) {
      throw new SignatureRefused(Reason.UNSIGNED, "no Signature-Input header");
    }
    if (signature == null) {
      throw new SignatureRefused(Reason.MALFORMED, "a Signature-Input without a Signature");
    }
    Map<String, Object> inputs;
    Map<String, Object> signatures;
    try {
      inputs = StructuredFields.dictionary(input);
      signatures = StructuredFields.dictionary(signature);
    } catch (IllegalArgumentException e) {
      throw new SignatureRefused(Reason.MALFORMED, "Signature-Input or Signature is not a structured dictionary");
    }
    for (Map.Entry<String, Object> entry : inputs.entrySet()) {
      if (entry.getValue() instanceof InnerList list && list.parameters().get("keyid") instanceof String keyId
          && signatures.get(entry.getKey()) instanceof Item item && item.value() instanceof byte[] bytes) {
        return parsed(entry.getKey(), list, keyId, bytes);
      }
    }
    throw new SignatureRefused(Reason.MALFORMED, "no signature with a key id");
  }

  private static Parsed parsed(String label, InnerList list, String keyId, byte[] bytes) throws SignatureRefused {
    Object algorithm = list.parameters().get("alg");
    if (algorithm != null && !ALGORITHM.equals(algorithm)) {
      throw new SignatureRefused(Reason.ALGORITHM, "only " + ALGORITHM);
    }
    List<String> components = new ArrayList<>();
    for (Item item : list.items()) {
      if (!(item.value() instanceof String name) || !item.parameters().isEmpty()) {
        throw new SignatureRefused(Reason.MALFORMED, "a component that is not a plain name");
      }
      if (!name.equals(name.toLowerCase(Locale.ROOT)) || name.startsWith("@") && !DERIVED.contains(name)
          || components.contains(name)) {
        throw new SignatureRefused(Reason.MALFORMED, "an unknown or repeated component");
      }
      components.add(name);
    }
    return new Parsed(label, List.copyOf(components), keyId, number(list, "created"), number(list, "expires"),
        StructuredFields.serialise(list), bytes);
  }

  private static @Nullable Long number(InnerList list, String name) throws SignatureRefused {
    Object value = list.parameters().get(name);
    if (value == null || value instanceof Long) {
      return (Long) value;
    }
    throw new SignatureRefused(Reason.MALFORMED, name + " is not an integer");
  }

  /**
   * The checks made before any key is fetched: the signature covers the method, the target and (with a
   * body) the Content-Digest; its time is acceptable; the body matches the digest.
   */
  public static void check(InboundRequest request, Parsed signature, Instant now) throws SignatureRefused {
    List<String> covered = signature.components();
    boolean target = covered.contains("@target-uri") || covered.contains("@authority")
        && (covered.contains("@request-target") || covered.contains("@path") && (covered.contains("@query")
        || !request.pathAndQuery().contains("?")));
    if (!covered.contains("@method") || !target) {
      throw new SignatureRefused(Reason.HEADERS_MISSING, "the signature does not cover the method and the target");
    }
    boolean hasBody = request.body().length > 0 || !request.method().equalsIgnoreCase("GET");
    if (hasBody && !covered.contains("content-digest")) {
      throw new SignatureRefused(Reason.HEADERS_MISSING, "the signature does not cover content-digest");
    }
    Instant signedAt;
    if (signature.created() != null) {
      signedAt = Instant.ofEpochSecond(signature.created());
    } else if (covered.contains("date")) {
      signedAt = HttpSignatures.dateHeader(request);
    } else {
      throw new SignatureRefused(Reason.HEADERS_MISSING, "the signature has no created time and covers no date");
    }
    HttpSignatures.checkAge(signedAt, signature.expires() == null ? null : Instant.ofEpochSecond(signature.expires()), now);
    if (hasBody) {
      HttpSignatures.checkContentDigest(request);
    }
  }

  /** Whether the RSA signature over the signature base is the key's; {@code scheme} is how Commune is reached. */
  public static boolean matches(InboundRequest request, Parsed signature, String scheme, PublicKey key)
      throws SignatureRefused {
    return HttpSignatures.rsaVerify(key, base(request, signature, scheme), signature.signature());
  }

  static byte[] base(InboundRequest request, Parsed signature, String scheme) throws SignatureRefused {
    String authority = request.header("host");
    if (authority == null) {
      throw new SignatureRefused(Reason.HEADERS_MISSING, "no Host header");
    }
    authority = authority.toLowerCase(Locale.ROOT);
    String pathAndQuery = request.pathAndQuery();
    int question = pathAndQuery.indexOf('?');
    Map<String, String> values = new LinkedHashMap<>();
    for (String name : signature.components()) {
      String value = switch (name) {
        case "@method" -> request.method().toUpperCase(Locale.ROOT);
        case "@target-uri" -> scheme + "://" + authority + pathAndQuery;
        case "@authority" -> authority;
        case "@scheme" -> scheme;
        case "@request-target" -> pathAndQuery;
        case "@path" -> question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        case "@query" -> question < 0 ? "?" : pathAndQuery.substring(question);
        default -> request.header(name);
      };
      if (value == null) {
        throw new SignatureRefused(Reason.HEADERS_MISSING, "the request lacks the signed " + name);
      }
      values.put(name, value);
    }
    return text(values, signature.signatureParams());
  }

  private static byte[] text(Map<String, String> values, String signatureParams) throws SignatureRefused {
    StringBuilder text = new StringBuilder();
    for (Map.Entry<String, String> entry : values.entrySet()) {
      if (entry.getValue().indexOf('\n') >= 0 || entry.getValue().indexOf('\r') >= 0) {
        throw new SignatureRefused(Reason.MALFORMED, "a component value with a line break");
      }
      text.append(StructuredFields.string(entry.getKey())).append(": ").append(entry.getValue()).append('\n');
    }
    text.append("\"@signature-params\": ").append(signatureParams);
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Signs a request as Mastodon 4.5 does: {@code ("@method" "@target-uri")} plus {@code "content-digest"}
   * with a body, {@code created}, {@code keyid} and {@code alg}. Returns the headers to send (Host, Date
   * and, with a body, Content-Digest; then Signature-Input and Signature).
   */
  public static Map<String, String> sign(String method, URI uri, byte @Nullable [] body, String keyId, PrivateKey key,
      Instant now) {
    Map<String, String> headers = new LinkedHashMap<>();
    String authority = uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    headers.put("Host", authority);
    headers.put("Date", HttpSignatures.httpDate(now));
    List<Item> components = new ArrayList<>(List.of(new Item("@method", Map.of()), new Item("@target-uri", Map.of())));
    Map<String, String> values = new LinkedHashMap<>();
    values.put("@method", method.toUpperCase(Locale.ROOT));
    values.put("@target-uri", uri.getScheme().toLowerCase(Locale.ROOT) + "://" + authority.toLowerCase(Locale.ROOT)
        + HttpSignatures.pathAndQuery(uri));
    if (body != null) {
      String digest = contentDigest(body);
      headers.put("Content-Digest", digest);
      components.add(new Item("content-digest", Map.of()));
      values.put("content-digest", digest);
    }
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("created", now.getEpochSecond());
    parameters.put("keyid", keyId);
    parameters.put("alg", ALGORITHM);
    String signatureParams = StructuredFields.serialise(new InnerList(components, parameters));
    byte[] signature;
    try {
      signature = HttpSignatures.rsaSign(key, text(values, signatureParams));
    } catch (SignatureRefused e) {
      throw new IllegalArgumentException("the URL holds a line break", e);
    }
    headers.put("Signature-Input", LABEL + "=" + signatureParams);
    headers.put("Signature", LABEL + "=:" + Base64.getEncoder().encodeToString(signature) + ":");
    return headers;
  }

  /** {@code sha-256=:…:} of the body (RFC 9530). */
  public static String contentDigest(byte[] body) {
    return "sha-256=:" + Base64.getEncoder().encodeToString(HttpSignatures.sha256(body)) + ":";
  }
}
