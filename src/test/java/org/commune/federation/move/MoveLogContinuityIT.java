package org.commune.federation.move;

import static org.assertj.core.api.Assertions.assertThat;
import static org.commune.testing.CommandDataDir.withDataDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.commune.Application;
import org.commune.database.BackupCommand;
import org.commune.database.RestoreCommand;
import org.commune.federation.FederationUrls;
import org.commune.governance.BallotInput;
import org.commune.governance.DecisionType;
import org.commune.governance.ProposalId;
import org.commune.governance.Proposals;
import org.commune.members.InvalidInput;
import org.commune.members.MemberSummary;
import org.commune.publishing.Articles;
import org.commune.testing.FreePort;
import org.commune.testing.RunningCommune;
import org.commune.testing.WebSession;
import org.commune.transparency.TransparencyLog;
import org.commune.transparency.VerifyLogCommand;
import org.commune.transparency.merkle.Rfc9162;
import org.commune.web.Json;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Moving house keeps one log: the members vote for the new address, hand-over on the old instance, backup, restore under a new public URL in a
 * second process, a new entry there; the new log holds the old one (hand-over entry included) and extends
 * it, under the same key, and verify-log passes against the new address.
 */
class MoveLogContinuityIT extends RunningCommune {

  private final HttpClient http = HttpClient.newHttpClient();

  @Autowired Moving moving;
  @Autowired Articles articles;
  @Autowired TransparencyLog log;
  @Autowired FederationUrls urls;
  @Autowired Proposals proposals;

