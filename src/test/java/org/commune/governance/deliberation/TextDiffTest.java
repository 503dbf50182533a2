package org.commune.governance.deliberation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Word-level diffs as amendments show them: whole words (Arabic ones with their marks), nothing lost. */
class TextDiffTest {

  /** A change of one vowel mark shows the whole Arabic word out and the whole word in, never a broken letter. */
  @Test
  void arabicWordsStayWholeWithTheirDiacritics() {
    String before = "يدفع الطلاب نصف الاشتراك";
    String after = "يدفعُ الطلاب والمتدربون نصفَ الاشتراك";
    TextDiff diff = TextDiff.of(before, after);
    assertThat(words(diff, TextDiff.Change.DELETED)).containsExactly("يدفع", "نصف");
    assertThat(words(diff, TextDiff.Change.INSERTED)).contains("يدفعُ", "والمتدربون", "نصفَ");
    assertThat(words(diff, TextDiff.Change.SAME)).contains("الطلاب", "الاشتراك");
    assertRebuilds(diff, before, after);
  }

  /** A title that gains words: only the new words are marked, nothing is taken out. */
  @Test
  void aTitleThatGainsWords() {
    TextDiff diff = TextDiff.of("Lower dues for students", "Lower dues for students and apprentices");
    assertThat(diff.changed()).isTrue();
    assertThat(words(diff, TextDiff.Change.DELETED)).isEmpty();
    assertThat(words(diff, TextDiff.Change.INSERTED)).containsExactly("and", "apprentices");
    assertThat(TextDiff.of("Same title", "Same title").changed()).isFalse();
  }

  /** Markup is text like any other: the diff carries it as written, for the template to escape. */
  @Test
  void markupIsCarriedAsText() {
    TextDiff diff = TextDiff.of("plain", "plain <img src=x onerror=alert(1)>");
    assertThat(diff.parts()).anySatisfy(p -> assertThat(p.inserted() && p.text().contains("<img")).isTrue());
  }

  /** Line breaks are parts of their own, so a page can show them; a removed one is marked. */
  @Test
  void lineBreaksArePartsOfTheirOwn() {
    TextDiff diff = TextDiff.of("one\ntwo", "one two\nthree");
    assertThat(diff.parts()).filteredOn(TextDiff.Part::lineBreak).isNotEmpty()
        .allSatisfy(p -> assertThat(p.text()).isEqualTo("\n"));
    assertRebuilds(diff, "one\ntwo", "one two\nthree");
  }

  /** Whatever the texts, the unchanged and deleted parts give the old text and the unchanged and inserted the new. */
  @Test
  void randomTextsAreRebuiltExactly() {
    Random random = new Random(42);
    List<String> words = List.of("a", "bb", "نص", "كتابٌ", "\n", "  ", "x.", "<b>", "&amp;");
    for (int round = 0; round < 300; round++) {
      String before = text(random, words);
      String after = text(random, words);
      assertRebuilds(TextDiff.of(before, after), before, after);
    }
  }

  /** Texts too long to compare word by word are shown whole: all out, all in. */
  @Test
  void veryLongTextsAreShownWhole() {
    String before = "a ".repeat(TextDiff.MAX_TOKENS);
    TextDiff diff = TextDiff.of(before, "b");
    assertThat(diff.parts()).extracting(TextDiff.Part::change)
        .containsExactly(TextDiff.Change.DELETED, TextDiff.Change.INSERTED);
    assertRebuilds(diff, before, "b");
  }

  private static String text(Random random, List<String> words) {
    StringBuilder text = new StringBuilder();
    int n = random.nextInt(12);
    for (int i = 0; i < n; i++) {
      text.append(words.get(random.nextInt(words.size()))).append(random.nextBoolean() ? " " : "");
    }
    return text.toString();
  }

  private static void assertRebuilds(TextDiff diff, String before, String after) {
    String old = diff.parts().stream().filter(p -> !p.inserted()).map(TextDiff.Part::text).collect(Collectors.joining());
    String now = diff.parts().stream().filter(p -> !p.deleted()).map(TextDiff.Part::text).collect(Collectors.joining());
    assertThat(old).isEqualTo(before.replace("\r\n", "\n").replace('\r', '\n'));
    assertThat(now).isEqualTo(after.replace("\r\n", "\n").replace('\r', '\n'));
  }

  private static List<String> words(TextDiff diff, TextDiff.Change change) {
    return diff.parts().stream().filter(p -> p.change() == change)
        .flatMap(p -> TextDiff.tokens(p.text()).stream()).filter(t -> !t.isBlank()).toList();
  }
}
