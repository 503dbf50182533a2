package org.commune.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
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
  }
}
