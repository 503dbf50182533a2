package org.commune.publishing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.xml.parsers.DocumentBuilderFactory;
import org.awaitility.Awaitility;
import org.commune.members.InvalidInput;
import org.commune.members.MemberId;
import org.commune.members.Role;
import org.commune.testing.RunningCommune;
import org.commune.testing.WebSession;
import org.commune.transparency.LogEntry;
import org.commune.transparency.TransparencyLog;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The public articles through real HTTP: the list in the reader's language with a marked fallback,
 * corrections with a public history, withdrawals that leave a tombstone only; and what a member who is
 * not an editor, a forged form or a hostile editor would try.
 */
class ArticlesIT extends RunningCommune {

  @Autowired Articles articles;
  @Autowired TransparencyLog log;

  private MemberId editor() {
    return member("pub-editor", Role.MODERATOR);
  }

  private static String unique(String title) {
    return title + " " + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void theListFollowsTheReadersLanguageAndFallsBackWithANote() {
    MemberId editor = editor();
    String arabicTitle = unique("إضراب عمال الميناء");
    String englishTitle = unique("Port workers strike");
    String bothEn = unique("Both languages");
    String bothAr = unique("بكلتا اللغتين");
    UUID arabic = articles.publish(editor, "ar", arabicTitle, "نص المقال.");
    articles.publish(editor, "en", englishTitle, "The text.");
    UUID both = articles.publish(editor, "en", bothEn, "English text.");
    articles.publishAiAssisted(both, editor, "ar", bothAr, "النص العربي.", "test-model", editor, false);

    WebSession visitor = visitor();
    String english = visitor.get("/articles").body();
    assertThat(english).contains(englishTitle).contains(bothEn).doesNotContain(bothAr);
    assertThat(english).contains("lang=\"ar\" dir=\"auto\">" + arabicTitle).contains("Available in Arabic only");
    assertThat(english).contains("lang=\"en\" dir=\"auto\">" + englishTitle);

    String arabicList = visitor.get("/articles?lang=ar").body();
    assertThat(arabicList).contains(arabicTitle).contains(bothAr).doesNotContain(bothEn)
        .contains("lang=\"en\" dir=\"auto\">" + englishTitle);
    // The note is in the page's language: the page is in English until the reader switches.
    visitor.switchLanguage("ar");
    String arabicPage = visitor.get("/articles").body();
    assertThat(arabicPage).as("the reader's language chooses the list").contains(bothAr).doesNotContain(bothEn)
        .contains("متوفّر بالإنجليزية فقط").doesNotContain("Available in");

    // An article asked for in a language it does not have: shown in its own, marked, with a note.
    String page = visitor().get("/articles/" + arabic + "?lang=en").body();
    assertThat(page).contains("<h1 lang=\"ar\" dir=\"auto\">" + arabicTitle).contains("Available in Arabic only")
        .contains("lang=\"ar\" dir=\"rtl\" data-article-body");
    assertThat(visitor().get("/articles/" + both + "?lang=ar").body()).doesNotContain("data-only-language")
        .contains("Read in English");
  }

  @Test
  void anEditorCorrectsAndEveryRevisionStaysPublic() {
    editor();
    member("pub-editor-2", Role.MODERATOR);
    String title = unique("Assembly on Friday");
    UUID id = articles.publish(editor(), "en", title, "The assembly is on Friday at 5.");
    WebSession other = signedIn("pub-editor-2");
    String form = other.get("/articles/" + id + "/correct?lang=en").body();
    assertThat(form).contains("name=\"base\" value=\"1\"").contains("The assembly is on Friday at 5.");
    WebSession.Page corrected = other.post("/articles/" + id + "/correct", Map.of("language", "en", "base", "1",
        "title", title, "body", "The assembly is on Saturday at 5.", "reason", "fact",
        "note", "The day was wrong: Saturday, not Friday."));
    assertThat(corrected.status()).isEqualTo(302);
    assertThat(corrected.location()).contains("/articles/" + id);

    String page = visitor().get("/articles/" + id + "?lang=en").body();
    assertThat(page).contains("Saturday at 5").doesNotContain("Friday at 5").contains("Corrected on")
        .contains("A factual error was corrected").contains("The day was wrong: Saturday, not Friday.")
        .contains("\"dateModified\"").contains("\"CorrectionComment\"");
    String history = visitor().get("/articles/" + id + "/history?lang=en").body();
    assertThat(history).as("the title isolated inside the heading's sentence")
        .contains("Revisions of “\u2068" + title + "\u2069”");
    assertThat(history).contains("data-revision=\"2\"").contains("data-revision=\"1\"")
        .contains("Friday at 5").contains("Saturday at 5").contains("Name of pub-editor-2")
        .contains("The day was wrong");
    String feed = visitor().get("/articles/feed.atom?lang=en").body();
    assertThat(feed).contains("<published>").contains("Corrected (A factual error was corrected)");

    // In Arabic, the same facts in the page's language.
    WebSession arabic = visitor();
    arabic.switchLanguage("ar");
    assertThat(arabic.get("/articles/" + id).body()).contains("صُحِّح في").contains("صُحِّح خطأ في الوقائع");

    // The public log has the correction as codes: the reason's code, never the editor's words.
    LogEntry entry = logged("article.corrected", id);
    assertThat(entry.data()).containsEntry("reason", "fact").containsEntry("revision", "2")
        .containsEntry("language", "en").doesNotContainKey("note");
    assertThat(entry.leaf()).doesNotContain("Saturday").doesNotContain("day was wrong")
        .doesNotContain(member("pub-editor-2", Role.MODERATOR).toString());
  }

  @Test
  void theAiLabelAndProvenanceSurviveACorrection() {
    MemberId requester = member("pub-requester", Role.MEMBER);
    String title = unique("ملخص الاجتماع");
    UUID id = articles.publishAiAssisted(null, requester, "ar", title, "نص كتبه النموذج.", "llama-test-7b", editor(),
        false);
    WebSession editor = signedIn("pub-editor");
    editor.get("/articles/" + id + "/correct?lang=ar");
    assertThat(editor.post("/articles/" + id + "/correct", Map.of("language", "ar", "base", "1", "title", title,
        "body", "نص كتبه النموذج وصحّحه محرر.", "reason", "typo", "note", "تصحيح إملائي.")).status()).isEqualTo(302);

    String page = visitor().get("/articles/" + id + "?lang=ar").body();
    assertThat(page).contains("data-ai-label").contains("llama-test-7b").contains("Name of pub-editor")
        .contains("compositeWithTrainedAlgorithmicMedia");
    Map<String, Object> stored = jdbc.sql("SELECT source_type, ai_model, reviewer FROM article_version "
        + "WHERE article_id = :a").param("a", id).query().singleRow();
    assertThat(stored).containsEntry("source_type", "compositeWithTrainedAlgorithmicMedia")
        .containsEntry("ai_model", "llama-test-7b").containsEntry("reviewer", editor().value());
    assertThat(visitor().get("/articles/" + id + "/history?lang=ar").body().split("data-ai-label", -1)).hasSize(3);
  }

  @Test
  void onlyEditorsMayCorrectOrWithdrawAndForgedFormsWriteNothing() {
    // The member who asked for the AI text is the article's author, and still not an editor.
    MemberId author = member("pub-author", Role.MEMBER);
    String title = unique("Statement");
    UUID id = articles.publishAiAssisted(null, author, "en", title, "Text.", "m", editor(), false);
    Map<String, String> correction = Map.of("language", "en", "base", "1", "title", title, "body", "Changed.",
        "reason", "fact", "note", "Because.");
    Map<String, String> withdrawal = Map.of("reason", "privacy", "note", "Because.");

    WebSession member = signedIn("pub-author");
    assertThat(member.get("/articles/" + id).body()).doesNotContain("data-editor-actions");
    assertThat(member.get("/articles/" + id + "/correct?lang=en").status()).isEqualTo(403);
    assertThat(member.get("/articles/" + id + "/withdraw").status()).isEqualTo(403);
    member.get("/articles/" + id);
    assertThat(member.post("/articles/" + id + "/correct", correction).status()).isEqualTo(403);
    assertThat(member.post("/articles/" + id + "/withdraw", withdrawal).status()).isEqualTo(403);
    assertThatThrownBy(() -> articles.correct(author, id, "en", "1", title, "Changed.", "fact", "Because."))
        .isInstanceOf(Articles.NotAllowed.class);
    assertThatThrownBy(() -> articles.withdraw(author, id, "privacy", "Because."))
        .isInstanceOf(Articles.NotAllowed.class);

    WebSession visitor = visitor();
    visitor.get("/articles/" + id);
    assertThat(visitor.post("/articles/" + id + "/withdraw", withdrawal).status()).isIn(302, 403);
    // An editor's session, but a form from elsewhere (no CSRF token): refused.
    WebSession editor = signedIn("pub-editor");
    Map<String, String> forged = new LinkedHashMap<>(withdrawal);
    forged.put("_csrf", "forged");
    assertThat(editor.post("/articles/" + id + "/withdraw", forged).status()).isEqualTo(403);

    assertThat(revisions(id)).isEqualTo(1);
    assertThat(articles.withdrawal(id)).isEmpty();
    assertThat(visitor().get("/articles/" + id).status()).isEqualTo(200);
  }

  @Test
  void badInputGetsAClearMessageInBothLanguagesAndWritesNothing() {
    String title = unique("Budget");
    UUID id = articles.publish(editor(), "en", title, "The budget is 100.");
    WebSession editor = signedIn("pub-editor");
    String path = "/articles/" + id + "/correct";
    editor.get(path + "?lang=en");
    WebSession.Page empty = editor.post(path, Map.of("language", "en", "base", "1", "title", title, "body", "",
        "reason", "", "note", " "));
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.body()).contains("Choose a reason for the correction.").contains("Say in a sentence what changed")
        .contains("Please fill this in.");
    assertThat(editor.post(path, Map.of("language", "en", "base", "1", "title", title, "body", "The budget is 100.",
        "reason", "fact", "note", "No change.")).body()).contains("The text is the same as the published one");
    assertThat(editor.post(path, Map.of("language", "en", "base", "7", "title", title, "body", "The budget is 120.",
        "reason", "fact", "note", "Figure.")).body()).contains("Someone corrected this article after you opened it");
    assertThat(editor.post(path, Map.of("language", "xx", "base", "1", "title", title, "body", "The budget is 120.",
        "reason", "fact", "note", "Figure.")).body()).contains("The article has no version in this language.");
    assertThat(editor.post(path, Map.of("language", "en", "base", "1", "title", title, "body", "The budget is 120.",
        "reason", "<script>", "note", "x".repeat(501))).body()).contains("Choose a reason for the correction.")
        .contains("This is too long").doesNotContain("<script>");
    WebSession.Page badWithdrawal = editor.post("/articles/" + id + "/withdraw", Map.of("reason", "oops", "note", ""));
    assertThat(badWithdrawal.status()).isEqualTo(400);
    assertThat(badWithdrawal.body()).contains("Choose a reason for the withdrawal.")
        .contains("Say in a sentence what changed");

    editor.switchLanguage("ar");
    editor.get(path + "?lang=en");
    String arabic = editor.post(path, Map.of("language", "en", "base", "1", "title", title, "body", "",
        "reason", "", "note", "")).body();
    assertThat(arabic).contains("اختر سببًا للتصحيح.").contains("اذكر في جملة ما الذي تغيّر ولماذا.");
    assertThat(editor.post("/articles/" + id + "/withdraw", Map.of("reason", "", "note", "x")).body())
        .contains("اختر سببًا للسحب.");

    assertThat(revisions(id)).isEqualTo(1);
    assertThat(articles.withdrawal(id)).isEmpty();
    assertThat(editor.post("/articles/not-an-id/correct", Map.of("language", "en")).status()).isEqualTo(404);
    assertThat(editor.post("/articles/" + UUID.randomUUID() + "/withdraw", Map.of("reason", "privacy", "note", "x"))
        .status()).isEqualTo(404);
  }

