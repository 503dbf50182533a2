package org.commune.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.commune.governance.counting.ReferenceData;
import org.junit.jupiter.api.Test;

/** The tally command recounts exports and BLT files with any method. */
class TallyCommandTest {

  private static final String WIKIPEDIA_45 = """
      {"method": "schulze", "options": ["A", "B", "C", "D", "E"], "ballots": [
        {"ranks": [1, 3, 2, 5, 4], "weight": 5}, {"ranks": [1, 5, 4, 2, 3], "weight": 5},
        {"ranks": [4, 1, 5, 3, 2], "weight": 8}, {"ranks": [2, 3, 1, 5, 4], "weight": 3},
        {"ranks": [2, 4, 1, 5, 3], "weight": 7}, {"ranks": [3, 2, 1, 4, 5], "weight": 2},
        {"ranks": [5, 4, 2, 1, 3], "weight": 7}, {"ranks": [3, 2, 5, 4, 1], "weight": 8}]}
      """;

  /** A JSON export recounts with the method it names, and with any other ranked method. */
  @Test
  void recountsAJsonExport() {
    String schulze = TallyCommand.tally(WIKIPEDIA_45, false, Map.of());
    assertThat(schulze).contains("Ranking: E > A > C > B > D").contains("Winner: E").contains("  A: - 20 26 30 22");
    assertThat(TallyCommand.tally(WIKIPEDIA_45, false, Map.of("method", "irv"))).contains("Round 1:").contains("Winner:");
    assertThat(TallyCommand.tally(WIKIPEDIA_45, false, Map.of("method", "scottish-stv", "seats", "2"))).contains("Elected:");
  }

  /** Approval and score exports. */
  @Test
  void recountsApprovalAndScore() {
    String approval = """
        {"options": ["X", "Y"], "method": "approval", "ballots": [{"approved": [0, 1]}, {"approved": [1], "weight": 2}]}
        """;
    assertThat(TallyCommand.tally(approval, false, Map.of())).contains("X: 1").contains("Y: 3").contains("Winner: Y");
    String score = """
        {"options": ["X", "Y"], "method": "star", "maxScore": 5, "ballots": [{"scores": [5, 0], "weight": 2}, {"scores": [1, 2], "weight": 3}]}
        """;
    assertThat(TallyCommand.tally(score, false, Map.of())).contains("X: total 13").contains("Runoff: X 2 – 3 Y").contains("Winner: Y");
  }

  /** A BLT file (Edinburgh ward 1) recounts to the official councillors. */
  @Test
  void recountsABltFile() throws Exception {
    Path ward = ReferenceData.folder("edinburgh-2017-scottish-stv").resolve("ward_1_-_almond_-_preference_profile_report.csv");
    String printed = TallyCommand.tally(Files.readString(ward), true, Map.of());
    assertThat(printed).contains("Elected: ").contains("Graham HUTCHISON").contains("Kevin  LANG").contains("Louise YOUNG")
        .contains("Norrie WORK");
  }

  /** Bad input is refused with a message, and the command exits 2. */
  @Test
  void refusesBadInput() throws Exception {
    assertThatThrownBy(() -> TallyCommand.tally(WIKIPEDIA_45, false, Map.of("method", "borda")))
        .hasMessageContaining("unknown method");
    assertThatThrownBy(() -> TallyCommand.tally("{\"options\": [], \"ballots\": []}", false, Map.of()))
        .hasMessageContaining("no options");
    assertThat(TallyCommand.run(new String[] {"/no/such/file.json"})).isEqualTo(2);
    Path bad = Files.createTempFile("tally", ".json");
    Files.writeString(bad, "{\"options\": [\"A\"], \"ballots\": [{\"ranks\": [-1]}]}");
    assertThat(TallyCommand.run(new String[] {bad.toString()})).isEqualTo(2);
    // IRV's rules under another method were ignored without a word (newcomer review).
    assertThatThrownBy(() -> TallyCommand.tally(BLT, true, Map.of("max-skipped", "1")))
        .hasMessageContaining("--max-skipped are rules of instant-runoff voting").hasMessageContaining("scottish-stv");
    assertThat(TallyCommand.tally(BLT, true, Map.of("max-skipped", "1", "method", "irv"))).contains("Method: irv");
    // The report says what it read before what it gives (newcomer review: a recount is checked against it).
    assertThat(TallyCommand.tally(BLT, true, Map.of())).containsPattern("Read: \\d+ ballot lines, total weight \\d+, 4 options");
    // A PrefLib file without --format is named as such, not as broken JSON.
    Path preflib = Files.createTempFile("tally", ".soi");
    Files.writeString(preflib, "# FILE NAME: x.soi\n# NUMBER ALTERNATIVES: 2\n");
    assertThat(TallyCommand.run(new String[] {preflib.toString()})).isEqualTo(2);
  }

  private static final String BLT = """
      4 2
      1000 1 2 0
      700 2 1 3 0
      650 3 4 0
      400 4 3 0
      0
      "Ann"
      "Bob"
      "Cat"
      "Dan"
      "A ward"
      """;

