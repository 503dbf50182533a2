package org.commune.federation.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.commune.federation.http.ActorKeys;
import org.commune.members.Role;
import org.commune.publishing.Articles;
import org.commune.testing.RunningCommune;
import org.commune.testing.WebSession;
import org.commune.transparency.LogSignatures;
import org.commune.transparency.TransparencyLog;
import org.commune.transparency.VerifyLogCommand;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The archive of a real instance: articles and their revisions and tombstones, the real log, signed with the
 * organisation's key; what a steward downloads verifies, re-serves, and passes verify-log; nobody else gets it.
 */
class ArchiveIT extends RunningCommune {

  @Autowired Articles articles;
  @Autowired TransparencyLog log;
  @Autowired ActorKeys actorKeys;
  @Autowired ArchiveContents contents;

  @Test
  void aStewardDownloadsAnArchiveThatVerifiesAndHoldsNoPersonalData() throws Exception {
    String tag = UUID.randomUUID().toString().substring(0, 8);
    UUID kept = articles.publish(steward(), "en", "Strike fund " + tag, "We **won** " + tag + ".");
    articles.correct(steward(), kept, "en", "1", "Strike fund " + tag, "We **won** again " + tag + ".", "fact",
        "The date was wrong.");
    UUID withdrawn = articles.publish(steward(), "ar", "بيان " + tag, "نص سيُسحب " + tag);
    articles.withdraw(steward(), withdrawn, "error", "Published by mistake.");
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> log.count("article.withdrawn") > 0);

    WebSession.Download download = signedIn(STEWARD).download("/admin/federation/archive");
    assertThat(download.status()).isEqualTo(200);
    assertThat(download.header("Content-Type")).startsWith("application/zip");
    assertThat(download.header("Content-Disposition")).contains("attachment").contains("commune-archive-");

    ArchiveVerifier.Verified verified = ArchiveVerifier.verify(
        Archive.read(new ByteArrayInputStream(download.body())),
        LogSignatures.fingerprint(actorKeys.publicKey().getEncoded()));
    assertThat(verified.manifest().origin()).isEqualTo("http://localhost:" + PORT);
    assertThat(verified.report().treeSize()).isEqualTo(verified.log().size()).isPositive();

    String article = new String(verified.archive().files().get(Archive.ARTICLES + kept + ".json"), StandardCharsets.UTF_8);
    assertThat(article).contains("Strike fund " + tag).contains("We **won** again " + tag)
        .contains("We **won** " + tag + ".").contains("\"correctionReason\" : \"fact\"").contains("\"sourceType\" : \"human\"");
    String tombstone = new String(verified.archive().files().get(Archive.ARTICLES + withdrawn + ".json"), StandardCharsets.UTF_8);
    assertThat(tombstone).contains("\"reason\" : \"error\"").contains("Published by mistake.").doesNotContain("سيُسحب");
    // Nobody's name or address: the steward's display name, username and email are in none of the files.
    for (var file : verified.archive().files().entrySet()) {
      String text = new String(file.getValue(), StandardCharsets.UTF_8);
      assertThat(text).as(file.getKey()).doesNotContain("steward@example.org").doesNotContain("\"Steward\"")
          .doesNotContain("Name of ");
    }
    assertThat(new String(verified.archive().files().get(Archive.ORGANISATION), StandardCharsets.UTF_8))
        .contains("Test Union").contains("نقابة الاختبار");

    // Re-served without a database, the log verifies as the original's does.
    try (ArchiveServer served = ArchiveServer.start(verified, new InetSocketAddress("127.0.0.1", 0))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      PrintStream was = System.out;
      int exit;
      try {
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        exit = VerifyLogCommand.run(new String[] {"http://127.0.0.1:" + served.port(), "--no-state"});
      } finally {
        System.setOut(was);
      }
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("OK: tree size " + verified.log().size());
      assertThat(exit).isZero();
      assertThat(new WebSession(served.port()).get("/articles/" + kept + "?lang=en").body())
          .contains("Strike fund " + tag).contains("made").contains("read-only");
      assertThat(new WebSession(served.port()).get("/articles/" + withdrawn + "?lang=ar").status()).isEqualTo(410);
    }
  }

  @Test
  void onlyStewardsMayDownloadIt() {
    member("archive-moderator", Role.MODERATOR);
    assertThat(visitor().download("/admin/federation/archive").status()).isIn(302, 401, 403);
    assertThat(signedIn("archive-moderator").download("/admin/federation/archive").status()).isIn(302, 403);
  }

  @Test
  void theCommandWritesTheFileOnceAndNeverOverwritesUnasked() throws Exception {
    Path dir = Files.createTempDirectory(Path.of("target"), "archive-it");
    Path target = dir.resolve("org.zip");
    assertThat(ArchiveCommand.write(contents, target, false)).isZero();
    ArchiveVerifier.verify(Archive.read(target), null);
    // Refused before Commune would be started for it.
    assertThat(ArchiveCommand.run(new String[] {target.toString()}, settings -> fail("started"))).isEqualTo(2);
    assertThat(ArchiveCommand.run(new String[] {dir.toString()}, settings -> fail("started"))).isEqualTo(2);
    assertThat(ArchiveCommand.run(new String[] {}, settings -> fail("started"))).isEqualTo(2);
    // Commune could not start (its directory in use): one line, exit 1, no file.
    assertThat(ArchiveCommand.run(new String[] {dir.resolve("other.zip").toString(), "--commune.data-dir=" + DATA_DIR},
        settings -> null)).isEqualTo(1);
    // A data directory with no Commune in it: refused before anything is started (or created).
    assertThat(ArchiveCommand.run(new String[] {dir.resolve("other.zip").toString(),
        "--commune.data-dir=" + dir.resolve("no-such-data")}, settings -> fail("started"))).isEqualTo(1);
    assertThat(dir.resolve("no-such-data")).doesNotExist();
    assertThat(dir.resolve("other.zip")).doesNotExist();
    assertThat(ArchiveCommand.write(contents, target, true)).isZero();
  }
}
