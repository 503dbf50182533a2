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
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.commune.federation.FederationSettings;
import org.commune.federation.http.SignatureRefused.Reason;
import org.commune.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Inbound signatures checked against keys a real server on loopback publishes (and rotates). */
class InboundVerifierTest {

  static final KeyPair ALICE = ActorKeys.generate();
  static final KeyPair ROTATED = ActorKeys.generate();
  static final KeyPair MALLORY = ActorKeys.generate();
  static final URI INBOX = URI.create("https://commune.example/actors/org/inbox");
  static final FederationSettings SETTINGS = new FederationSettings("https://commune.example", "org", true);
  static final byte[] BODY = "{\"type\":\"Follow\"}".getBytes(StandardCharsets.UTF_8);

  PeerServer peer;
  MutableClock clock;
  InboundVerifier verifier;
  String actorId;
  String keyId;

  @BeforeEach
  void start() throws Exception {
    peer = new PeerServer();
    clock = new MutableClock();
    verifier = new InboundVerifier(RemoteActorsTest.actors(true, clock), SETTINGS, clock);
    publish(ALICE);
    actorId = peer.base() + "/users/alice";
    keyId = actorId + "#main-key";
  }

  @AfterEach
  void stop() {
    peer.close();
  }

  void publish(KeyPair keys) {
    peer.answer("/users/alice", PeerServer.Answer.json(peer.actor("/users/alice", keys).toString()));
  }

  int fetches() {
    return peer.hits("/users/alice");
  }

  InboundRequest post(KeyPair keys, String keyId, Instant at) {
    Map<String, String> signed = HttpSignatures.sign("POST", INBOX, BODY, keyId, keys.getPrivate(), at);
    Map<String, List<String>> headers = new HashMap<>();
    signed.forEach((name, value) -> headers.put(name, List.of(value)));
    return new InboundRequest("POST", INBOX.getRawPath(), headers, BODY);
  }

