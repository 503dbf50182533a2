package org.commune.federation.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Arrays;
import org.commune.federation.FederationSettings;
import org.commune.federation.FederationUrls;
import org.commune.federation.http.RemoteRefused.Reason;
import org.commune.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import tools.jackson.databind.node.ObjectNode;

/** Remote actors fetched from a real HTTP server on loopback, as an adversary would serve them. */
class RemoteActorsTest {

  static final KeyPair OURS = ActorKeys.generate();
  static final KeyPair ALICE = ActorKeys.generate();

  PeerServer peer;
  MutableClock clock;
  RemoteActors actors;

  static RemoteActors actors(boolean allowPrivate, MutableClock clock) {
    FederationSettings settings = new FederationSettings("https://commune.example", "org", allowPrivate);
    GuardedHttp http = new GuardedHttp(new ActorKeys(OURS), new FederationUrls(settings), settings, clock);
    return new RemoteActors(http, new MemoryActorCache(), "http", clock);
  }

  @BeforeEach
  void start() throws Exception {
    peer = new PeerServer();
    clock = new MutableClock();
    actors = actors(true, clock);
  }

  @AfterEach
  void stop() {
    peer.close();
  }

  URI serve(String path, ObjectNode document) {
    peer.answer(path, PeerServer.Answer.json(document.toString()));
    return URI.create(peer.base() + path);
  }

