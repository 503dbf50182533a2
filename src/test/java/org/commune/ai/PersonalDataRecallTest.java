package org.commune.ai;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Redaction recall on 250 Arabic and English sentences with seeded emails, phone numbers (Latin and
 * Arabic-Indic digits, several countries' forms) and member names and usernames, plus sentences
 * whose numbers are not personal data. The numbers are printed and reported in docs/ai.md.
 */
class PersonalDataRecallTest {

  private static final List<String> MEMBERS = List.of("Salma Haddad", "Omar Farouk", "Rania Saleh", "Karim Nasser",
      "Layla Mansour", "Youssef Amin", "Nour Khalil", "Hassan Tarek", "Mona Fathy", "Ziad Kamal", "سلمى حداد",
      "عمر فاروق", "رانيا صالح", "كريم ناصر", "ليلى منصور", "يوسف أمين", "نور خليل", "حسن طارق", "منى فتحي", "زياد كمال",
      "salma", "omar.f", "rania", "karim_n", "layla", "youssef", "nour", "hassan", "mona", "ziad");

  @Test
  void recallOnSeededExamples() throws IOException {
    int seeded = 0;
    int found = 0;
    int examples = 0;
    int negatives = 0;
    int falseAlarms = 0;
    List<String> missed = new ArrayList<>();
    for (String line : lines()) {
      String[] parts = line.split("\t", -1);
      String text = parts[1];
      PersonalData.Redacted redacted = PersonalData.redact(text, MEMBERS);
      if (parts[2].isBlank()) {
        negatives++;
        if (redacted.count() > 0) {
          falseAlarms++;
          missed.add("false alarm: " + redacted.text());
        }
        continue;
      }
      examples++;
      for (String item : parts[2].split("; ")) {
        String value = item.substring(item.indexOf('=') + 1);
        seeded++;
        if (!redacted.text().contains(value)) {
          found++;
        } else {
          missed.add(item + " in: " + redacted.text());
        }
      }
    }
    double recall = (double) found / seeded;
    System.out.printf("Redaction recall: %d of %d seeded items (%.1f %%) in %d sentences; false alarms on %d of %d "
        + "sentences without personal data%n", found, seeded, 100 * recall, examples, falseAlarms, negatives);
    missed.forEach(m -> System.out.println("  " + m));
    assertThat(examples).isGreaterThanOrEqualTo(200);
    assertThat(recall).isGreaterThanOrEqualTo(0.98);
    assertThat(falseAlarms).isLessThanOrEqualTo(1);
  }

  @Test
  void namesAreMatchedAsWholeWordsOnly() {
    assertThat(PersonalData.redact("Monastery and Omar Farouk", List.of("mona", "Omar Farouk")).text())
        .isEqualTo("Monastery and [member]");
    assertThat(PersonalData.redact("Call Al", List.of("Al")).count()).as("names under three letters are ignored").isZero();
  }

  private static List<String> lines() throws IOException {
    try (InputStream in = PersonalDataRecallTest.class.getResourceAsStream("/ai/personal-data.tsv")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .filter(l -> !l.startsWith("#") && !l.isBlank()).toList();
    }
  }
}