  void refused(Reason reason, ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(SignatureRefused.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  @Test
  void aGoodSignatureNamesItsKeyAndOwner() throws Exception {
    VerifiedSender sender = verifier.verify(post(ALICE, keyId, clock.instant()));
    assertThat(sender).isEqualTo(new VerifiedSender(keyId, actorId));
    verifier.verify(post(ALICE, keyId, clock.instant()));
    assertThat(fetches()).as("the key is cached").isEqualTo(1);
  }

  @Test
  void theAuthorizationHeaderFormIsReadToo() throws Exception {
    InboundRequest signed = post(ALICE, keyId, clock.instant());
    Map<String, List<String>> headers = new HashMap<>(signed.headers());
    headers.put("authorization", List.of("Signature " + headers.remove("signature").getFirst()));
    assertThat(verifier.verify(new InboundRequest("POST", signed.pathAndQuery(), headers, BODY)).owner()).isEqualTo(actorId);
  }

  @Test
  void anUnsignedRequestIsRefusedWithoutFetching() {
    refused(Reason.UNSIGNED, () -> verifier.verify(new InboundRequest("POST", "/inbox", Map.of(), BODY)));
    assertThat(fetches()).isZero();
  }

  @Test
  void staleOrTamperedRequestsCostNoKeyFetch() {
    refused(Reason.EXPIRED, () -> verifier.verify(post(ALICE, keyId, clock.instant().minus(Duration.ofHours(13)))));
    refused(Reason.DATE_SKEW, () -> verifier.verify(post(ALICE, keyId, clock.instant().plus(Duration.ofHours(2)))));
    InboundRequest signed = post(ALICE, keyId, clock.instant());
    refused(Reason.DIGEST_MISMATCH, () -> verifier.verify(new InboundRequest("POST", signed.pathAndQuery(), signed.headers(),
        "{\"type\":\"Delete\"}".getBytes(StandardCharsets.UTF_8))));
    assertThat(fetches()).isZero();
  }

  @Test
  void aForgedSignatureIsRefusedAfterOneRefetch() {
    refused(Reason.BAD_SIGNATURE, () -> verifier.verify(post(MALLORY, keyId, clock.instant())));
    assertThat(fetches()).as("fetched, then refetched once in case the key rotated").isEqualTo(2);
  }

  @Test
  void aRotatedKeyIsFetchedAgainOnce() throws Exception {
    verifier.verify(post(ALICE, keyId, clock.instant()));
    publish(ROTATED);
    assertThat(verifier.verify(post(ROTATED, keyId, clock.instant())).owner()).isEqualTo(actorId);
    assertThat(fetches()).isEqualTo(2);
    verifier.verify(post(ROTATED, keyId, clock.instant()));
    assertThat(fetches()).as("the new key is cached").isEqualTo(2);
  }

  @Test
  void aFloodOfBadSignaturesRefetchesOncePerInterval() throws Exception {
    verifier.verify(post(ALICE, keyId, clock.instant()));
    for (int i = 0; i < 50; i++) {
      refused(Reason.BAD_SIGNATURE, () -> verifier.verify(post(MALLORY, keyId, clock.instant())));
    }
    assertThat(fetches()).as("one fetch, one refetch, whatever the flood").isEqualTo(2);
    clock.advance(InboundVerifier.REFETCH_INTERVAL.plusSeconds(1));
    refused(Reason.BAD_SIGNATURE, () -> verifier.verify(post(MALLORY, keyId, clock.instant())));
    assertThat(fetches()).as("another interval, another refetch").isEqualTo(3);
  }

  @Test
  void anUnknownKeyIsAskedForOncePerInterval() {
    String unknown = peer.base() + "/users/nobody#main-key";
    for (int i = 0; i < 20; i++) {
      refused(Reason.KEY_UNAVAILABLE, () -> verifier.verify(post(MALLORY, unknown, clock.instant())));
    }
    assertThat(peer.hits("/users/nobody")).isEqualTo(1);
  }

  @Test
  void aKeyWhoseOwnerDisagreesIsRefused() {
    // Mallory's server claims Alice's key belongs to an actor that does not publish it.
    var actor = peer.actor("/users/mallory", MALLORY);
    actor.withObject("publicKey").put("owner", actorId);
    peer.answer("/users/mallory", PeerServer.Answer.json(actor.toString()));
    refused(Reason.KEY_OWNER_MISMATCH, () -> verifier.verify(post(MALLORY, peer.base() + "/users/mallory#main-key", clock.instant())));
  }

  @Test
  void aSignatureThatDoesNotCoverTheDigestIsRefused() {
    InboundRequest signed = post(ALICE, keyId, clock.instant());
    Map<String, List<String>> headers = new HashMap<>(signed.headers());
    headers.put("signature", List.of(signed.header("signature").replace(" digest\"", "\"")));
    refused(Reason.HEADERS_MISSING, () -> verifier.verify(new InboundRequest("POST", signed.pathAndQuery(), headers, BODY)));
    assertThat(fetches()).isZero();
  }

  InboundRequest post9421(KeyPair keys, String keyId, Instant at) {
    Map<String, String> signed = MessageSignatures.sign("POST", INBOX, BODY, keyId, keys.getPrivate(), at);
    Map<String, List<String>> headers = new HashMap<>();
    signed.forEach((name, value) -> headers.put(name, List.of(value)));
    return new InboundRequest("POST", INBOX.getRawPath(), headers, BODY);
  }

  @Test
  void rfc9421SignaturesAreVerifiedWithTheSameKeys() throws Exception {
    assertThat(verifier.verify(post9421(ALICE, keyId, clock.instant()))).isEqualTo(new VerifiedSender(keyId, actorId));
    refused(Reason.BAD_SIGNATURE, () -> verifier.verify(post9421(MALLORY, keyId, clock.instant())));
    refused(Reason.EXPIRED, () -> verifier.verify(post9421(ALICE, keyId, clock.instant().minus(Duration.ofHours(13)))));
  }

  @Test
  void whenBothKindsArriveTheRfc9421OneDecides() throws Exception {
    // A request with a Signature-Input is judged by it alone: the cavage headers beside it rescue nothing.
    Map<String, List<String>> headers = new HashMap<>(post(ALICE, keyId, clock.instant()).headers());
    InboundRequest forged = post9421(MALLORY, keyId, clock.instant());
    headers.put("signature-input", List.of(forged.header("signature-input")));
    headers.put("content-digest", List.of(forged.header("content-digest")));
    headers.put("signature", List.of(forged.header("signature")));
    refused(Reason.BAD_SIGNATURE, () -> verifier.verify(new InboundRequest("POST", INBOX.getRawPath(), headers, BODY)));
  }

  @Test
  void aForgeryWhileThePeerIsDownDoesNotShutOutTheKeyHolder() throws Exception {
    verifier.verify(post(ALICE, keyId, clock.instant()));
    peer.answer("/users/alice", PeerServer.Answer.status(503));
    refused(Reason.KEY_UNAVAILABLE, () -> verifier.verify(post(MALLORY, keyId, clock.instant())));
    assertThat(verifier.verify(post(ALICE, keyId, clock.instant())).owner()).as("the cached key still serves").isEqualTo(actorId);
  }

  @Test
  void aSignatureMadeForAnotherHostIsRefused() {
    // Signed for other.example and delivered to Commune as it is: the signature is good, the addressee is not us.
    URI elsewhere = URI.create("https://other.example/actors/org/inbox");
    Map<String, List<String>> cavage = new HashMap<>();
    HttpSignatures.sign("POST", elsewhere, BODY, keyId, ALICE.getPrivate(), clock.instant())
        .forEach((name, value) -> cavage.put(name, List.of(value)));
    refused(Reason.WRONG_HOST, () -> verifier.verify(new InboundRequest("POST", elsewhere.getRawPath(), cavage, BODY)));
    Map<String, List<String>> rfc9421 = new HashMap<>();
    MessageSignatures.sign("POST", elsewhere, BODY, keyId, ALICE.getPrivate(), clock.instant())
        .forEach((name, value) -> rfc9421.put(name, List.of(value)));
    refused(Reason.WRONG_HOST, () -> verifier.verify(new InboundRequest("POST", elsewhere.getRawPath(), rfc9421, BODY)));
    // …and the same host on another port is another origin.
    Map<String, List<String>> port = new HashMap<>();
    HttpSignatures.sign("POST", URI.create("https://commune.example:8443/actors/org/inbox"), BODY, keyId,
        ALICE.getPrivate(), clock.instant()).forEach((name, value) -> port.put(name, List.of(value)));
    refused(Reason.WRONG_HOST, () -> verifier.verify(new InboundRequest("POST", INBOX.getRawPath(), port, BODY)));
    assertThat(fetches()).as("refused before any key fetch").isZero();
  }

  @Test
  void ourHostWithItsDefaultPortOrInCapitalsIsOurs() throws Exception {
    for (String host : List.of("commune.example:443", "Commune.Example")) {
      URI inbox = URI.create("https://" + host + "/actors/org/inbox");
      Map<String, List<String>> headers = new HashMap<>();
      HttpSignatures.sign("POST", inbox, BODY, keyId, ALICE.getPrivate(), clock.instant())
          .forEach((name, value) -> headers.put(name, List.of(value)));
      assertThat(verifier.verify(new InboundRequest("POST", inbox.getRawPath(), headers, BODY)).owner()).isEqualTo(actorId);
    }
  }
}