  void refused(Reason reason, ThrowingCallable call) {
    assertThatThrownBy(call).isInstanceOfSatisfying(RemoteRefused.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }

  @Test
  void anActorIsFetchedSignedCheckedAndCached() throws Exception {
    URI id = serve("/users/alice", peer.actor("/users/alice", ALICE));
    RemoteActor alice = actors.get(id);
    assertThat(alice.id()).isEqualTo(id.toString());
    assertThat(alice.type()).isEqualTo("Person");
    assertThat(alice.inbox()).isEqualTo(id + "/inbox");
    assertThat(alice.sharedInbox()).isEqualTo(peer.base() + "/inbox");
    assertThat(alice.keyId()).isEqualTo(id + "#main-key");
    assertThat(ActorKeys.parsePem(alice.publicKeyPem())).isEqualTo(ALICE.getPublic());
    assertThat(peer.requestHeaders().getFirst().get("Signature")).isNotNull();
    assertThat(peer.requestHeaders().getFirst().get("Accept").getFirst()).contains("application/activity+json");

    actors.get(id);
    assertThat(peer.hits("/users/alice")).as("the second get is answered from the cache").isEqualTo(1);
    actors.refresh(id);
    assertThat(peer.hits("/users/alice")).isEqualTo(2);
    clock.advance(RemoteActors.FRESH.plus(Duration.ofMinutes(1)));
    actors.get(id);
    assertThat(peer.hits("/users/alice")).as("a stale copy is fetched again").isEqualTo(3);
  }

  @Test
  void aKeyIdFindsItsActorWithoutTheFragment() throws Exception {
    URI id = serve("/users/alice", peer.actor("/users/alice", ALICE));
    RemoteActor alice = actors.byKeyId(id + "#main-key");
    assertThat(alice.id()).isEqualTo(id.toString());
    actors.byKeyId(id + "#main-key");
    assertThat(peer.hits("/users/alice")).isEqualTo(1);
  }

  @Test
  void aStandAloneKeyDocumentLeadsToItsOwner() throws Exception {
    ObjectNode actor = peer.actor("/users/alice", ALICE);
    actor.withObject("publicKey").put("id", peer.base() + "/users/alice/main-key");
    URI id = serve("/users/alice", actor);
    ObjectNode key = actor.withObject("publicKey").deepCopy();
    key.put("type", "CryptographicKey");
    serve("/users/alice/main-key", key);
    assertThat(actors.byKeyId(peer.base() + "/users/alice/main-key").id()).isEqualTo(id.toString());
  }

  @Test
  void aDocumentWhoseIdIsNotItsUrlIsRefused() {
    ObjectNode impostor = peer.actor("/users/alice", ALICE);
    URI asked = serve("/users/mallory", impostor);
    refused(Reason.ID_MISMATCH, () -> actors.get(asked));
  }

  @Test
  void aKeyOwnedBySomeoneElseIsRefused() {
    ObjectNode actor = peer.actor("/users/mallory", ALICE);
    actor.withObject("publicKey").put("owner", peer.base() + "/users/alice");
    URI id = serve("/users/mallory", actor);
    refused(Reason.KEY_OWNER_MISMATCH, () -> actors.get(id));
  }

  @Test
  void aKeyIdTheActorDoesNotPublishIsRefused() {
    URI id = serve("/users/alice", peer.actor("/users/alice", ALICE));
    refused(Reason.KEY_OWNER_MISMATCH, () -> actors.byKeyId(id + "#another-key"));
  }

  @Test
  void aKeyOnAnotherHostIsRefused() {
    // The actor at 127.0.0.1 claims a key at localhost: another origin, whoever runs it.
    ObjectNode actor = peer.actor("/users/alice", ALICE);
    actor.withObject("publicKey").put("id", peer.otherHostBase() + "/keys/alice");
    URI id = serve("/users/alice", actor);
    refused(Reason.KEY_HOST_MISMATCH, () -> actors.get(id));
    // …and a key document whose owner lives on another host than the key.
    ObjectNode key = peer.actor("/users/alice", ALICE).withObject("publicKey").deepCopy();
    key.put("id", peer.otherHostBase() + "/keys/alice");
    key.put("owner", peer.base() + "/users/alice");
    peer.answer("/keys/alice", PeerServer.Answer.json(key.toString()));
    refused(Reason.KEY_HOST_MISMATCH, () -> actors.byKeyId(peer.otherHostBase() + "/keys/alice"));
  }

  @Test
  void fieldsOfTheWrongTypeAreRefused() {
    ObjectNode notUrl = peer.actor("/users/a", ALICE);
    notUrl.put("inbox", "javascript:alert(1)");
    refused(Reason.BAD_FIELD, () -> actors.get(serve("/users/a", notUrl)));

    ObjectNode arrayInbox = peer.actor("/users/b", ALICE);
    arrayInbox.putArray("inbox").add(peer.base() + "/users/b/inbox");
    refused(Reason.BAD_FIELD, () -> actors.get(serve("/users/b", arrayInbox)));

    ObjectNode fileShared = peer.actor("/users/c", ALICE);
    fileShared.withObject("endpoints").put("sharedInbox", "file:///etc/passwd");
    refused(Reason.BAD_FIELD, () -> actors.get(serve("/users/c", fileShared)));

    ObjectNode note = peer.actor("/users/d", ALICE);
    note.put("type", "Note");
    refused(Reason.NOT_AN_ACTOR, () -> actors.get(serve("/users/d", note)));

    ObjectNode typeList = peer.actor("/users/e", ALICE);
    typeList.putArray("type").add("Person");
    refused(Reason.NOT_AN_ACTOR, () -> actors.get(serve("/users/e", typeList)));

    ObjectNode badKey = peer.actor("/users/f", ALICE);
    badKey.withObject("publicKey").put("publicKeyPem", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----");
    refused(Reason.BAD_KEY, () -> actors.get(serve("/users/f", badKey)));

    ObjectNode numberName = peer.actor("/users/g", ALICE);
    numberName.put("preferredUsername", 42);
    refused(Reason.BAD_FIELD, () -> actors.get(serve("/users/g", numberName)));

    ObjectNode alias = peer.actor("/users/h", ALICE);
    alias.putArray("alsoKnownAs").add(17);
    refused(Reason.BAD_FIELD, () -> actors.get(serve("/users/h", alias)));
  }

  @Test
  void twoIdsInOneDocumentAreRefused() {
    String actor = peer.actor("/users/alice", ALICE).toString();
    String twice = "{\"id\":\"" + peer.base() + "/users/mallory\"," + actor.substring(1);
    peer.answer("/users/alice", PeerServer.Answer.json(twice));
    refused(Reason.NOT_JSON, () -> actors.get(URI.create(peer.base() + "/users/alice")));
  }

  @Test
  void notJsonAndErrorsAreRefused() {
    peer.answer("/users/html", new PeerServer.Answer(200, "<html>".getBytes(StandardCharsets.UTF_8), "text/html", 0, null));
    refused(Reason.NOT_JSON, () -> actors.get(URI.create(peer.base() + "/users/html")));
    peer.answer("/users/gone", PeerServer.Answer.status(410));
    refused(Reason.HTTP_STATUS, () -> actors.get(URI.create(peer.base() + "/users/gone")));
  }

  @Test
  void aDocumentOverOneMegabyteIsRefused() {
    ObjectNode actor = peer.actor("/users/big", ALICE);
    char[] filler = new char[OutboundHttp.MAX_RESPONSE_BYTES];
    Arrays.fill(filler, 'x');
    actor.put("summary", new String(filler));
    URI id = serve("/users/big", actor);
    refused(Reason.UNREACHABLE, () -> actors.get(id));
  }

  @Test
  void movesAndAliasesAreKept() throws Exception {
    ObjectNode actor = peer.actor("/users/alice", ALICE);
    actor.put("movedTo", "https://new.example/users/alice");
    actor.putArray("alsoKnownAs").add("https://old.example/users/alice");
    RemoteActor alice = actors.get(serve("/users/alice", actor));
    assertThat(alice.movedTo()).isEqualTo("https://new.example/users/alice");
    assertThat(alice.alsoKnownAs()).containsExactly("https://old.example/users/alice");
  }

  @Test
  void byDefaultALoopbackActorIsNeverFetched() {
    URI id = serve("/users/alice", peer.actor("/users/alice", ALICE));
    RemoteActors guarded = actors(false, clock);
    refused(Reason.ADDRESS_REFUSED, () -> guarded.get(id));
    refused(Reason.ADDRESS_REFUSED, () -> guarded.byKeyId(id + "#main-key"));
    refused(Reason.ADDRESS_REFUSED, () -> guarded.get(URI.create("file:///etc/passwd")));
    assertThat(peer.hits("/users/alice")).isZero();
  }

  String jrd(String subject, String href) {
    return "{\"subject\":\"acct:" + subject + "\",\"links\":[{\"rel\":\"http://webfinger.net/rel/profile-page\","
        + "\"type\":\"text/html\",\"href\":\"" + peer.base() + "/@x\"},{\"rel\":\"self\","
        + "\"type\":\"application/activity+json\",\"href\":\"" + href + "\"}]}";
  }

  @Test
  void anAccountIsFoundThroughWebFinger() throws Exception {
    URI id = serve("/users/alice", peer.actor("/users/alice", ALICE));
    String host = "127.0.0.1:" + peer.port();
    peer.answer("/.well-known/webfinger", PeerServer.Answer.json(jrd("alice@" + host, id.toString())));
    assertThat(actors.byAccount("@alice@" + host).id()).isEqualTo(id.toString());
    assertThat(actors.byAccount("acct:alice@" + host).id()).isEqualTo(id.toString());
    assertThat(peer.requests()).contains("/.well-known/webfinger?resource=acct%3Aalice%40127.0.0.1%3A" + peer.port());
  }

  @Test
  void aWebFingerAnswerThatNamesSomeoneElseIsRefused() {
    // The host's WebFinger says alice is the actor whose preferredUsername is mallory.
    ObjectNode mallory = peer.actor("/users/mallory", ALICE);
    mallory.put("preferredUsername", "mallory");
    URI id = serve("/users/mallory", mallory);
    String host = "127.0.0.1:" + peer.port();
    peer.answer("/.well-known/webfinger", PeerServer.Answer.json(jrd("alice@" + host, id.toString())));
    refused(Reason.ID_MISMATCH, () -> actors.byAccount("alice@" + host));
  }

  @Test
  void anAccountHandedToAnotherHostMustBeClaimedThere() throws Exception {
    // 127.0.0.1 says alice lives at localhost; localhost's own WebFinger (the same server here) must agree.
    ObjectNode elsewhere = peer.actor("/users/alice", ALICE);
    String otherId = peer.otherHostBase() + "/users/alice";
    elsewhere.put("id", otherId);
    elsewhere.withObject("publicKey").put("id", otherId + "#main-key").put("owner", otherId);
    elsewhere.put("inbox", otherId + "/inbox");
    elsewhere.withObject("endpoints").put("sharedInbox", peer.otherHostBase() + "/inbox");
    peer.answer("/users/alice", PeerServer.Answer.json(elsewhere.toString()));
    String host = "127.0.0.1:" + peer.port();
    peer.answer("/.well-known/webfinger", PeerServer.Answer.json(jrd("alice@" + host, peer.base() + "/users/nobody")));
    refused(Reason.HTTP_STATUS, () -> actors.byAccount("alice@" + host));
    peer.answer("/.well-known/webfinger", PeerServer.Answer.json(jrd("alice@" + host, otherId)));
    // the same answer serves both hosts here, so localhost's WebFinger claims the actor: accepted
    assertThat(actors.byAccount("alice@" + host).id()).isEqualTo(otherId);
  }

  @Test
  void webFingerWithoutAnActivityPubLinkOrWithABadAddressIsRefused() {
    String host = "127.0.0.1:" + peer.port();
    peer.answer("/.well-known/webfinger", PeerServer.Answer.json("{\"links\":[{\"rel\":\"self\",\"type\":\"text/html\","
        + "\"href\":\"" + peer.base() + "/users/alice\"}]}"));
    refused(Reason.NOT_AN_ACTOR, () -> actors.byAccount("alice@" + host));
    peer.answer("/.well-known/webfinger", PeerServer.Answer.json("{\"links\":[{\"rel\":\"self\","
        + "\"type\":\"application/activity+json\",\"href\":\"file:///etc/passwd\"}]}"));
    refused(Reason.ADDRESS_REFUSED, () -> actors.byAccount("alice@" + host));
    refused(Reason.BAD_FIELD, () -> actors.byAccount("alice"));
    refused(Reason.BAD_FIELD, () -> actors.byAccount("alice@host/path"));
    refused(Reason.BAD_FIELD, () -> actors.byAccount("alice@evil.example@127.0.0.1"));
  }

  @Test
  void byDefaultWebFingerNeverReachesLoopback() {
    peer.answer("/.well-known/webfinger", PeerServer.Answer.json(jrd("alice@x", peer.base() + "/users/alice")));
    refused(Reason.ADDRESS_REFUSED, () -> actors(false, clock).byAccount("alice@127.0.0.1:" + peer.port()));
    assertThat(peer.requests()).isEmpty();
  }

  @Test
  void ofSeveralKeysTheActorsOwnIsUsed() throws Exception {
    ObjectNode actor = peer.actor("/users/alice", ALICE);
    ObjectNode own = actor.withObject("publicKey").deepCopy();
    ObjectNode foreign = own.deepCopy();
    foreign.put("owner", peer.base() + "/users/mallory");
    foreign.put("publicKeyPem", ActorKeys.pem(OURS.getPublic()));
    actor.remove("publicKey");
    actor.putArray("publicKey").add(foreign).add(own);
    RemoteActor alice = actors.get(serve("/users/alice", actor));
    assertThat(ActorKeys.parsePem(alice.publicKeyPem())).isEqualTo(ALICE.getPublic());
  }

  @Test
  void anActorFoundThroughARedirectIsRefused() {
    // An open redirect on localhost leads to a document at 127.0.0.1 claiming to be the redirect's URL:
    // whoever controls 127.0.0.1 would pose as an actor on localhost.
    String posed = peer.otherHostBase() + "/go";
    ObjectNode impostor = peer.actor("/users/mallory", ALICE);
    impostor.put("id", posed);
    impostor.withObject("publicKey").put("id", posed + "#main-key").put("owner", posed);
    impostor.put("inbox", posed + "/inbox");
    impostor.withObject("endpoints").put("sharedInbox", peer.otherHostBase() + "/inbox");
    serve("/users/mallory", impostor);
    peer.answer("/go", PeerServer.Answer.redirect(peer.base() + "/users/mallory"));
    refused(Reason.ID_MISMATCH, () -> actors.get(URI.create(posed)));
    refused(Reason.ID_MISMATCH, () -> actors.byKeyId(posed + "#main-key"));
    assertThat(peer.hits("/users/mallory")).as("the redirect was followed, and its answer not believed").isPositive();
  }

  @Test
  void anInboxOnAnotherHostIsRefused() {
    // A fake follower whose inbox is a third party's would turn the delivery queue against it.
    ObjectNode actor = peer.actor("/users/alice", ALICE);
    actor.put("inbox", peer.otherHostBase() + "/users/alice/inbox");
    URI id = serve("/users/alice", actor);
    refused(Reason.INBOX_HOST_MISMATCH, () -> actors.get(id));
    ObjectNode shared = peer.actor("/users/alice", ALICE);
    shared.withObject("endpoints").put("sharedInbox", "http://127.0.0.1:1/inbox");
    serve("/users/alice", shared);
    refused(Reason.INBOX_HOST_MISMATCH, () -> actors.refresh(id));
  }
}