  private static String json(String ballots) {
    return "{\"options\": [\"A\", \"B\"], \"method\": \"%s\", \"ballots\": [%s]}"
        .formatted(ballots.contains("approved") ? "approval" : ballots.contains("scores") ? "score" : "schulze", ballots);
  }

  /** Ranks and weights of the wrong type are refused with the ballot's number and field, never coerced. */
  @Test
  void wrongTypesAreRefusedWithTheirPosition() {
    Map<String, String> refused = new LinkedHashMap<>();
    refused.put("{\"ranks\": [1, 2]}, {\"ranks\": [\"x\", 1]}", "ballot 2, field ranks[0]: \"x\" is not a whole number");
    refused.put("{\"ranks\": [true, 1]}", "ballot 1, field ranks[0]: true is not a whole number");
    refused.put("{\"ranks\": [1, 2.9]}", "ballot 1, field ranks[1]: 2.9 is not a whole number");
    refused.put("{\"ranks\": [1, 2], \"weight\": 1e20}", "ballot 1, field weight: 1.0E20 is not a whole number");
    refused.put("{\"ranks\": [1, 2], \"weight\": 100000000000000000000}", "ballot 1, field weight: 100000000000000000000 is outside");
    refused.put("{\"ranks\": [1, 2], \"weight\": 0}", "ballot 1, field weight: 0 is outside 1");
    refused.put("{\"ranks\": [1, 2], \"weight\": \"3\"}", "ballot 1, field weight: \"3\" is not a whole number");
    refused.put("{\"ranks\": [1]}", "ballot 1, field ranks: 1 ranks for 2 options");
    refused.put("{\"approved\": [-1]}", "ballot 1, field approved[0]: -1 is outside 0");
    refused.put("{\"approved\": [0, 0]}", "ballot 1, field approved[1]: option 0 approved twice");
    refused.put("{\"approved\": [2]}", "ballot 1: approves option 2, which does not exist");
    refused.put("{\"scores\": [-1, 2]}", "ballot 1, field scores[0]: -1 is outside 0");
    refused.put("{\"scores\": [6, 2]}", "ballot 1: scores[0] is 6: scores go from 0 to 5");
    refused.put("{\"ranks\": [1, 2], \"scores\": [1, 2]}", "ballot 1 has both");
    refused.put("{\"rank\": [1, 2]}", "ballot 1 has an unknown field \"rank\"");
    refused.forEach((ballots, message) -> assertThatThrownBy(() -> TallyCommand.tally(json(ballots), false, Map.of()))
        .as(ballots).hasMessageContaining(message));
    assertThatThrownBy(() -> TallyCommand.tally("{\"options\": [\"A\",\n \"B\" \"C\"]}", false, Map.of()))
        .hasMessageContaining("line 2, column");
    assertThatThrownBy(() -> TallyCommand.tally("{\"options\": [\"A\", 7], \"ballots\": []}", false, Map.of()))
        .hasMessageContaining("options[1] is 7");
    assertThatThrownBy(() -> TallyCommand.tally("{\"options\": [\"A\", \"A\"], \"ballots\": []}", false, Map.of()))
        .hasMessageContaining("both named \"A\"");
  }

  /** A method that does not fit the ballots, and a strength that is not one of its two values, are refused. */
  @Test
  void settingsMustFit() {
    assertThatThrownBy(() -> TallyCommand.tally(WIKIPEDIA_45, false, Map.of("method", "approval")))
        .hasMessageContaining("approval counts approval ballots; these are ranked ballots");
    assertThatThrownBy(() -> TallyCommand.tally(WIKIPEDIA_45, false, Map.of("strength", "margin")))
        .hasMessageContaining("neither winning-votes nor margins");
    assertThat(TallyCommand.tally(WIKIPEDIA_45, false, Map.of("strength", "margins"))).contains("margins");
    assertThat(TallyCommand.tally("\uFEFF" + WIKIPEDIA_45, false, Map.of())).as("a UTF-8 byte-order mark").contains("Winner: E");
    assertThatThrownBy(() -> TallyCommand.tally(WIKIPEDIA_45.replace("\"method\": \"schulze\"",
        "\"method\": \"schulze\", \"method\": \"irv\""), false, Map.of())).hasMessageContaining("line 1, column");
    assertThatThrownBy(() -> TallyCommand.tally(WIKIPEDIA_45, false, Map.of("seats", "two")))
        .hasMessageContaining("--seats takes a whole number");
    assertThat(TallyCommand.run(new String[] {"x.json", "--method"})).isEqualTo(2);
    assertThat(TallyCommand.run(new String[] {"x.json", "--strength", "both"})).isEqualTo(2);
  }

  /** Zero ballots elect nobody. */
  @Test
  void zeroBallotsElectNobody() {
    String none = "{\"options\": [\"A\", \"B\"], \"method\": \"irv\", \"ballots\": []}";
    assertThat(TallyCommand.tally(none, false, Map.of())).contains("nobody is chosen").doesNotContain("Winner");
    assertThat(TallyCommand.tally(BLT.replaceAll("(?m)^\\d+ [\\d ]+0\n", ""), true, Map.of()))
        .contains("nobody is chosen").doesNotContain("Elected");
  }

