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
import org.commune.federation.http.SignatureRefused.Reason;
import org.junit.jupiter.api.Test;

/** RFC 9421 message signatures and RFC 9530 digests: the RFC's own examples, then an adversary's variations. */
class MessageSignaturesTest {

  static final KeyPair KEYS = ActorKeys.generate();
  static final KeyPair OTHER = ActorKeys.generate();
  static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
  static final URI INBOX = URI.create("https://commune.example/actors/org/inbox");
  static final byte[] BODY = "{\"type\":\"Follow\"}".getBytes(StandardCharsets.UTF_8);
  static final String KEY_ID = "https://peer.example/users/alice#main-key";

  static Map<String, List<String>> headers(Map<String, String> single) {
    Map<String, List<String>> all = new HashMap<>();
    single.forEach((name, value) -> all.put(name, List.of(value)));
    return all;
  }

  static InboundRequest signedPost(KeyPair keys, Instant at) {
    return new InboundRequest("POST", INBOX.getRawPath(), headers(MessageSignatures.sign("POST", INBOX, BODY, KEY_ID,
        keys.getPrivate(), at)), BODY);
  }

  /** Signs whatever Signature-Input the test wrote, the way a (possibly hostile) peer would. */
  static InboundRequest signedAs(String method, String pathAndQuery, Map<String, String> headers, byte[] body,
      String signatureInput) throws SignatureRefused {
    Map<String, List<String>> all = headers(headers);
    all.put("Signature-Input", List.of(signatureInput));
    all.put("Signature", List.of("sig1=:AAAA:"));
    InboundRequest unsigned = new InboundRequest(method, pathAndQuery, all, body);
    MessageSignatures.Parsed parsed = MessageSignatures.parse(unsigned);
    byte[] signature = HttpSignatures.rsaSign(KEYS.getPrivate(), MessageSignatures.base(unsigned, parsed, "https"));
    all.put("Signature", List.of("sig1=:" + Base64.getEncoder().encodeToString(signature) + ":"));
    return new InboundRequest(method, pathAndQuery, all, body);
  }

  static void verify(InboundRequest request, KeyPair keys, Instant now) throws SignatureRefused {
    MessageSignatures.Parsed parsed = MessageSignatures.parse(request);
    MessageSignatures.check(request, parsed, now);
    if (!MessageSignatures.matches(request, parsed, "https", keys.getPublic())) {
      throw new SignatureRefused(Reason.BAD_SIGNATURE, "no match");
    }
  }

