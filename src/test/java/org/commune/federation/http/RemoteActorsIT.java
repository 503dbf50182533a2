package org.commune.federation.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.commune.federation.FederatingCommune;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.node.ObjectNode;

/** The application's remote actors and verifier, with their cache in PostgreSQL, against a peer on loopback. */
// Its own instance with loopback allowed (FederatingCommune): a second context on RunningCommune's data
// directory and port, as an extra property made it, is refused while the first one is alive in the same JVM.
class RemoteActorsIT extends FederatingCommune {

  static final KeyPair BOB = ActorKeys.generate();

  @Autowired RemoteActors actors;
  @Autowired InboundVerifier verifier;
  PeerServer peer;

  @BeforeEach
  void peer() throws Exception {
    peer = new PeerServer();
  }

  @AfterEach
  void stop() {
    peer.close();
  }

  @Test
  void anActorIsKeptInTheTableAndVerifiesSignatures() throws Exception {
    ObjectNode document = peer.actor("/users/bob", BOB);
    document.putArray("alsoKnownAs").add("https://old.example/users/bob").add("https://older.example/bob");
    peer.answer("/users/bob", PeerServer.Answer.json(document.toString()));
    String id = peer.base() + "/users/bob";

    RemoteActor bob = actors.get(URI.create(id));
    RemoteActor row = new RemoteActorRepository(jdbc).find(id).orElseThrow().actor();
    assertThat(row).isEqualTo(bob);
    assertThat(row.alsoKnownAs()).containsExactly("https://old.example/users/bob", "https://older.example/bob");
    assertThat(actors.byKeyId(id + "#main-key")).isEqualTo(bob);

    byte[] body = "{\"type\":\"Follow\"}".getBytes(StandardCharsets.UTF_8);
    Map<String, List<String>> headers = new HashMap<>();
    HttpSignatures.sign("POST", URI.create("http://localhost:" + PORT + "/inbox"), body, id + "#main-key",
        BOB.getPrivate(), clock.instant()).forEach((name, value) -> headers.put(name, List.of(value)));
    assertThat(verifier.verify(new InboundRequest("POST", "/inbox", headers, body)))
        .isEqualTo(new VerifiedSender(id + "#main-key", id));
    assertThat(peer.hits("/users/bob")).as("the table answered after the first fetch").isEqualTo(1);

    // A second fetch replaces the row (a new key), not adds one.
    KeyPair rotated = ActorKeys.generate();
    peer.answer("/users/bob", PeerServer.Answer.json(peer.actor("/users/bob", rotated).toString()));
    actors.refresh(URI.create(id));
    assertThat(jdbc.sql("SELECT count(*) FROM federation_remote_actor WHERE id = :id").param("id", id)
        .query(Long.class).single()).isEqualTo(1);
    assertThat(ActorKeys.parsePem(new RemoteActorRepository(jdbc).find(id).orElseThrow().actor().publicKeyPem()))
        .isEqualTo(rotated.getPublic());
  }

  /** A delivery signed for another host (here 127.0.0.1, while Commune is localhost) is refused on the wire. */
  @Test
  void aDeliverySignedForAnotherHostIsRefused() throws Exception {
    peer.answer("/users/bob", PeerServer.Answer.json(peer.actor("/users/bob", BOB).toString()));
    String id = peer.base() + "/users/bob";
    byte[] body = ("{\"@context\":\"https://www.w3.org/ns/activitystreams\",\"id\":\"" + id + "/follows/1\","
        + "\"type\":\"Follow\",\"actor\":\"" + id + "\",\"object\":\"http://localhost:" + PORT + "/actors/org\"}")
        .getBytes(StandardCharsets.UTF_8);
    URI elsewhere = URI.create("http://127.0.0.1:" + PORT + "/inbox");
    HttpRequest.Builder request = HttpRequest.newBuilder(elsewhere).header("Content-Type", "application/activity+json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    HttpSignatures.sign("POST", elsewhere, body, id + "#main-key", BOB.getPrivate(), clock.instant())
        .forEach((name, value) -> {
          if (!name.equals("Host")) {
            request.header(name, value);
          }
        });
    HttpResponse<String> answer = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).isEqualTo(401);
    assertThat(answer.body()).isEqualTo("{\"status\":\"wrong-host\"}");
    assertThat(peer.hits("/users/bob")).as("refused before the key is fetched").isZero();
  }
}
