package org.commune.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ./commune tally --format ...} with the IRV rules of real jurisdictions, end to end. */
class TallyFormatsTest {

  private static final String RCTAB = "src/test/resources/counting/rctab/test_set_1_exhaust_at_overvote/"
      + "test_set_1_exhaust_at_overvote_cvr.json";

  /** RCTab's test set 1 under RCTab's rule: the report prints threshold and inactive ballots per round. */
  @Test
  void nistRecordsWithRctabRules() {
    Run run = run(RCTAB, "--format", "nist", "--overvotes", "exhaust-immediately", "--max-skipped", "4",
        "--max-rankings", "4");
    assertThat(run.code).as(run.err).isZero();
    assertThat(run.out)
        .contains("Method: irv", "An overvote (two options at one rank) makes the ballot inactive at once",
            "A ballot that skips more than 4 consecutive rankings", "Only the first 4 rankings are read",
            "Threshold", "Inactive: overvotes", "Inactive: skipped rankings", "Inactive: max rankings reached",
            "Read as: NIST cast vote records, contest contest-001: 15 records")
        // round 1: A 5, B 6, C 2, D 1; threshold 8; 1 overvote; D eliminated (RCTab's expected report)
        .containsPattern("Round 1: 5 6 2 1 8 0 0 1 0 0 eliminated Candidate D Name")
        .containsPattern("Round 3: 5 8 — — 7 0 0 2 0 0")
        .contains("Winner: Candidate B Name");
  }

  @Test
  void debianSheetWithSchulze() {
    Run run = run("src/test/resources/reference-elections/debian-dpl-schulze/leader2007_tally.txt", "--format", "debian",
        "--strength", "margins");
    assertThat(run.code).as(run.err).isZero();
    assertThat(run.out).contains("Raphaël Hertzog").contains("Winner: Sam Hocevar");
  }

  @Test
  void batchEliminationAndUntilTwoAreRecorded() {
    String ballots = """
        {"options": ["A", "B", "C", "D"], "method": "irv", "ballots": [
          {"ranks": [1, 0, 0, 0], "weight": 10}, {"ranks": [0, 1, 0, 0], "weight": 7},
          {"ranks": [0, 0, 1, 0], "weight": 2}, {"ranks": [2, 0, 0, 1], "weight": 1}]}
        """;
    String out = TallyCommand.tally(ballots, false, Map.of("batch-elimination", "true", "until-two", "true"));
    // D (1) and C (2) together (3) cannot reach B (7): both go at once, lowest first; A then has 11 of 20 — a majority.
    assertThat(out).contains("Batch elimination", "continues until two options remain")
        .contains("eliminated together D, C").contains("Winner: A");
  }

  @Test
  void wrongFlagsAreRefusedWithTheirValue() {
    assertThat(run(RCTAB, "--format", "csv").err).contains("--format is preflib, nist or debian, not csv");
    assertThat(run(RCTAB, "--format", "nist", "--overvotes", "maybe").err)
        .contains("--overvotes is exhaust-immediately, exhaust-if-multiple-continuing or skip, not maybe");
    assertThat(run(RCTAB, "--format", "nist", "--max-rankings", "0").err)
        .contains("--max-rankings must be a whole number from 1, not 0");
    assertThat(run(RCTAB, "--format", "nist", "--max-skipped").err).contains("--max-skipped needs a value");
    assertThat(run(RCTAB, "--format", "preflib").err).contains("tally: the file declares no alternatives");
  }

  private record Run(int code, String out, String err) {}

  private static Run run(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int code = TallyCommand.run(args);
      return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