  static void refused(Reason reason, ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(SignatureRefused.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  @Test
  void theSignatureBaseOfRfc9421ExampleB23() throws Exception {
    // RFC 9421 §B.2.3 (its request and its signature base, byte for byte)
    Map<String, List<String>> headers = headers(Map.of("Host", "example.com", "Date", "Tue, 20 Apr 2021 02:07:56 GMT",
        "Content-Type", "application/json", "Content-Length", "18",
        "Content-Digest", "sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:"));
    String params = "(\"date\" \"@method\" \"@path\" \"@query\" \"@authority\" \"content-type\" \"content-digest\" "
        + "\"content-length\");created=1618884473;keyid=\"test-key-rsa-pss\"";
    headers.put("Signature-Input", List.of("sig-b23=" + params));
    headers.put("Signature", List.of("sig-b23=:AAAA:"));
    byte[] body = "{\"hello\": \"world\"}".getBytes(StandardCharsets.UTF_8);
    InboundRequest request = new InboundRequest("POST", "/foo?param=Value&Pet=dog", headers, body);
    MessageSignatures.Parsed parsed = MessageSignatures.parse(request);
    assertThat(parsed.signatureParams()).isEqualTo(params);
    assertThat(new String(MessageSignatures.base(request, parsed, "https"), StandardCharsets.UTF_8)).isEqualTo("""
        "date": Tue, 20 Apr 2021 02:07:56 GMT
        "@method": POST
        "@path": /foo
        "@query": ?param=Value&Pet=dog
        "@authority": example.com
        "content-type": application/json
        "content-digest": sha-512=:WZDPaVn/7XgHaAy8pmojAkGWoRx2UFChF41A2svX+TaPm+AbwAgBWnrIiYllu7BNNyealdVLvRwEmTHWXvJwew==:
        "content-length": 18
        "@signature-params":\s""" + params);
    HttpSignatures.checkContentDigest(request); // the RFC's sha-512 digest of its body
  }

  @Test
  void aSignedPostVerifies() throws Exception {
    InboundRequest request = signedPost(KEYS, NOW);
    assertThat(request.header("signature-input")).startsWith("sig1=(\"@method\" \"@target-uri\" \"content-digest\");created=");
    verify(request, KEYS, NOW.plusSeconds(30));
  }

  @Test
  void aSignedGetVerifies() throws Exception {
    URI actor = URI.create("https://commune.example/actors/org?page=1");
    InboundRequest request = new InboundRequest("GET", "/actors/org?page=1",
        headers(MessageSignatures.sign("GET", actor, null, KEY_ID, KEYS.getPrivate(), NOW)), new byte[0]);
    verify(request, KEYS, NOW);
  }

  @Test
  void anotherKeyIsRefused() {
    refused(Reason.BAD_SIGNATURE, () -> verify(signedPost(OTHER, NOW), KEYS, NOW));
  }

  @Test
  void anotherTargetIsRefused() {
    InboundRequest signed = signedPost(KEYS, NOW);
    InboundRequest moved = new InboundRequest("POST", "/inbox", signed.headers(), BODY);
    refused(Reason.BAD_SIGNATURE, () -> verify(moved, KEYS, NOW));
    Map<String, List<String>> otherHost = new HashMap<>(signed.headers());
    otherHost.put("host", List.of("elsewhere.example"));
    refused(Reason.BAD_SIGNATURE, () -> verify(new InboundRequest("POST", signed.pathAndQuery(), otherHost, BODY), KEYS, NOW));
    refused(Reason.BAD_SIGNATURE, () -> verify(new InboundRequest("PUT", signed.pathAndQuery(), signed.headers(), BODY), KEYS, NOW));
  }

  @Test
  void aChangedBodyOrAMissingDigestIsRefused() {
    InboundRequest signed = signedPost(KEYS, NOW);
    refused(Reason.DIGEST_MISMATCH, () -> verify(new InboundRequest("POST", signed.pathAndQuery(), signed.headers(),
        "{\"type\":\"Delete\"}".getBytes(StandardCharsets.UTF_8)), KEYS, NOW));
    Map<String, List<String>> noDigest = new HashMap<>(signed.headers());
    noDigest.remove("content-digest");
    refused(Reason.DIGEST_MISSING, () -> verify(new InboundRequest("POST", signed.pathAndQuery(), noDigest, BODY), KEYS, NOW));
    Map<String, List<String>> onlyMd5 = new HashMap<>(signed.headers());
    onlyMd5.put("content-digest", List.of("md5=:AAAA:"));
    refused(Reason.DIGEST_MISSING, () -> verify(new InboundRequest("POST", signed.pathAndQuery(), onlyMd5, BODY), KEYS, NOW));
  }

  @Test
  void timeRulesAreCavagesRules() {
    refused(Reason.EXPIRED, () -> verify(signedPost(KEYS, NOW.minus(Duration.ofHours(13))), KEYS, NOW));
    refused(Reason.DATE_SKEW, () -> verify(signedPost(KEYS, NOW.minus(Duration.ofHours(2))), KEYS, NOW));
    refused(Reason.DATE_SKEW, () -> verify(signedPost(KEYS, NOW.plus(Duration.ofHours(2))), KEYS, NOW));
  }

  @Test
  void anExpiredSignatureIsRefused() throws Exception {
    long created = NOW.getEpochSecond() - 60;
    InboundRequest request = signedAs("GET", "/actors/org", Map.of("Host", "commune.example"), new byte[0],
        "sig1=(\"@method\" \"@target-uri\");created=" + created + ";expires=" + (created + 30) + ";keyid=\"" + KEY_ID + "\"");
    refused(Reason.EXPIRED, () -> verify(request, KEYS, NOW));
  }

  @Test
  void whatMustBeCoveredIsRequired() throws Exception {
    long created = NOW.getEpochSecond();
    Map<String, String> post = Map.of("Host", "commune.example", "Content-Digest", MessageSignatures.contentDigest(BODY));
    InboundRequest noDigest = signedAs("POST", INBOX.getRawPath(), post, BODY,
        "sig1=(\"@method\" \"@target-uri\");created=" + created + ";keyid=\"" + KEY_ID + "\"");
    refused(Reason.HEADERS_MISSING, () -> verify(noDigest, KEYS, NOW));
    InboundRequest noMethod = signedAs("POST", INBOX.getRawPath(), post, BODY,
        "sig1=(\"@target-uri\" \"content-digest\");created=" + created + ";keyid=\"" + KEY_ID + "\"");
    refused(Reason.HEADERS_MISSING, () -> verify(noMethod, KEYS, NOW));
    InboundRequest noTarget = signedAs("POST", INBOX.getRawPath(), post, BODY,
        "sig1=(\"@method\" \"content-digest\");created=" + created + ";keyid=\"" + KEY_ID + "\"");
    refused(Reason.HEADERS_MISSING, () -> verify(noTarget, KEYS, NOW));
    InboundRequest queryUncovered = signedAs("GET", "/actors/org?page=2", Map.of("Host", "commune.example"), new byte[0],
        "sig1=(\"@method\" \"@authority\" \"@path\");created=" + created + ";keyid=\"" + KEY_ID + "\"");
    refused(Reason.HEADERS_MISSING, () -> verify(queryUncovered, KEYS, NOW));
    InboundRequest noTime = signedAs("GET", "/actors/org", Map.of("Host", "commune.example"), new byte[0],
        "sig1=(\"@method\" \"@target-uri\");keyid=\"" + KEY_ID + "\"");
    refused(Reason.HEADERS_MISSING, () -> verify(noTime, KEYS, NOW));
    // the parts form is as good as @target-uri
    verify(signedAs("POST", INBOX.getRawPath(), post, BODY, "sig1=(\"@method\" \"@authority\" \"@path\" \"content-digest\");created="
        + created + ";keyid=\"" + KEY_ID + "\""), KEYS, NOW);
  }

  @Test
  void unsupportedOrTrickyInputsAreRefused() {
    long created = NOW.getEpochSecond();
    Map<String, String> get = Map.of("Host", "commune.example");
    refused(Reason.ALGORITHM, () -> signedAs("GET", "/a", get, new byte[0],
        "sig1=(\"@method\" \"@target-uri\");created=" + created + ";keyid=\"k\";alg=\"hmac-sha256\""));
    refused(Reason.MALFORMED, () -> signedAs("GET", "/a", get, new byte[0],
        "sig1=(\"@method\" \"@target-uri\" \"@query-param\";name=\"a\");created=" + created + ";keyid=\"k\""));
    refused(Reason.MALFORMED, () -> signedAs("GET", "/a", get, new byte[0],
        "sig1=(\"@method\" \"@status\");created=" + created + ";keyid=\"k\""));
    refused(Reason.MALFORMED, () -> signedAs("GET", "/a", get, new byte[0],
        "sig1=(\"@method\" \"@method\" \"@target-uri\");created=" + created + ";keyid=\"k\""));
    refused(Reason.MALFORMED, () -> signedAs("GET", "/a", get, new byte[0],
        "sig1=(\"@method\" \"@target-uri\");created=\"yesterday\";keyid=\"k\""));
    refused(Reason.MALFORMED, () -> signedAs("GET", "/a", get, new byte[0], "sig1=(\"@method\" \"@target-uri\");created=1"));
    refused(Reason.MALFORMED, () -> signedAs("GET", "/a", get, new byte[0], "sig1=(@method)"));
    refused(Reason.MALFORMED, () -> signedAs("GET", "/a", get, new byte[0], "not a dictionary at all"));
  }

  @Test
  void aSignatureInputWithoutASignatureIsMalformed() {
    Map<String, List<String>> headers = headers(Map.of("Signature-Input", "sig1=(\"@method\");keyid=\"k\";created=1"));
    refused(Reason.MALFORMED, () -> MessageSignatures.parse(new InboundRequest("GET", "/", headers, new byte[0])));
  }
}
