package org.commune.federation.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
}
