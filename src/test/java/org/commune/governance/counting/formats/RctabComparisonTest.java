package org.commune.governance.counting.formats;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.commune.governance.counting.InstantRunoff;
import org.commune.governance.counting.InstantRunoff.Inactive;
import org.commune.governance.counting.IrvRules;
import org.commune.governance.counting.TieBreak;
import org.commune.web.Json;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * RCTab's own single-winner test cases (src/test/resources/counting/rctab, copied from BrightSpots/rcv
 * with their configuration and RCTab's expected summary): our importer reads RCTab's NIST cast vote
 * records, our IRV counts them under the rules the case's configuration names, and every round must
 * match RCTab's report — tallies, threshold, who is eliminated or elected, and each category of
 * inactive ballots.
 */
class RctabComparisonTest {

  @ParameterizedTest
  @ValueSource(strings = {"test_set_0_skipped_first_choice", "test_set_1_exhaust_at_overvote",
      "test_set_2_overvote_skip_to_next", "test_set_3_skipped_choice_exhaust", "test_set_4_skipped_choice_next",
      "test_set_5_two_skipped_choice_exhaust"})
  void sameRoundsAsRctab(String testCase) throws IOException {
    JsonNode config = json(testCase, "config.json");
    JsonNode expected = json(testCase, "expected_detailed_report.json");
    IrvRules rules = rules(config.get("rules"));
    ImportedBallots ballots = NistCvrFormat.parse(text(testCase, "cvr.json"),
        config.get("cvrFileSources").get(0).get("contestId").asString());
    InstantRunoff.Result result = InstantRunoff.count(ballots.options(), ballots.ballots(), rules, new TieBreak(0));

    JsonNode rounds = expected.get("results");
    assertThat(result.rounds()).as("rounds").hasSize(rounds.size());
    for (int r = 0; r < rounds.size(); r++) {
      JsonNode want = rounds.get(r);
      InstantRunoff.Round got = result.rounds().get(r);
      String round = testCase + " round " + (r + 1);
      Map<String, Long> tally = new LinkedHashMap<>();
      want.get("tally").properties().forEach(e -> tally.put(e.getKey(), Long.parseLong(e.getValue().asString())));
      Map<String, Long> ours = new LinkedHashMap<>();
      for (int o = 0; o < ballots.options().size(); o++) {
        if (got.votes()[o] >= 0) {
          ours.put(ballots.options().get(o), got.votes()[o]);
        }
      }
      assertThat(ours).as(round + " tally").containsExactlyInAnyOrderEntriesOf(tally);
      assertThat(got.threshold()).as(round + " threshold").isEqualTo(Long.parseLong(want.get("threshold").asString()));
      JsonNode inactive = want.get("inactiveBallots");
      assertThat(got.inactive(Inactive.OVERVOTE)).as(round + " overvotes").isEqualTo(number(inactive, "overvotes"));
      assertThat(got.inactive(Inactive.SKIPPED_RANKINGS)).as(round + " skipped rankings")
          .isEqualTo(number(inactive, "skippedRankings"));
      // RCTab files a ballot that ran out at its maximum ranking under exhausted choices; we say which.
      assertThat(got.inactive(Inactive.EXHAUSTED_CHOICES) + got.inactive(Inactive.MAX_RANKINGS))
          .as(round + " exhausted choices").isEqualTo(number(inactive, "exhaustedChoices"));
      assertThat(number(inactive, "repeatedRankings")).isZero();
      List<String> eliminated = new ArrayList<>();
      String elected = null;
      for (JsonNode action : want.get("tallyResults")) {
        if (action.has("eliminated")) {
          eliminated.add(action.get("eliminated").asString());
        }
        if (action.has("elected")) {
          elected = action.get("elected").asString();
        }
      }
      assertThat(got.eliminatedAll().stream().map(ballots.options()::get).toList()).as(round + " eliminated")
          .containsExactlyInAnyOrderElementsOf(eliminated);
      if (elected != null) {
        assertThat(result.winnerName()).as(round + " elected").isEqualTo(elected);
      }
    }
    assertThat(result.rounds().get(0).inactive(Inactive.NO_RANKINGS)).as("undervotes")
        .isEqualTo(expected.get("summary").get("undervotes").asLong());
    long total = ballots.ballots().stream().mapToLong(b -> b.weight()).sum();
    assertThat(total).as("ballots").isEqualTo(Long.parseLong(expected.get("summary").get("totalNumBallots").asString()));
  }

  /** The IRV rules an RCTab configuration names. */
  static IrvRules rules(JsonNode rules) {
    IrvRules.OvervoteRule overvotes = switch (rules.get("overvoteRule").asString()) {
      case "exhaustImmediately" -> IrvRules.OvervoteRule.EXHAUST_IMMEDIATELY;
      case "alwaysSkipToNextRank" -> IrvRules.OvervoteRule.SKIP_TO_NEXT;
      case "exhaustIfMultipleContinuing" -> IrvRules.OvervoteRule.EXHAUST_IF_MULTIPLE_CONTINUING;
      default -> throw new IllegalArgumentException(rules.get("overvoteRule").asString());
    };
    String skipped = rules.get("maxSkippedRanksAllowed").asString();
    String max = rules.get("maxRankingsAllowed").asString();
    return new IrvRules(rules.get("batchElimination").asBoolean(),
        skipped.equals("unlimited") ? IrvRules.UNLIMITED : Integer.parseInt(skipped), overvotes,
        max.equals("max") ? IrvRules.UNLIMITED : Integer.parseInt(max),
        rules.get("continueUntilTwoCandidatesRemain").asBoolean());
  }

  private static long number(JsonNode node, String field) {
    return Long.parseLong(node.get(field).asString());
  }

  private static JsonNode json(String testCase, String suffix) throws IOException {
    return Json.MAPPER.readTree(text(testCase, suffix));
  }

  static String text(String testCase, String suffix) throws IOException {
    String path = "/counting/rctab/" + testCase + "/" + testCase + "_" + suffix;
    try (InputStream in = RctabComparisonTest.class.getResourceAsStream(path)) {
      assertThat(in).as(path + " is in the repository").isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
