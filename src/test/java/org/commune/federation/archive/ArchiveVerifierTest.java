package org.commune.federation.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.commune.transparency.LogLeaf;
import org.commune.transparency.LogSignatures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveVerifierTest {

  @TempDir Path dir;

  private static Archive read(byte[] zip) throws Exception {
    return Archive.read(new ByteArrayInputStream(zip));
  }

  private static Map<String, byte[]> entries(byte[] zip) throws Exception {
    return new LinkedHashMap<>(read(zip).files());
  }

  @Test
  void aGoodArchiveVerifiesAndNamesItsKey() throws Exception {
    ArchiveVerifier.Verified verified = ArchiveVerifier.verify(read(new SampleArchive().zip()), null);
    assertThat(verified.fingerprint()).isEqualTo(LogSignatures.fingerprint(SampleArchive.ACTOR.getPublic().getEncoded()));
    assertThat(verified.report().ok()).isTrue();
    assertThat(verified.report().entriesChecked()).isEqualTo(5);
    assertThat(verified.manifest().files()).hasSize(5);
    // Pinned with or without colons, in either case.
    ArchiveVerifier.verify(read(new SampleArchive().zip()), verified.fingerprint().replace(":", "").toUpperCase());
  }

  @Test
  void aChangedArticleByteIsRefused() throws Exception {
    Map<String, byte[]> files = entries(new SampleArchive().zip());
    byte[] article = files.get(SampleArchive.ARTICLE).clone();
    int at = new String(article, StandardCharsets.UTF_8).indexOf("won");
    article[at] = 'l'; // "won" becomes "lon": one byte
    files.put(SampleArchive.ARTICLE, article);
    assertRefused(files, SampleArchive.ARTICLE + " was changed");
  }

  @Test
  void anAddedFileIsRefused() throws Exception {
    Map<String, byte[]> files = entries(new SampleArchive().zip());
    files.put("articles/extra.json", "{}".getBytes(StandardCharsets.UTF_8));
    assertRefused(files, "articles/extra.json is not listed in the manifest");
  }

  @Test
  void aRemovedFileIsRefused() throws Exception {
    Map<String, byte[]> files = entries(new SampleArchive().zip());
    files.remove(Archive.ORGANISATION);
    assertRefused(files, Archive.ORGANISATION + " is listed in the manifest but missing");
  }

  @Test
  void aManifestResignedWithAnotherKeyIsRefusedUnderThePinnedKey() throws Exception {
    String expected = LogSignatures.fingerprint(SampleArchive.ACTOR.getPublic().getEncoded());
    byte[] forged = new SampleArchive().zip(SampleArchive.OTHER_ACTOR);
    // On its own it is consistent: only pinning the organisation's key tells it apart.
    ArchiveVerifier.verify(read(forged), null);
    assertThatThrownBy(() -> ArchiveVerifier.verify(read(forged), expected))
        .isInstanceOf(ArchiveRefused.class).hasMessageContaining("not the expected key " + expected);
  }

  @Test
  void aManifestSignedByAKeyOtherThanTheOneItNamesIsRefused() throws Exception {
    Map<String, byte[]> files = entries(new SampleArchive().zip());
    Map<String, byte[]> other = entries(new SampleArchive().zip(SampleArchive.OTHER_ACTOR));
    files.put(Archive.SIGNATURE, other.get(Archive.SIGNATURE));
    assertRefused(files, "the manifest's signature does not match the key");
  }

  @Test
  void aRewrittenLogEntryIsRefusedEvenWithTheManifestResigned() throws Exception {
    // Someone holding the actor key (not the log's key) rewrites an entry and signs a fresh manifest.
    SampleArchive sample = new SampleArchive();
    sample.leaves.set(2, new LogLeaf(2, sample.leaves.get(2).leaf().replace("\"n\":2", "\"n\":22")));
    sample.writeLog();
    assertThatThrownBy(() -> ArchiveVerifier.verify(read(sample.zip()), null))
        .isInstanceOf(ArchiveRefused.class).hasMessageContaining("the log inside does not verify")
        .hasMessageContaining("ENTRY_REWRITTEN");
  }

  @Test
  void unsafeNamesAndDuplicatesAreRefusedWhenReading() throws Exception {
    Map<String, byte[]> files = entries(new SampleArchive().zip());
    files.put("../outside.txt", new byte[] {1});
    assertThatThrownBy(() -> read(SampleArchive.rezip(files)))
        .isInstanceOf(ArchiveRefused.class).hasMessageContaining("unsafe name");
    assertThat(Archive.safeName("articles/a.json")).isTrue();
    assertThat(Archive.safeName("/etc/passwd")).isFalse();
    assertThat(Archive.safeName("a/./b")).isFalse();
    assertThat(Archive.safeName("a\\b")).isFalse();
  }

  @Test
  void theCommandSaysOneLineAndExitsNonZeroOnBadInput() throws Exception {
    Path good = dir.resolve("good.zip");
    Files.write(good, new SampleArchive().zip());
    Path notZip = dir.resolve("notes.txt");
    Files.writeString(notZip, "hello");
    assertThat(command(good.toString())).startsWith("0:").contains("OK:");
    assertThat(command(dir.resolve("missing.zip").toString())).startsWith("1:FAILED: no such file");
    assertThat(command(notZip.toString())).startsWith("1:FAILED: not a Commune archive");
    assertThat(command(good.toString(), "--key", "00:11")).startsWith("1:FAILED: signed with key");
    assertThat(command()).startsWith("2:Usage");
    assertThat(command(good.toString(), "--key")).startsWith("2:Usage");
  }

  private static String command(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
    int exit = VerifyArchiveCommand.run(args, print, print);
    String text = out.toString(StandardCharsets.UTF_8);
    return exit + ":" + (exit == 0 ? text : text.strip());
  }

  private static void assertRefused(Map<String, byte[]> files, String reason) {
    assertThatThrownBy(() -> ArchiveVerifier.verify(read(SampleArchive.rezip(files)), null))
        .isInstanceOf(ArchiveRefused.class).hasMessageContaining(reason);
  }
}
