package org.commune.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;

/** The one CSV writer: quoting, formula neutralising, UTC moments, the byte order mark and the file name. */
class CsvTest {

  @Test
  void cellsThatASpreadsheetWouldRunAreShownInstead() {
    assertThat(Csv.cell("=HYPERLINK(\"http://evil\",\"x\")")).isEqualTo("\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\"");
    assertThat(Csv.cell("+1+cmd|' /C calc'!A0")).isEqualTo("'+1+cmd|' /C calc'!A0");
    assertThat(Csv.cell("-2+3")).isEqualTo("'-2+3");
    assertThat(Csv.cell("@SUM(A1)")).isEqualTo("'@SUM(A1)");
    assertThat(Csv.cell("\t=1")).isEqualTo("'\t=1");
    assertThat(Csv.cell("\r=1")).isEqualTo("\"'\r=1\"");
    // Numbers stay numbers, given as numbers or as a plain number in text.
    assertThat(Csv.cell(-3)).isEqualTo("-3");
    assertThat(Csv.cell("-3")).isEqualTo("-3");
    assertThat(Csv.cell("2.5")).isEqualTo("2.5");
    // Text that only contains these characters later is text as it is.
    assertThat(Csv.cell("a=b")).isEqualTo("a=b");
    assertThat(Csv.cell("الخبز = الحرية")).isEqualTo("الخبز = الحرية");
    assertThat(Csv.cell(null)).isEmpty();
  }

  @Test
  void quotesWhatWouldBreakTheRow() {
    assertThat(Csv.withHeader("a", "b").row("x,y", "say \"no\"").row("two\nlines", 7).text())
        .isEqualTo("a,b\r\n\"x,y\",\"say \"\"no\"\"\"\r\n\"two\nlines\",7\r\n");
  }

  @Test
  void momentsAreUtcIso() {
    Instant at = Instant.parse("2026-11-28T10:15:30.123456Z");
    assertThat(Csv.cell(at)).isEqualTo("2026-11-28T10:15:30Z");
    assertThat(Csv.cell(OffsetDateTime.of(2026, 11, 28, 13, 15, 30, 0, ZoneOffset.ofHours(3))))
        .isEqualTo("2026-11-28T10:15:30Z");
  }

  @Test
  void byteOrderMarkFirstUnlessAskedWithout() {
    Csv csv = Csv.withHeader("الاسم").row("نعم");
    byte[] with = csv.bytes(true);
    assertThat(Arrays.copyOf(with, 3)).containsExactly(0xEF, 0xBB, 0xBF);
    assertThat(new String(with, 3, with.length - 3, StandardCharsets.UTF_8)).isEqualTo("الاسم\r\nنعم\r\n");
    assertThat(csv.bytes(false)).isEqualTo("الاسم\r\nنعم\r\n".getBytes(StandardCharsets.UTF_8));
    assertThat(Csv.withBom(null)).isTrue();
    assertThat(Csv.withBom("1")).isTrue();
    assertThat(Csv.withBom("0")).isFalse();
    assertThat(Csv.withBom("false")).isFalse();
  }

  @Test
  void downloadNamesTheFileForOldAndNewClients() {
    var answer = Csv.withHeader("a").download("نتيجة التصويت \"1\"", null);
    assertThat(answer.getHeaders().getContentType()).hasToString("text/csv;charset=UTF-8");
    assertThat(answer.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION)).isEqualTo(
        "attachment; filename=\"_____ _______ _1_.csv\"; filename*=UTF-8''"
            + "%D9%86%D8%AA%D9%8A%D8%AC%D8%A9%20%D8%A7%D9%84%D8%AA%D8%B5%D9%88%D9%8A%D8%AA%20%221%22.csv");
    assertThat(Csv.attachment("result-1*2.csv")).isEqualTo(
        "attachment; filename=\"result-1*2.csv\"; filename*=UTF-8''result-1%2A2.csv");
  }
}
