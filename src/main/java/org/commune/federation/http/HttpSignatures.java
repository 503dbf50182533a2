package org.commune.federation.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * HTTP Signatures as the Fediverse uses them: draft-cavage-http-signatures-12 with {@code rsa-sha256}
 * (and {@code hs2019}, which means the same with an RSA key) and a {@code Digest: SHA-256=} of the body.
 * Signing covers {@code (request-target) host date digest} for a POST and {@code (request-target) host
 * date} for a GET, as Mastodon expects. Verification refuses a Date more than an hour off, a signature
 * older than twelve hours, a missing or wrong digest, and a signature that does not cover what it must.
 */
public final class HttpSignatures {

  public static final Duration MAX_SKEW = Duration.ofHours(1);
  public static final Duration MAX_AGE = Duration.ofHours(12);

  private static final DateTimeFormatter HTTP_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH).withZone(ZoneOffset.UTC);
  private static final Pattern PARAMETER = Pattern.compile("\\s*([a-zA-Z]+)\\s*=\\s*(?:\"([^\"]*)\"|([0-9]+))\\s*(?:,|$)");

  private HttpSignatures() {}

  /** A parsed draft-cavage {@code Signature} header, not yet verified. */
  public record Cavage(String keyId, String algorithm, List<String> headers, byte[] signature,
      @Nullable Long created, @Nullable Long expires) {}

  public static String httpDate(Instant instant) {
    return HTTP_DATE.format(instant);
  }

  public static String digest(byte[] body) {
    return "SHA-256=" + Base64.getEncoder().encodeToString(sha256(body));
  }

  /**
   * The headers that make a request signed: Host, Date, Digest (with a body) and Signature. The caller
   * sends them as they are and the body byte for byte.
   */
  public static Map<String, String> sign(String method, URI uri, byte @Nullable [] body, String keyId,
      PrivateKey key, Instant now) {
    Map<String, String> headers = new LinkedHashMap<>();
    String host = uri.getPort() == -1 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    headers.put("Host", host);
    headers.put("Date", httpDate(now));
    List<String> covered = new ArrayList<>(List.of("(request-target)", "host", "date"));
    if (body != null) {
      headers.put("Digest", digest(body));
      covered.add("digest");
    }
    String target = method.toLowerCase(Locale.ROOT) + " " + pathAndQuery(uri);
    StringBuilder text = new StringBuilder();
    for (String name : covered) {
      if (!text.isEmpty()) {
        text.append('\n');
      }
      text.append(name).append(": ").append(name.equals("(request-target)") ? target : headers.get(capitalised(name)));
    }
    byte[] signature = rsaSign(key, text.toString().getBytes(StandardCharsets.UTF_8));
    headers.put("Signature", "keyId=\"" + keyId + "\",algorithm=\"rsa-sha256\",headers=\"" + String.join(" ", covered)
        + "\",signature=\"" + Base64.getEncoder().encodeToString(signature) + "\"");
    return headers;
  }

  public static String pathAndQuery(URI uri) {
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
  }

  private static String capitalised(String name) {
    return Character.toUpperCase(name.charAt(0)) + name.substring(1);
  }

  /** Parses the {@code Signature} header (draft-cavage); refuses what is not one. */
  public static Cavage parseCavage(String header) throws SignatureRefused {
    Map<String, String> parameters = new LinkedHashMap<>();
    Matcher matcher = PARAMETER.matcher(header);
    int end = 0;
    while (matcher.find() && matcher.start() == end) {
      parameters.putIfAbsent(matcher.group(1).toLowerCase(Locale.ROOT),
          matcher.group(2) != null ? matcher.group(2) : matcher.group(3));
      end = matcher.end();
    }
    if (end != header.length() || !parameters.containsKey("keyid") || !parameters.containsKey("signature")) {
      throw new SignatureRefused(SignatureRefused.Reason.MALFORMED, "not a draft-cavage Signature header");
    }
    String algorithm = parameters.getOrDefault("algorithm", "hs2019").toLowerCase(Locale.ROOT);
    if (!algorithm.equals("rsa-sha256") && !algorithm.equals("hs2019")) {
      throw new SignatureRefused(SignatureRefused.Reason.ALGORITHM, "algorithm " + algorithm);
    }
    List<String> headers = List.of(parameters.getOrDefault("headers", "date").toLowerCase(Locale.ROOT).trim().split("\\s+"));
    byte[] signature;
    try {
      signature = Base64.getDecoder().decode(parameters.get("signature"));
    } catch (IllegalArgumentException e) {
      throw new SignatureRefused(SignatureRefused.Reason.MALFORMED, "signature is not base64");
    }
    return new Cavage(parameters.get("keyid"), algorithm, headers, signature, number(parameters.get("created")),
        number(parameters.get("expires")));
  }

  private static @Nullable Long number(@Nullable String value) throws SignatureRefused {
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new SignatureRefused(SignatureRefused.Reason.MALFORMED, "created or expires is not a number");
    }
  }

  /**
   * Checks everything about a draft-cavage signed request except who owns the key: which headers the
   * signature covers, time, digest, and the RSA signature itself with the given key.
   */
  public static void verifyCavage(InboundRequest request, Cavage signature, PublicKey key, Instant now)
      throws SignatureRefused {
    checkCavage(request, signature, now);
    if (!cavageMatches(request, signature, key)) {
      throw new SignatureRefused(SignatureRefused.Reason.BAD_SIGNATURE, "the signature does not match");
    }
  }

  /**
   * The cheap checks, made before any key is fetched: the signature covers what it must, its time is
   * acceptable, the body matches its digest.
   */
  public static void checkCavage(InboundRequest request, Cavage signature, Instant now) throws SignatureRefused {
    List<String> covered = signature.headers();
    boolean hasBody = request.body().length > 0 || !request.method().equalsIgnoreCase("GET");
    for (String required : hasBody ? List.of("(request-target)", "host", "digest") : List.of("(request-target)", "host")) {
      if (!covered.contains(required)) {
        throw new SignatureRefused(SignatureRefused.Reason.HEADERS_MISSING, "the signature does not cover " + required);
      }
    }
    if (!covered.contains("date") && !covered.contains("(created)")) {
      throw new SignatureRefused(SignatureRefused.Reason.HEADERS_MISSING, "the signature covers no date");
    }
    checkTime(request, signature, now);
    if (hasBody) {
      checkDigest(request);
    }
    signingText(request, signature);
  }

  /** Whether the RSA signature over the covered headers is the given key's (after {@link #checkCavage}). */
  public static boolean cavageMatches(InboundRequest request, Cavage signature, PublicKey key) throws SignatureRefused {
    return rsaVerify(key, signingText(request, signature), signature.signature());
  }

  private static byte[] signingText(InboundRequest request, Cavage signature) throws SignatureRefused {
    StringBuilder text = new StringBuilder();
    for (String name : signature.headers()) {
      if (!text.isEmpty()) {
        text.append('\n');
      }
      String value = switch (name) {
        case "(request-target)" -> request.method().toLowerCase(Locale.ROOT) + " " + request.pathAndQuery();
        case "(created)" -> signature.created() == null ? null : String.valueOf(signature.created());
        case "(expires)" -> signature.expires() == null ? null : String.valueOf(signature.expires());
        default -> request.header(name);
      };
      if (value == null) {
        throw new SignatureRefused(SignatureRefused.Reason.HEADERS_MISSING, "the request lacks the signed " + name);
      }
      text.append(name).append(": ").append(value);
    }
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Judges the time the signature vouches for: {@code created} and {@code expires} count only when the
   * signature covers them; a parameter beside an uncovered one is anyone's to add, and would make an old
   * signature young again or stretch its window.
   */
  private static void checkTime(InboundRequest request, Cavage signature, Instant now) throws SignatureRefused {
    List<String> covered = signature.headers();
    Long created = covered.contains("(created)") ? signature.created() : null;
    Long expires = covered.contains("(expires)") ? signature.expires() : null;
    Instant signedAt = created != null ? Instant.ofEpochSecond(created) : dateHeader(request);
    checkAge(signedAt, expires == null ? null : Instant.ofEpochSecond(expires), now);
  }

  /** The request's Date header as an instant; refuses a missing or malformed one. */
  static Instant dateHeader(InboundRequest request) throws SignatureRefused {
    String date = request.header("date");
    if (date == null) {
      throw new SignatureRefused(SignatureRefused.Reason.HEADERS_MISSING, "no Date header");
    }
    try {
      return Instant.from(DateTimeFormatter.RFC_1123_DATE_TIME.parse(date.trim()));
    } catch (DateTimeParseException e) {
      throw new SignatureRefused(SignatureRefused.Reason.MALFORMED, "Date is not an HTTP date");
    }
  }

  /** A signature made more than {@link #MAX_SKEW} in the future, or older than {@link #MAX_AGE}, or expired. */
  public static void checkAge(Instant signedAt, @Nullable Instant expires, Instant now) throws SignatureRefused {
    if (signedAt.isAfter(now.plus(MAX_SKEW))) {
      throw new SignatureRefused(SignatureRefused.Reason.DATE_SKEW, "signed in the future");
    }
    if (signedAt.isBefore(now.minus(MAX_AGE)) || (expires != null && expires.isBefore(now))) {
      throw new SignatureRefused(SignatureRefused.Reason.EXPIRED, "the signature has expired");
    }
    if (signedAt.isBefore(now.minus(MAX_SKEW)) && expires == null) {
      // Mastodon's rule for the Date header: more than an hour off either way is refused.
      throw new SignatureRefused(SignatureRefused.Reason.DATE_SKEW, "the Date is more than an hour off");
    }
  }

  /** The body's SHA-256 must be the one the Digest header names (RFC 3230; RFC 9530 Content-Digest too). */
  public static void checkDigest(InboundRequest request) throws SignatureRefused {
    String digest = request.header("digest");
    String contentDigest = request.header("content-digest");
    String expected = Base64.getEncoder().encodeToString(sha256(request.body()));
    if (digest != null) {
      for (String part : digest.split(",")) {
        String trimmed = part.trim();
        int equals = trimmed.indexOf('=');
        if (equals > 0 && trimmed.substring(0, equals).equalsIgnoreCase("SHA-256")) {
          if (MessageDigest.isEqual(trimmed.substring(equals + 1).getBytes(StandardCharsets.US_ASCII),
              expected.getBytes(StandardCharsets.US_ASCII))) {
            return;
          }
          throw new SignatureRefused(SignatureRefused.Reason.DIGEST_MISMATCH, "the body does not match its Digest");
        }
      }
      // The Digest is what a draft-cavage signature covers: an uncovered Content-Digest must not stand in for it.
      throw new SignatureRefused(SignatureRefused.Reason.DIGEST_MISSING, "the Digest has no SHA-256");
    }
    if (contentDigest != null) {
      checkContentDigest(request);
      return;
    }
    throw new SignatureRefused(SignatureRefused.Reason.DIGEST_MISSING, "no SHA-256 digest of the body");
  }

  /**
   * The body must match its RFC 9530 Content-Digest: every {@code sha-256} or {@code sha-512} it names
   * (at least one), as byte sequences; other algorithms are ignored, as the RFC allows.
   */
  public static void checkContentDigest(InboundRequest request) throws SignatureRefused {
    String header = request.header("content-digest");
    if (header == null) {
      throw new SignatureRefused(SignatureRefused.Reason.DIGEST_MISSING, "no Content-Digest");
    }
    Map<String, Object> digests;
    try {
      digests = StructuredFields.dictionary(header);
    } catch (IllegalArgumentException e) {
      throw new SignatureRefused(SignatureRefused.Reason.MALFORMED, "Content-Digest is not a structured dictionary");
    }
    boolean checked = false;
    for (String algorithm : List.of("sha-256", "sha-512")) {
      Object member = digests.get(algorithm);
      if (member == null) {
        continue;
      }
      if (!(member instanceof StructuredFields.Item item) || !(item.value() instanceof byte[] claimed)) {
        throw new SignatureRefused(SignatureRefused.Reason.MALFORMED, "Content-Digest holds no bytes for " + algorithm);
      }
      if (!MessageDigest.isEqual(claimed, digest(algorithm.equals("sha-256") ? "SHA-256" : "SHA-512", request.body()))) {
        throw new SignatureRefused(SignatureRefused.Reason.DIGEST_MISMATCH, "the body does not match its Content-Digest");
      }
      checked = true;
    }
    if (!checked) {
      throw new SignatureRefused(SignatureRefused.Reason.DIGEST_MISSING, "no sha-256 or sha-512 Content-Digest");
    }
  }

  private static byte[] digest(String algorithm, byte[] bytes) {
    try {
      return MessageDigest.getInstance(algorithm).digest(bytes);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static byte[] sha256(byte[] bytes) {
    return digest("SHA-256", bytes);
  }

  public static byte[] rsaSign(PrivateKey key, byte[] text) {
    try {
      Signature signer = Signature.getInstance("SHA256withRSA");
      signer.initSign(key);
      signer.update(text);
      return signer.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("RSA signing failed", e);
    }
  }

  public static boolean rsaVerify(PublicKey key, byte[] text, byte[] signature) {
    try {
      Signature verifier = Signature.getInstance("SHA256withRSA");
      verifier.initVerify(key);
      verifier.update(text);
      return verifier.verify(signature);
    } catch (GeneralSecurityException | RuntimeException e) {
      return false;
    }
  }
}