  /** BLT: errors name line and column; a BOM, withdrawn candidates and parties are read. */
  @Test
  void bltIsReadStrictly() {
    assertThat(TallyCommand.tally(BLT, true, Map.of())).contains("Elected: Ann, Cat");
    assertThat(TallyCommand.tally("\uFEFF" + BLT, true, Map.of())).contains("Elected: Ann, Cat");
    assertThatThrownBy(() -> TallyCommand.tally(BLT.replace("650 3 4 0", "650 3 0 4"), true, Map.of()))
        .hasMessageContaining("line 4, column 9: a preference after the 0 that ends the ballot");
    assertThatThrownBy(() -> TallyCommand.tally(BLT.replace("700 2 1", "7x0 2 1"), true, Map.of()))
        .hasMessageContaining("line 3, column 1: \"7x0\" is not a whole number");
    assertThatThrownBy(() -> TallyCommand.tally(BLT.replace("400 4 3", "400 4 9"), true, Map.of()))
        .hasMessageContaining("line 5, column 7: 9 is outside 0 to 4");
    assertThatThrownBy(() -> TallyCommand.tally(BLT.replace("4 2\n", "4\n"), true, Map.of()))
        .hasMessageContaining("line 1, column 1");
    assertThatThrownBy(() -> TallyCommand.tally(BLT.replace("\"Dan\"", "\"Ann\""), true, Map.of()))
        .hasMessageContaining("both named \"Ann\"");
    // Cat withdraws: her papers pass on as if she had never stood; Bob takes the second seat.
    String withdrawn = TallyCommand.tally(BLT.replace("4 2\n", "4 2\n-3\n"), true, Map.of());
    assertThat(withdrawn).contains("Withdrawn before the count: Cat").contains("Elected: Dan, Ann");
    String parties = TallyCommand.tally(BLT.replace("\"Ann\"", "\"Ann\" \"Green\""), true, Map.of());
    assertThat(parties).contains("Ann: party Green").contains("Elected: Ann, Cat");
  }

  /** A weight of 10^14 per BLT line cannot be counted exactly by Scottish STV: exit 2, not negative totals. */
  @Test
  void hugeBltWeightsAreRefused() throws Exception {
    Path file = Files.createTempFile("ward", ".blt");
    Files.writeString(file, BLT.replace("1000 1 2", "100000000000000 1 2"));
    assertThat(TallyCommand.run(new String[] {file.toString()})).isEqualTo(2);
    assertThat(TallyCommand.run(new String[] {file.toString(), "--method", "schulze"})).isEqualTo(0);
  }

  /** A relative file is read from the caller's directory, which the launcher passes on. */
  @Test
  void relativeFilesResolveAgainstTheCallersDirectory() {
    assertThat(TallyCommand.resolve("ward.blt", "/home/clerk")).isEqualTo(Path.of("/home/clerk/ward.blt"));
    assertThat(TallyCommand.resolve("/data/ward.blt", "/home/clerk")).isEqualTo(Path.of("/data/ward.blt"));
    assertThat(TallyCommand.resolve("ward.blt", null)).isEqualTo(Path.of("ward.blt"));
  }

  /**
   * The launcher, run from another directory, passes that directory on: a copy of {@code ./commune} with
   * a stand-in JDK whose java prints what it was given.
   */
  @Test
  void theLauncherPassesTheCallersDirectory() throws Exception {
    Path root = Files.createTempDirectory("launcher");
    Path home = Files.createDirectories(root.resolve("commune"));
    Files.copy(Path.of("commune"), home.resolve("commune"));
    Path jdk = Files.createDirectories(root.resolve("jdk/bin"));
    Files.writeString(root.resolve("jdk/release"), "JAVA_VERSION=\"25.0.1\"\n");
    Files.writeString(jdk.resolve("java"), "#!/usr/bin/env bash\necho \"caller=$COMMUNE_CALLER_DIR cwd=$PWD args=$*\"\n");
    Files.createDirectories(home.resolve("target/app"));
    Files.writeString(home.resolve("target/app/commune.jar"), "");
    for (Path executable : List.of(home.resolve("commune"), jdk.resolve("java"))) {
      executable.toFile().setExecutable(true);
    }
    Path caller = Files.createDirectories(root.resolve("clerk"));
    ProcessBuilder process = new ProcessBuilder(home.resolve("commune").toString(), "tally", "ward.blt")
        .directory(caller.toFile()).redirectErrorStream(true);
    process.environment().put("JAVA_HOME", root.resolve("jdk").toString());
    process.environment().put("COMMUNE_AOT", "off");
    Process started = process.start();
    String output = new String(started.getInputStream().readAllBytes());
    assertThat(started.waitFor()).as(output).isZero();
    assertThat(output).contains("caller=" + caller.toRealPath()).contains("cwd=" + home.toRealPath())
        .contains("tally ward.blt");
  }
}