  @Test
  void aWithdrawnArticleLeavesATombstoneAndNothingElse() {
    MemberId editorId = editor();
    String title = unique("Names the informer");
    String arabicTitle = unique("يسمّي المخبر");
    UUID id = articles.publish(editorId, "en", title, "Secret body text.");
    articles.publishAiAssisted(id, editorId, "ar", arabicTitle, "نص سري.", "m", editorId, false);
    String other = unique("Another article");
    UUID stays = articles.publish(editorId, "en", other, "Secret body text, related.");
    assertThat(visitor().get("/articles").body()).contains(title);

    WebSession editor = signedIn("pub-editor");
    assertThat(editor.get("/articles/" + id + "/withdraw?lang=en").body()).contains(title);
    WebSession.Page withdrawn = editor.post("/articles/" + id + "/withdraw",
        Map.of("reason", "privacy", "note", "It named a member who had not agreed."));
    assertThat(withdrawn.status()).isEqualTo(302);

    for (String path : List.of("/articles/" + id, "/articles/" + id + "?lang=ar", "/articles/" + id + "/history",
        "/articles/" + id + "/history?lang=en")) {
      WebSession.Page tombstone = visitor().get(path);
      assertThat(tombstone.status()).as(path).isEqualTo(410);
      assertThat(tombstone.body()).as(path).contains("Article withdrawn").contains("To protect a person")
          .contains("It named a member who had not agreed.").doesNotContain(title).doesNotContain(arabicTitle)
          .doesNotContain("Secret body text");
    }
    assertThat(editor.get("/articles/" + id + "/correct?lang=en").status()).isEqualTo(410);
    assertThat(editor.post("/articles/" + id + "/withdraw", Map.of("reason", "error", "note", "Again.")).status())
        .as("a second withdrawal finds the tombstone").isEqualTo(410);
    assertThat(articles.withdrawal(id).orElseThrow().reason()).isEqualTo(WithdrawalReason.PRIVACY);

    for (String lang : List.of("en", "ar")) {
      assertThat(visitor().get("/articles?lang=" + lang).body()).doesNotContain(title).doesNotContain(arabicTitle);
      String feed = visitor().get("/articles/feed.atom?lang=" + lang).body();
      assertThat(feed).doesNotContain(title).doesNotContain(arabicTitle);
      // A feed reader sees an RFC 6721 tombstone, in its namespace, for the entry it may have kept.
      NodeList tombstones = xml(feed).getElementsByTagNameNS("http://purl.org/atompub/tombstones/1.0", "deleted-entry");
      boolean found = false;
      for (int i = 0; i < tombstones.getLength(); i++) {
        Element tombstone = (Element) tombstones.item(i);
        if (tombstone.getAttribute("ref").equals("urn:uuid:" + id + ":" + lang)) {
          found = true;
          assertThat(tombstone.getAttribute("when")).endsWith("Z");
          assertThat(tombstone.getTextContent()).contains(lang.equals("ar") ? "حمايةً لخصوصية شخص" : "privacy");
        }
      }
      assertThat(found).as("tombstone in the %s feed", lang).isTrue();
    }
    assertThat(visitor().get("/articles/" + stays).body()).contains(other).doesNotContain(title);
    assertThat(articles.newest("en")).extracting(ArticleVersion::article).doesNotContain(id);
    assertThat(articles.history(id)).isEmpty();

    // Nothing more is published under it, through any path.
    assertThatThrownBy(() -> articles.correct(editorId, id, "en", "1", title, "New text.", "fact", "Note."))
        .isInstanceOf(InvalidInput.class);
    assertThatThrownBy(() -> articles.publishAiAssisted(id, editorId, "en", title, "New.", "m", editorId, true))
        .isInstanceOf(InvalidInput.class);

    LogEntry entry = logged("article.withdrawn", id);
    assertThat(entry.data()).containsEntry("reason", "privacy");
    assertThat(entry.leaf()).doesNotContain("named a member").doesNotContain("informer");
  }

