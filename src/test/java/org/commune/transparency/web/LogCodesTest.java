package org.commune.transparency.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The public log shows coded values (phases, methods, outcomes…) in the reader's language, and nothing else as a code. */
class LogCodesTest {

  @Test
  void codedValuesHaveTheirNames() {
    assertThat(LogPageController.codeKey("proposal.phase", "from", "none")).isEqualTo("log.value.none");
    assertThat(LogPageController.codeKey("proposal.phase", "to", "discussion")).isEqualTo("proposals.phase.discussion");
    assertThat(LogPageController.codeKey("proposal.opened", "method", "scottish-stv")).isEqualTo("proposals.method.scottish-stv");
    assertThat(LogPageController.codeKey("vote.closed", "outcome", "failed_quorum")).isEqualTo("proposals.outcome.failed_quorum");
    assertThat(LogPageController.codeKey("proposal.implementation", "status", "in_progress"))
        .isEqualTo("implementation.status.in_progress");
    assertThat(LogPageController.codeKey("group.created", "kind", "working_group")).isEqualTo("groups.kind.working_group");
  }

  /** A value that is not a known code (a member's text, an id, an AI call's outcome) is shown as it is, never as a key. */
  @Test
  void otherValuesStayAsTheyAre() {
    assertThat(LogPageController.codeKey("proposal.phase", "to", "proposals.phase.voting")).isNull();
    assertThat(LogPageController.codeKey("proposal.phase", "proposal", "discussion")).isNull();
    assertThat(LogPageController.codeKey("ai.call", "outcome", "rejected")).isNull();
    assertThat(LogPageController.codeKey("proposal.opened", "method", "borda")).isNull();
  }

  @Test
  void everyNameIsInBothLanguages() throws IOException {
    List<String> keys = List.of(
        LogPageController.codeKey("t", "from", "none"), LogPageController.codeKey("t", "to", "implementation"),
        LogPageController.codeKey("t", "method", "meek-stv"), LogPageController.codeKey("t", "outcome", "chosen"),
        LogPageController.codeKey("t", "status", "abandoned"), LogPageController.codeKey("t", "kind", "branch"),
        LogPageController.codeKey("t", "type", "ai-charter"));
    for (String lang : List.of("en", "ar")) {
      Properties bundle = new Properties();
      try (var in = new InputStreamReader(
          LogCodesTest.class.getResourceAsStream("/messages_" + lang + ".properties"), StandardCharsets.UTF_8)) {
        bundle.load(in);
      }
      assertThat(keys).allSatisfy(k -> assertThat(bundle.getProperty(k)).as(lang + " " + k).isNotBlank());
    }
  }
}
