package org.commune.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files an attacker's review wrote for {@code ./commune tally} (src/test/resources/counting/hostile):
 * each is refused with exit 2 and one line saying why and where, never a stack trace, or counted as
 * docs/counting.md says.
 */
class TallyHostileInputTest {

  private static final Path HOSTILE = Path.of("src/test/resources/counting/hostile");

  @TempDir
  Path dir;

  /** What one run printed and returned. */
  private record Run(int exit, String out, String err) {}

  private static Run tally(Path file, String... options) {
    List<String> args = new ArrayList<>(List.of(file.toString()));
    args.addAll(List.of(options));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit = TallyCommand.run(args.toArray(String[]::new), null, new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static Run hostile(String name, String... options) {
    return tally(HOSTILE.resolve(name), options);
  }

  /** Refused: exit 2, the message in the first line of standard error, no stack trace, nothing counted. */
  private static void refused(Run run, String message) {
    assertThat(run.exit()).as(run.err()).isEqualTo(2);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines().findFirst().orElse("")).startsWith("tally: ").contains(message);
    assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception");
  }

  @Test
  void anUnforeseenFailureIsOneLineNotAStackTrace() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errors = new PrintStream(err, true, StandardCharsets.UTF_8);
    PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    assertThat(TallyCommand.guarded(out, errors, () -> {
      throw new NullPointerException("boom");
    })).isEqualTo(2);
    assertThat(TallyCommand.guarded(out, errors, () -> {
      throw new StackOverflowError();
    })).isEqualTo(2);
    assertThat(TallyCommand.guarded(out, errors, () -> {
      throw new OutOfMemoryError("Java heap space");
    })).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("tally: could not count this file: NullPointerException (boom)")
        .contains("tally: could not count this file: it is nested too deeply")
        .contains("tally: could not count this file: it needs more memory").doesNotContain("\tat ");
  }

  @Test
  void crashesOfTheReviewAreRefusedWithTheirPosition() {
    refused(hostile("wdnum.json"), "withdrawn[0] is 5, not a name in quotes");
    refused(hostile("cvrnotobj.json", "--format", "nist"), "$.CVR[0]: expected an object, found 5");
    refused(hostile("snapnum.json", "--format", "nist"), "$.CVR[0].CVRSnapshot[0]: expected an object, found 5");
    refused(hostile("candobj.json", "--format", "nist"), "$.Election[0].Candidate: expected an array");
    refused(hostile("marksobj.json", "--format", "nist"), "CVRContestSelection: expected an array");
    refused(hostile("deepnist.json", "--format", "nist"), "more than 64 deep at line 1, column 76");
    refused(hostile("deep.json"), "more than 64 deep at line 1, column 95");
    refused(hostile("pl_overflow.txt", "--format", "preflib"), "line 12: the number of voters adds up to more than");
  }

  @Test
  void filesAndOptionCountsHaveLimits() throws Exception {
    refused(tally(dir.resolve("missing.json")), "cannot read " + dir.resolve("missing.json") + ": no such file");
    refused(tally(dir), "not a regular file");
    refused(tally(Path.of("/dev/zero")), "not a regular file");
    Path many = dir.resolve("many.blt");
    Files.writeString(many, "100000 1\n1 1 2 0\n0\n");
    refused(tally(many), "line 1, column 1: 100000 is outside 1 to 1000 (the number of candidates)");
    StringBuilder json = new StringBuilder("{\"options\": [");
    for (int o = 0; o < 1001; o++) {
      json.append(o == 0 ? "" : ",").append("\"o").append(o).append('"');
    }
    Path wide = dir.resolve("wide.json");
    Files.writeString(wide, json.append("], \"ballots\": []}"));
    refused(tally(wide), "\"options\": 1001 options (candidates); a count takes at most 1000");
    Path huge = dir.resolve("huge.pl");
    Files.writeString(huge, "# NUMBER ALTERNATIVES: 2147483647\n# ALTERNATIVE NAME 1: A\n1: 1\n");
    refused(tally(huge, "--format", "preflib"), "line 1: 2147483647 options");
  }