  /** History is append-only below the application too: no revision or withdrawal is changed or undone. */
  @Test
  void historyAndWithdrawalsCannotBeAltered() {
    MemberId editorId = editor();
    UUID id = articles.publish(editorId, "en", unique("Minutes"), "First text.");
    articles.correct(editorId, id, "en", "1", "Minutes", "Second text.", "typo", "A typo.");
    assertThatThrownBy(() -> jdbc.sql("UPDATE article_revision SET body = 'rewritten' WHERE article_id = :a")
        .param("a", id).update()).isInstanceOf(DataAccessException.class);
    assertThatThrownBy(() -> jdbc.sql("DELETE FROM article_revision WHERE article_id = :a").param("a", id).update())
        .isInstanceOf(DataAccessException.class);
    articles.withdraw(editorId, id, "duplicate", "Published twice.");
    assertThatThrownBy(() -> jdbc.sql("DELETE FROM article_withdrawal WHERE article_id = :a").param("a", id).update())
        .isInstanceOf(DataAccessException.class);
    assertThatThrownBy(() -> jdbc.sql("UPDATE article_withdrawal SET note = 'x' WHERE article_id = :a").param("a", id)
        .update()).isInstanceOf(DataAccessException.class);
    assertThatThrownBy(() -> jdbc.sql("INSERT INTO article_revision (article_id, language, revision, title, body, "
        + "source_type, author, published_at) VALUES (:a, 'en', 3, 't', 'b', 'human', :m, now())")
        .param("a", id).param("m", editorId.value()).update()).isInstanceOf(DataAccessException.class);
    assertThat(revisions(id)).isEqualTo(2);
    assertThatThrownBy(() -> articles.withdraw(editorId, id, "other", "Again."))
        .isInstanceOf(InvalidInput.class);
  }

  private static Document xml(String text) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      return factory.newDocumentBuilder().parse(new InputSource(new StringReader(text)));
    } catch (Exception e) {
      throw new AssertionError("not well-formed XML: " + e.getMessage(), e);
    }
  }

  private int revisions(UUID article) {
    return jdbc.sql("SELECT count(*) FROM article_revision WHERE article_id = :a").param("a", article)
        .query(Integer.class).single();
  }

  private LogEntry logged(String type, UUID article) {
    return Awaitility.await().atMost(Duration.ofSeconds(10)).until(
        () -> log.newest(type, Long.MAX_VALUE, 100).stream()
            .filter(e -> article.toString().equals(e.data().get("article"))).findFirst().orElse(null),
        entry -> entry != null);
  }
}
