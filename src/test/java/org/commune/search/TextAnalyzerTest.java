package org.commune.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * Arabic is found however it was typed: each case indexes one spelling and searches with another,
 * through the same analyser and index the application uses (no Spring, no database).
 */
class TextAnalyzerTest {

  /** A search with no sources: these tests index their own documents. */
  private final Search search = new Search(new StaticListableBeanFactory().getBeanProvider(SearchSource.class));

  private List<String> terms(String text) {
    return search.terms(text);
  }

  /** Both spellings give the same terms (and so find each other). */
  private void same(String indexed, String typed) {
    assertThat(terms(typed)).as("\"%s\" finds \"%s\"", typed, indexed).isEqualTo(terms(indexed)).isNotEmpty();
  }

  @Test
  void taaMarbutaAndHaaAreOneLetter() {
    same("الجمعية", "الجمعيه");
  }

  @Test
  void alefWithHamzaOrMaddaIsAlef() {
    same("أحمد", "احمد");
    same("إسلام", "اسلام");
    same("آمال", "امال");
    same("ٱلعمال", "العمال");
  }

  @Test
  void hamzaOnWawAndYaaAndAlefMaqsura() {
    same("مؤتمر", "موتمر");
    same("رئيس", "رييس");
    same("مستشفى", "مستشفي");
  }

  @Test
  void diacriticsTatweelAndSuperscriptAlefAreIgnored() {
    same("العُمَّالُ", "العمال");
    same("الجمعيـــة", "الجمعية");
    same("هٰذا", "هذا");
  }

  @Test
  void persianLetterFormsAndArabicIndicDigits() {
    same("کتاب", "كتاب");
    same("علی", "علي");
    same("٢٠٢٦", "2026");
  }

  @Test
  void theArticleAndCommonAffixesAreStemmed() {
    same("الجمعية", "جمعية");
  }

  @Test
  void invisibleCharactersDoNotSplitOrDisguiseAWord() {
    same("نقابة", "نقا\u200Cبة");
    same("strike", "str\u200Bike");
  }

  @Test
  void latinIsLowerCasedAndAccentsFolded() {
    same("Café Strike", "cafe strike");
  }

  @Test
  void anIndexedDocumentIsFoundThroughTheIndex() {
    SearchIndex index = new SearchIndex();
    index.replaceKind("article", List.of(new SearchDocument("article", "a1", "ar", "بيان الجمعيّة العامة",
        "قرّرت الجمعيةُ العامة لنقابة أحمد الإضراب", "/articles/a1", Audience.PUBLIC, null, Instant.EPOCH)));
    assertThat(index.search(terms("الجمعيه"), null, 10)).hasSize(1);
    assertThat(index.search(terms("احمد"), null, 10)).hasSize(1);
    assertThat(index.search(terms("الاضراب"), null, 10)).hasSize(1);
    assertThat(index.search(terms("الجمعيه احمد"), null, 10)).as("every word must match").hasSize(1);
    assertThat(index.search(terms("الجمعيه غائب"), null, 10)).as("one word missing: not found").isEmpty();
  }

  @Test
  void queriesAreCleanedAndLimited() {
    assertThat(Search.clean("  a\u0000b\n\tc  ")).isEqualTo("a b c");
    assertThat(search.search("x".repeat(Search.MAX_LENGTH + 1), null).problem()).isEqualTo("search.too-long");
    assertThat(search.search("\"*:(){}[]^~!", null).problem()).isEqualTo("search.no-words");
    assertThat(search.search("a b c d e f g h i j k l m", null).problem()).isEqualTo("search.too-many-words");
    assertThat(search.search("title:(x OR y) AND NOT z*", null).refused()).isFalse();
    assertThat(search.search(null, null).query()).isEmpty();
  }
}
