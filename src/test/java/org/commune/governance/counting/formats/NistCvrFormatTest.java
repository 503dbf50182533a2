package org.commune.governance.counting.formats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.commune.governance.counting.InstantRunoff;
import org.commune.governance.counting.IrvRules;
import org.commune.governance.counting.RankedBallot;
import org.commune.governance.counting.TieBreak;
import org.junit.jupiter.api.Test;

/** NIST cast vote records: what is read, and errors that name their JSON path. */
class NistCvrFormatTest {

  private static final String ELECTION = """
      {"Election": [{"@id": "e", "Candidate": [{"@id": "a", "Name": "Ann"}, {"@id": "b", "Name": "Ben"}],
        "Contest": [{"@id": "c1", "Name": "Mayor", "ContestSelection": [
          {"@id": "sa", "CandidateIds": ["a"]}, {"@id": "sb", "CandidateIds": ["b"]}]}]}],
       "CVR": [%s]}
      """;

  private static String cvr(String selections) {
    return """
        {"CurrentSnapshotId": "s1", "CVRSnapshot": [{"@id": "s0", "CVRContest": []},
          {"@id": "s1", "CVRContest": [{"ContestId": "c1", "CVRContestSelection": [%s]}]}]}
        """.formatted(selections);
  }

  private static String mark(String selection, String rank) {
    return "{\"ContestSelectionId\": \"" + selection + "\", \"SelectionPosition\": [{\"Rank\": " + rank
        + ", \"HasIndication\": \"yes\"}]}";
  }

  @Test
  void readsTheCurrentSnapshotAndMergesIdenticalBallots() {
    ImportedBallots file = NistCvrFormat.parse(ELECTION.formatted(String.join(",",
        cvr(mark("sa", "1") + "," + mark("sb", "2")), cvr(mark("sb", "2") + "," + mark("sa", "1")),
        cvr(mark("sb", "1")))), "Mayor");
    assertThat(file.options()).containsExactly("Ann", "Ben");
    assertThat(file.ballots()).containsExactly(new RankedBallot(new int[] {1, 2}, 2), new RankedBallot(new int[] {0, 1}, 1));
  }

  @Test
  void unmarkedPositionsAreNotMarksAndRepeatedRankingsKeepTheBest() {
    ImportedBallots file = NistCvrFormat.parse(ELECTION.formatted(cvr(
        "{\"ContestSelectionId\": \"sa\", \"SelectionPosition\": [{\"Rank\": 1, \"HasIndication\": \"no\"},"
            + " {\"Rank\": 2}, {\"Rank\": 3}]}")), null);
    assertThat(file.ballots()).containsExactly(new RankedBallot(new int[] {2, 0}, 1));
    assertThat(file.notes()).anyMatch(n -> n.startsWith("1 repeated rankings"));
  }

  /** An explicit "overvote" candidate (ES&S, RCTab conversions) stays an overvote at its rank. */
  @Test
  void explicitOvervoteMarks() {
    String withLabel = ELECTION.replace("{\"@id\": \"b\", \"Name\": \"Ben\"}",
            "{\"@id\": \"b\", \"Name\": \"Ben\"}, {\"@id\": \"c\", \"Name\": \"Cy\"}, {\"@id\": \"o\", \"Name\": \"overvote\"}")
        .replace("{\"@id\": \"sb\", \"CandidateIds\": [\"b\"]}",
            "{\"@id\": \"sb\", \"CandidateIds\": [\"b\"]}, {\"@id\": \"sc\", \"CandidateIds\": [\"c\"]},"
                + " {\"@id\": \"so\", \"CandidateIds\": [\"o\"]}");
    ImportedBallots file = NistCvrFormat.parse(withLabel.formatted(cvr(mark("sa", "1") + "," + mark("so", "2"))),
        null, "overvote");
    assertThat(file.options()).containsExactly("Ann", "Ben", "Cy");
    assertThat(file.ballots()).containsExactly(new RankedBallot(new int[] {1, 2, 2}, 1));
    assertThatThrownBy(() -> NistCvrFormat.parse(withLabel.formatted(cvr(mark("sa", "1") + "," + mark("so", "2")
        + "," + mark("sc", "3"))), null, "overvote"))
        .hasMessage("$.CVR[0].CVRSnapshot[1].CVRContest[0]: the explicit overvote at rank 2 cannot be kept as an"
            + " overvote: the record ranks all options but one elsewhere");
    assertThat(file.notes()).anyMatch(n -> n.startsWith("1 records with an explicit overvote mark"));
  }

  @Test
  void errorsNameTheirJsonPath() {
    assertThatThrownBy(() -> NistCvrFormat.parse(ELECTION.formatted(cvr(mark("sa", "\"x\""))), null))
        .hasMessage("$.CVR[0].CVRSnapshot[1].CVRContest[0].CVRContestSelection[0].SelectionPosition[0].Rank:"
            + " expected a whole number 1 or more, found \"x\"");
    assertThatThrownBy(() -> NistCvrFormat.parse(ELECTION.formatted(cvr(mark("sa", "2.5"))), null))
        .hasMessageEndingWith("Rank: expected a whole number 1 or more, found 2.5");
    assertThatThrownBy(() -> NistCvrFormat.parse(ELECTION.formatted(cvr(mark("zz", "1"))), null))
        .hasMessage("$.CVR[0].CVRSnapshot[1].CVRContest[0].CVRContestSelection[0].ContestSelectionId:"
            + " \"zz\" is not a selection of contest c1");
    assertThatThrownBy(() -> NistCvrFormat.parse(ELECTION.formatted(""), "Council"))
        .hasMessage("no contest \"Council\" in the file (it has Mayor)");
    assertThatThrownBy(() -> NistCvrFormat.parse("{\"CVR\": [", null)).hasMessageStartingWith("not JSON: line 1");
  }

  /** RCTab's test set 1 under our default rule counts differently from RCTab's exhaust-immediately: the rules matter. */
  @Test
  void theOvervoteRuleChangesTheCount() throws IOException {
    ImportedBallots ballots = NistCvrFormat.parse(
        RctabComparisonTest.text("test_set_1_exhaust_at_overvote", "cvr.json"), "test set 1");
    long immediately = InstantRunoff.count(ballots.options(), ballots.ballots(),
        IrvRules.DEFAULT.overvotes(IrvRules.OvervoteRule.EXHAUST_IMMEDIATELY), new TieBreak(0))
        .rounds().getLast().inactive(InstantRunoff.Inactive.OVERVOTE);
    long ifContinuing = InstantRunoff.count(ballots.options(), ballots.ballots(), IrvRules.DEFAULT, new TieBreak(0))
        .rounds().getLast().inactive(InstantRunoff.Inactive.OVERVOTE);
    assertThat(immediately).isEqualTo(2);
    assertThat(ifContinuing).isEqualTo(1);
  }
}
