package org.commune.federation.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class HttpSignaturesTest {

  private static final KeyPair KEYS = ActorKeys.generate();
  private static final KeyPair OTHER = ActorKeys.generate();
  private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
  private static final URI INBOX = URI.create("https://example.org/actors/org/inbox");
  private static final byte[] BODY = "{\"type\":\"Follow\"}".getBytes(StandardCharsets.UTF_8);

  private static InboundRequest signedPost(byte[] body, Instant at, KeyPair keys) {
    Map<String, String> headers = HttpSignatures.sign("POST", INBOX, body, "https://peer.example/actor#key", keys.getPrivate(), at);
    Map<String, List<String>> all = new HashMap<>();
    headers.forEach((name, value) -> all.put(name, List.of(value)));
    return new InboundRequest("POST", "/actors/org/inbox", all, body);
  }

  private static void verify(InboundRequest request, KeyPair keys, Instant now) throws SignatureRefused {
    HttpSignatures.verifyCavage(request, HttpSignatures.parseCavage(request.header("signature")), keys.getPublic(), now);
  }

  @Test
  void aSignedPostVerifies() throws Exception {
    verify(signedPost(BODY, NOW, KEYS), KEYS, NOW.plusSeconds(30));
  }

  @Test
  void anotherKeyIsRefused() {
    assertThatThrownBy(() -> verify(signedPost(BODY, NOW, OTHER), KEYS, NOW))
        .isInstanceOfSatisfying(SignatureRefused.class, e -> assertThat(e.reason()).isEqualTo(SignatureRefused.Reason.BAD_SIGNATURE));
  }

  @Test
  void aChangedBodyIsADigestMismatch() {
    InboundRequest signed = signedPost(BODY, NOW, KEYS);
    InboundRequest tampered = new InboundRequest("POST", signed.pathAndQuery(), signed.headers(),
        "{\"type\":\"Delete\"}".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> verify(tampered, KEYS, NOW))
        .isInstanceOfSatisfying(SignatureRefused.class, e -> assertThat(e.reason()).isEqualTo(SignatureRefused.Reason.DIGEST_MISMATCH));
  }

  @Test
  void anOldOrFutureDateIsRefused() {
    assertThatThrownBy(() -> verify(signedPost(BODY, NOW, KEYS), KEYS, NOW.plus(Duration.ofHours(2))))
        .isInstanceOfSatisfying(SignatureRefused.class, e -> assertThat(e.reason()).isEqualTo(SignatureRefused.Reason.DATE_SKEW));
    assertThatThrownBy(() -> verify(signedPost(BODY, NOW, KEYS), KEYS, NOW.minus(Duration.ofHours(2))))
        .isInstanceOfSatisfying(SignatureRefused.class, e -> assertThat(e.reason()).isEqualTo(SignatureRefused.Reason.DATE_SKEW));
    assertThatThrownBy(() -> verify(signedPost(BODY, NOW, KEYS), KEYS, NOW.plus(Duration.ofHours(13))))
        .isInstanceOfSatisfying(SignatureRefused.class, e -> assertThat(e.reason()).isEqualTo(SignatureRefused.Reason.EXPIRED));
  }

  @Test
  void aPemRoundTrips() throws Exception {
    assertThat(ActorKeys.parsePem(ActorKeys.pem(KEYS.getPublic()))).isEqualTo(KEYS.getPublic());
  }

  /** The signed POST again, with its Signature header's covered list and signature made over {@code covered}. */
  private static InboundRequest coveringOnly(String covered) {
    InboundRequest signed = signedPost(BODY, NOW, KEYS);
    StringBuilder text = new StringBuilder();
    for (String name : covered.split(" ")) {
      text.append(text.isEmpty() ? "" : "\n").append(name).append(": ")
          .append(name.equals("(request-target)") ? "post /actors/org/inbox" : signed.header(name));
    }
    String signature = Base64.getEncoder().encodeToString(
        HttpSignatures.rsaSign(KEYS.getPrivate(), text.toString().getBytes(StandardCharsets.UTF_8)));
    Map<String, List<String>> headers = new HashMap<>(signed.headers());
    headers.put("signature", List.of("keyId=\"https://peer.example/actor#key\",algorithm=\"hs2019\",headers=\"" + covered
        + "\",signature=\"" + signature + "\""));
    return new InboundRequest("POST", signed.pathAndQuery(), headers, BODY);
  }

  private static void refused(SignatureRefused.Reason reason, ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(SignatureRefused.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  @Test
  void everyRequiredHeaderMustBeCovered() throws Exception {
    verify(coveringOnly("(request-target) host date digest"), KEYS, NOW);
    refused(SignatureRefused.Reason.HEADERS_MISSING, () -> verify(coveringOnly("host date digest"), KEYS, NOW));
    refused(SignatureRefused.Reason.HEADERS_MISSING, () -> verify(coveringOnly("(request-target) date digest"), KEYS, NOW));
    refused(SignatureRefused.Reason.HEADERS_MISSING, () -> verify(coveringOnly("(request-target) host date"), KEYS, NOW));
    refused(SignatureRefused.Reason.HEADERS_MISSING, () -> verify(coveringOnly("(request-target) host digest"), KEYS, NOW));
  }

  @Test
  void aMissingOrUnusableDigestIsRefused() {
    InboundRequest signed = signedPost(BODY, NOW, KEYS);
    Map<String, List<String>> noDigest = new HashMap<>(signed.headers());
    noDigest.remove("digest");
    refused(SignatureRefused.Reason.DIGEST_MISSING, () -> verify(new InboundRequest("POST", signed.pathAndQuery(), noDigest, BODY), KEYS, NOW));
    Map<String, List<String>> md5 = new HashMap<>(signed.headers());
    md5.put("digest", List.of("MD5=AAAA"));
    md5.put("content-digest", List.of(MessageSignatures.contentDigest("{\"type\":\"Delete\"}".getBytes(StandardCharsets.UTF_8))));
    // an uncovered Content-Digest that matches another body must not stand in for the covered Digest
    refused(SignatureRefused.Reason.DIGEST_MISSING, () -> verify(new InboundRequest("POST", signed.pathAndQuery(), md5,
        "{\"type\":\"Delete\"}".getBytes(StandardCharsets.UTF_8)), KEYS, NOW));
  }

  @Test
  void otherAlgorithmsAndMalformedHeadersAreRefused() {
    refused(SignatureRefused.Reason.ALGORITHM, () -> HttpSignatures.parseCavage("keyId=\"k\",algorithm=\"hmac-sha256\",signature=\"AAAA\""));
    refused(SignatureRefused.Reason.MALFORMED, () -> HttpSignatures.parseCavage("keyId=\"k\""));
    refused(SignatureRefused.Reason.MALFORMED, () -> HttpSignatures.parseCavage("keyId=\"k\",signature=\"not base64!\""));
    refused(SignatureRefused.Reason.MALFORMED, () -> HttpSignatures.parseCavage("keyId=\"k\",signature=\"AAAA\",created=99999999999999999999"));
    refused(SignatureRefused.Reason.MALFORMED, () -> HttpSignatures.parseCavage("garbage"));
  }

  @Test
  void aSignedGetNeedsNoDigest() throws Exception {
    URI actor = URI.create("https://example.org/actors/org");
    Map<String, List<String>> all = new HashMap<>();
    HttpSignatures.sign("GET", actor, null, "https://peer.example/actor#key", KEYS.getPrivate(), NOW)
        .forEach((name, value) -> all.put(name, List.of(value)));
    verify(new InboundRequest("GET", "/actors/org", all, new byte[0]), KEYS, NOW);
  }

  /** The request with its Signature header changed (parameters added after signing: nothing signs them). */
  private static InboundRequest withSignature(InboundRequest request, String signature) {
    Map<String, List<String>> all = new HashMap<>(request.headers());
    all.remove("Signature");
    all.put("Signature", List.of(signature));
    return new InboundRequest(request.method(), request.pathAndQuery(), all, request.body());
  }

  @Test
  void anUnsignedCreatedDoesNotRejuvenateAnExpiredSignature() {
    InboundRequest old = signedPost(BODY, NOW.minus(Duration.ofHours(13)), KEYS);
    InboundRequest replayed = withSignature(old, old.header("signature") + ",created=" + NOW.getEpochSecond());
    assertThatThrownBy(() -> verify(replayed, KEYS, NOW))
        .isInstanceOfSatisfying(SignatureRefused.class, e -> assertThat(e.reason()).isEqualTo(SignatureRefused.Reason.EXPIRED));
  }

  @Test
  void anUnsignedExpiresDoesNotStretchTheWindow() {
    InboundRequest old = signedPost(BODY, NOW.minus(Duration.ofHours(2)), KEYS);
    InboundRequest stretched = withSignature(old, old.header("signature") + ",expires=" + NOW.plus(Duration.ofDays(1)).getEpochSecond());
    assertThatThrownBy(() -> verify(stretched, KEYS, NOW))
        .isInstanceOfSatisfying(SignatureRefused.class, e -> assertThat(e.reason()).isEqualTo(SignatureRefused.Reason.DATE_SKEW));
  }
}