  @Test
  void theLogContinuesAcrossBackupRestoreAtTheNewAddress() throws Exception {
    articles.publish(steward(), "en", "Before the move", "Still here.");
    int newPort = FreePort.find();
    String newBase = "http://localhost:" + newPort;
    String newActor = newBase + "/actors/org";
    try {
      moving.handOver(newActor);
      throw new AssertionError("a hand-over without a vote was not refused");
    } catch (InvalidInput refused) {
      assertThat(refused.problems().get(0).messageKey()).isEqualTo("federation.move.not-voted");
    }
    // The members vote through the governance API, with the payload the stewards' page writes (the new
    // instance does not run yet: it is restored from the backup made after the hand-over).
    ProposalId vote = proposals.proposeDocument(steward(), DecisionType.MOVE, "Move", "To the new address.",
        Json.MAPPER.writeValueAsString(Map.of("to", newActor)), 3);
    for (MemberSummary member : members.all()) {
      try {
        proposals.cast(member.id(), vote, new BallotInput("yes", Set.of(), Map.of()));
      } catch (InvalidInput notInTheElectorate) {
        // Members other tests of this shared context added after the vote opened, or suspended: no ballot.
      }
    }
    proposals.close(vote);
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> moving.adoptedTargets().contains(newActor));
    moving.handOver(newActor);
    Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> moving.handedOverTo().contains(newBase + "/actors/org")
        && jdbc.sql("SELECT count(*) FROM event_publication WHERE completion_date IS NULL").query(Long.class).single() == 0);

    Path dir = Files.createDirectories(Path.of("target/it-moves", UUID.randomUUID().toString()));
    Path backup = dir.resolve("final.backup");
    Path newData = dir.resolve("new-data");
    assertThat(withDataDir(Path.of(DATA_DIR), () -> BackupCommand.run(new String[] {backup.toString()}))).isZero();
    assertThat(withDataDir(newData, () -> RestoreCommand.run(new String[] {backup.toString()}))).isZero();

    String java = ProcessHandle.current().info().command().orElse("java");
    Path output = dir.resolve("new-instance.log");
    Process moved = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Application.class.getName(),
        "--server.port=" + newPort, "--commune.data-dir=" + newData.toAbsolutePath(), "--commune.public-url=" + newBase)
        .redirectErrorStream(true).redirectOutput(output.toFile()).start();
    try {
      Awaitility.await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(1))
          .until(() -> !moved.isAlive() || status(newBase + "/api/log/checkpoint") == 200);
      assertThat(moved.isAlive()).as("the restored instance runs; its output:%n%s", Files.readString(output)).isTrue();
      long restored = json(newBase + "/api/log/checkpoint").path("treeSize").asLong();

      // The old log, as far as the backup holds it, is the new log's beginning, hand-over entry included.
      List<String> oldLeaves = leaves("http://localhost:" + PORT, restored);
      assertThat(leaves(newBase, restored)).isEqualTo(oldLeaves);
      assertThat(oldLeaves).anyMatch(leaf -> leaf.contains("federation.moved") && leaf.contains(newBase + "/actors/org"));
      assertThat(json(newBase + "/api/log/public-key").path("publicKey").asString())
          .isEqualTo(Base64.getEncoder().encodeToString(log.publicKey()));

      // A new entry at the new address: the alias, declared by a steward there.
      WebSession steward = new WebSession(newPort);
      assertThat(steward.signIn(STEWARD, PASSWORD).redirectsTo("/home")).isTrue();
      assertThat(steward.submit("/admin/federation/move", "/admin/federation/move/alias",
          Map.of("oldActor", urls.actor())).redirectsTo("/admin/federation/move")).isTrue();
      Awaitility.await().atMost(Duration.ofSeconds(20))
          .until(() -> json(newBase + "/api/log/checkpoint").path("treeSize").asLong() > restored);
      JsonNode latest = json(newBase + "/api/log/checkpoint");
      long size = latest.path("treeSize").asLong();
      assertThat(json(newBase + "/api/log/entries?start=" + restored + "&count=10").path("entries").get(0)
          .path("leaf").asString()).contains("federation.alias-declared");

      // The new log extends the old checkpoint the backup carried (RFC 9162 consistency)…
      JsonNode old = json("http://localhost:" + PORT + "/api/log/checkpoints?from=" + restored + "&count=1")
          .path("checkpoints").get(0);
      assertThat(old.path("treeSize").asLong()).isEqualTo(restored);
      List<byte[]> proof = new ArrayList<>();
      json(newBase + "/api/log/proof/consistency?first=" + restored + "&second=" + size).path("proof")
          .forEach(h -> proof.add(Base64.getDecoder().decode(h.asString())));
      assertThat(Rfc9162.verifyConsistency(restored, size, Base64.getDecoder().decode(old.path("rootHash").asString()),
          Base64.getDecoder().decode(latest.path("rootHash").asString()), proof)).isTrue();
      // …and verify-log, pinned to the old key, passes against the new address.
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      PrintStream was = System.out;
      int exit;
      try {
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        exit = VerifyLogCommand.run(new String[] {newBase, "--no-state", "--key",
            Base64.getEncoder().encodeToString(log.publicKey())});
      } finally {
        System.setOut(was);
      }
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("OK: tree size " + size);
      assertThat(exit).isZero();

      // With the default settings the old instance never connects to a local address, even the new instance's.
      try {
        moving.move(newBase + "/actors/org");
        throw new AssertionError("a move to a loopback address was not refused");
      } catch (InvalidInput refused) {
        assertThat(refused.problems().get(0).messageKey()).isEqualTo("federation.move.address-refused");
      }
      assertThat(moving.movedTo()).isEmpty();
    } finally {
      moved.destroy();
      if (!moved.waitFor(30, TimeUnit.SECONDS)) {
        moved.destroyForcibly().waitFor();
      }
    }
  }

  private List<String> leaves(String base, long count) throws Exception {
    List<String> leaves = new ArrayList<>();
    json(base + "/api/log/entries?start=0&count=" + count).path("entries").forEach(e -> leaves.add(e.path("leaf").asString()));
    return leaves;
  }

  private int status(String url) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception notYet) {
      return 0;
    }
  }

  private JsonNode json(String url) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "application/json")
        .build(), HttpResponse.BodyHandlers.ofString());
    return Json.MAPPER.readTree(response.body());
  }
}