  @Test
  void schulzeCountsAThousandOptionsInSeconds() throws Exception {
    StringBuilder blt = new StringBuilder("1000 1\n");
    for (int b = 0; b < 50; b++) {
      blt.append("1");
      for (int p = 0; p < 20; p++) {
        blt.append(' ').append(1 + (b * 37 + p * 101) % 1000);
      }
      blt.append(" 0\n");
    }
    blt.append("0\n");
    for (int c = 1; c <= 1000; c++) {
      blt.append("\"C").append(c).append("\"\n");
    }
    Path file = dir.resolve("wide.blt");
    Files.writeString(file, blt.toString());
    long start = System.nanoTime();
    Run run = tally(file, "--method", "schulze");
    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.out()).contains("Winner:");
    assertThat((System.nanoTime() - start) / 1_000_000_000).as("seconds").isLessThan(60);
  }

  @Test
  void silentlyWrongResultsAreRefused() {
    refused(hostile("wdA.json"), "withdrawn[0] \"A\" is also an option");
    refused(hostile("typo.json"), "unknown field \"seat\"");
    refused(hostile("thr0.json"), "\"threshold\" is 0/1: a threshold is more than 0 and at most 1");
    refused(hostile("pl_dupname.txt", "--format", "preflib"), "line 3: alternative 2 is named twice");
    refused(hostile("dupsel.json", "--format", "nist"), "ContestSelection[1].@id: \"s1\" is used twice");
    refused(hostile("nistdupcand.json", "--format", "nist"), "Candidate[1].@id: \"c1\" is used twice");
    refused(hostile("contestid2.json", "--format", "nist", "--contest", "Mayor"), "a second contest matches \"Mayor\"");
    refused(hostile("dupkey.json"), "Duplicate");
    refused(hostile("hashname.blt"), "line 4, column 1: a name line starting with #");
    refused(hostile("extra.blt"), "line 7, column 1: a line after the 2 names and the title");
  }

  @Test
  void gappedRankingsAreRefusedExceptByInstantRunoff() {
    refused(hostile("ranksgap.json"), "ballot 1 [2, 3, 0] skips rank 1");
    refused(hostile("gap.json"), "ballot 3 [1, 3, 0] skips rank 2");
    refused(hostile("gap.json", "--method", "meek-stv"), "ballot 3 [1, 3, 0] skips rank 2");
    Run debian = hostile("deb_gap.txt", "--format", "debian", "--method", "scottish-stv");
    assertThat(debian.exit()).as(debian.err()).isZero();
    assertThat(debian.out()).as("Debian reads only the order: 2-3 is A first, C second").contains("Elected: A");
    Run irv = hostile("ranksgapirv.json");
    assertThat(irv.exit()).as(irv.err()).isZero();
    Run strict = hostile("ranksgapirv.json", "--max-skipped", "0");
    assertThat(strict.out()).contains("Winner: C");
  }

  @Test
  void nothingCountableElectsNobody() {
    Run irv = hostile("allover.json");
    assertThat(irv.exit()).isZero();
    assertThat(irv.out()).contains("nobody is chosen").doesNotContain("Winner");
    Run stv = hostile("alltieSTV.json");
    assertThat(stv.out()).contains("nobody is chosen").doesNotContain("Elected: C");
    Run star = hostile("starzero.json");
    assertThat(star.out()).contains("nobody is chosen").doesNotContain("Winner");
  }

  @Test
  void starDrawsTiedFinalistsWithTheSeed() {
    String three = "{\"options\": [\"A\", \"B\", \"C\"], \"method\": \"star\", \"ballots\": [{\"scores\": [3, 3, 3]}]}";
    java.util.Set<String> runoffs = new java.util.HashSet<>();
    for (int seed = 1; seed <= 12; seed++) {
      String printed = TallyCommand.tally(three, false, Map.of("seed", Integer.toString(seed)));
      assertThat(printed).contains("Tied for a place in the runoff: A, B, C; the finalists were drawn with seed " + seed);
      runoffs.add(printed.lines().filter(l -> l.startsWith("Runoff:")).findFirst().orElseThrow());
    }
    assertThat(runoffs).as("the seed, not the options' order, picks the finalists").hasSizeGreaterThan(1);
  }

  @Test
  void namesPrintVisibly() {
    refused(hostile("ctrl.blt"), "line 4, column 1: a name's quotes are not closed");
    String fake = "{\"options\": [\"\\u001b[2J\\u001b[31mA\\nWinner: B\", \"B\"], \"ballots\": [{\"ranks\": [2, 1]}]}";
    String printed = TallyCommand.tally(fake, false, Map.of());
    assertThat(printed).contains("\\u001b[2J\\u001b[31mA\\nWinner: B").doesNotContain("\u001b");
    assertThat(printed.lines().filter(l -> l.startsWith("Winner:")).toList()).containsExactly("Winner: B");
    Run ansi = hostile("ansi.blt");
    assertThat(ansi.out()).doesNotContain("\u001b").contains("\\u001b[1A");
    String zeroWidth = "{\"options\": [\"A\u200b\", \"A\\u0000\"], \"ballots\": [{\"ranks\": [1, 2]}]}";
    assertThat(TallyCommand.tally(zeroWidth, false, Map.of())).contains("A\\u200b").contains("A\\u0000")
        .doesNotContain("\u200b");
  }

  @Test
  void messagesSayWhatAndWhere() throws Exception {
    refused(hostile("deb_bignum.txt", "--format", "debian"), "line 1: option number 99999999999 is too large");
    refused(hostile("deb_lower.txt", "--format", "debian"), "line 3, column 4: \"a\" is not a rank");
    refused(hostile("deb_unicode.txt", "--format", "debian"), "line 3, column 4: \"١\" is not a rank");
    refused(hostile("u16.pl", "--format", "preflib"), "UTF-16 is not supported, save it as UTF-8");
    refused(hostile("u16.blt"), "UTF-16 is not supported, save it as UTF-8");
    Path latin = dir.resolve("latin.json");
    Files.write(latin, new byte[] {'{', '"', 'o', (byte) 0xE9, '"'});
    refused(tally(latin), "it is not UTF-8 text (byte offset 3)");
    refused(hostile("pl_arabic.txt", "--format", "preflib"), "line 3, column 1: expected a whole number");
    refused(hostile("pl_emptygroup.txt", "--format", "preflib"), "line 4, column 5: expected an alternative's number");
    refused(hostile("pl_trailcomma.txt", "--format", "preflib"), "line 3, column 6: expected an alternative's number");
    refused(hostile("pl_soc_incomplete.txt", "--format", "preflib"), "line 4: a SOC file holds complete orders");
    refused(hostile("pl_zero.txt", "--format", "preflib"), "line 3, column 1: a count of 0 voters");
    refused(hostile("pl_empty_order.txt", "--format", "preflib"), "line 3, column 3: an alternative's number is missing");
  }
}
