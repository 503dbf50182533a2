package org.commune.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.commune.governance.NewProposal;
import org.commune.governance.ProposalId;
import org.commune.governance.Proposals;
import org.commune.governance.deliberation.Comments;
import org.commune.members.Accounts;
import org.commune.members.MemberId;
import org.commune.members.Role;
import org.commune.publishing.Articles;
import org.commune.testing.RunningCommune;
import org.commune.testing.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Search over real HTTP: Arabic found however it is spelled, each viewer finding only what their pages
 * show (visitors: published articles; members: also proposals, comments and members; drafts: their
 * author), what changed found as it reads now (edited comments, corrected articles, renamed members),
 * hidden and withdrawn comments and withdrawn articles gone at once, and hostile queries answered with a
 * message, never a 500.
 */
class SearchIT extends RunningCommune {

  @Autowired Articles articles;
  @Autowired Proposals proposals;
  @Autowired Comments comments;
  @Autowired Accounts accounts;

  private static String q(String query) {
    return "/search?q=" + URLEncoder.encode(query, StandardCharsets.UTF_8);
  }

  private static String tag() {
    return "z" + UUID.randomUUID().toString().substring(0, 8);
  }

  @Test
  void arabicIsFoundHoweverItIsSpelled() {
    String tag = tag();
    articles.publish(steward(), "ar", "بيان الجمعية العامة " + tag,
        "قرّرت الجمعيّةُ العامّة برئاسة أحمد الإضراب عن العمل يوم الخميس.");
    WebSession visitor = visitor();
    assertThat(visitor.get(q("الجمعيه " + tag)).body()).as("taa marbuta typed as haa").contains(tag);
    assertThat(visitor.get(q("احمد " + tag)).body()).as("alef without hamza").contains(tag).contains("<mark>أحمد</mark>");
    assertThat(visitor.get(q("قررت الجمعية " + tag)).body()).as("diacritised text, plain query").contains(tag);
    assertThat(visitor.get(q("الجمـــعية " + tag)).body()).as("tatweel in the query").contains(tag);
    assertThat(visitor.get(q("الخميس " + tag)).body()).contains(tag).contains("<bdi>بيان الجمعية العامة " + tag + "</bdi>");
  }

  @Test
  void visitorsFindPublishedArticlesOnlyMembersFindMoreDraftsOnlyTheirAuthor() {
    String tag = tag();
    MemberId author = member("search-author", Role.MEMBER);
    member("search-other", Role.MEMBER);
    articles.publish(steward(), "en", "Strike fund report " + tag, "The fund paid out in March.");
    proposals.create(author, new NewProposal("Raise the strike fund " + tag, "Members only text.", "majority",
        List.of(), 3, 0));
    ProposalId draft = proposals.create(author, new NewProposal("Quiet draft " + tag, "Not yet shared.", "general",
        "majority", List.of(), 1, 5, false, null, 3, 3, 0, true, null));

    String visitor = visitor().get(q(tag)).body();
    assertThat(visitor).contains("Strike fund report " + tag).doesNotContain("Raise the strike fund")
        .doesNotContain("Quiet draft");
    assertThat(visitor().get(q("Name of search-author")).body()).as("members are not searchable by visitors")
        .doesNotContain("data-kind=\"member\"");

    String other = signedIn("search-other").get(q(tag)).body();
    assertThat(other).contains("Strike fund report " + tag).contains("Raise the strike fund " + tag)
        .doesNotContain("Quiet draft");
    assertThat(signedIn("search-other").get(q("search-author")).body()).contains("data-kind=\"member\"")
        .contains("<bdi>Name of search-author</bdi>");

    String own = signedIn("search-author").get(q(tag)).body();
    assertThat(own).contains("Quiet draft " + tag).contains("/proposals/" + draft);
  }

  @Test
  void aHiddenCommentIsNoLongerFound() {
    String tag = tag();
    MemberId speaker = member("search-speaker", Role.MEMBER);
    ProposalId id = proposals.create(steward(), new NewProposal("Canteen menu " + tag, "", "general", "majority",
        List.of(), 1, 5, false, null, 3, 3, 0, false, null));
    comments.comment(speaker, id, null, "against", "The soup is a scandal " + tag);
    WebSession member = signedIn("search-speaker");
    assertThat(member.get(q("scandal " + tag)).body()).contains("data-kind=\"comment\"").contains("<mark>scandal</mark>");
    assertThat(visitor().get(q("scandal " + tag)).body()).doesNotContain("data-kind=\"comment\"");
    comments.hide(steward(), Role.STEWARD, id, comments.comments(id).get(0).id(), "insult");
    assertThat(member.get(q("scandal " + tag)).body()).doesNotContain("data-kind=\"comment\"");
  }

  @Test
  void anEditedCommentIsFoundByItsWordsNowAWithdrawnOneNoLonger() {
    String tag = tag();
    MemberId speaker = member("search-editor", Role.MEMBER);
    ProposalId id = proposals.create(steward(), new NewProposal("Bike shed " + tag, "", "general", "majority",
        List.of(), 1, 5, false, null, 3, 3, 0, false, null));
    comments.comment(speaker, id, null, "against", "Paint it crimson " + tag);
    String comment = comments.comments(id).get(0).id();
    WebSession member = signedIn("search-editor");
    assertThat(member.get(q("crimson " + tag)).body()).contains("data-kind=\"comment\"");
    comments.edit(speaker, id, comment, "for", "Paint it turquoise " + tag);
    assertThat(member.get(q("crimson " + tag)).body()).as("the earlier words are no longer found")
        .doesNotContain("data-kind=\"comment\"");
    assertThat(member.get(q("turquoise " + tag)).body()).contains("data-kind=\"comment\"")
        .contains("<mark>turquoise</mark>");
    comments.withdraw(speaker, id, comment);
    assertThat(member.get(q("turquoise " + tag)).body()).as("withdrawn: gone at once")
        .doesNotContain("data-kind=\"comment\"");
    assertThat(member.get(q("bike " + tag)).body()).as("the proposal itself is still found")
        .contains("data-kind=\"proposal\"");
  }

  @Test
  void aCorrectedArticleIsFoundByItsNewWordsAWithdrawnOneNoLonger() {
    String tag = tag();
    UUID article = articles.publish(steward(), "en", "Picnic notice " + tag, "The picnic is on Saturday.");
    WebSession visitor = visitor();
    assertThat(visitor.get(q("saturday " + tag)).body()).contains("data-kind=\"article\"");
    articles.correct(steward(), article, "en", "1", "Picnic notice " + tag, "The picnic is on Sunday.", "fact",
        "The day was wrong.");
    assertThat(visitor.get(q("saturday " + tag)).body()).as("the words before the correction")
        .doesNotContain("data-kind=\"article\"");
    assertThat(visitor.get(q("sunday " + tag)).body()).contains("data-kind=\"article\"");
    articles.withdraw(steward(), article, "error", "The picnic was cancelled.");
    assertThat(visitor.get(q(tag)).body()).as("withdrawn: gone at once").doesNotContain("data-kind=\"article\"");
    assertThat(signedIn(STEWARD).get(q(tag)).body()).as("for members too").doesNotContain("data-kind=\"article\"");
  }

  @Test
  void aMemberIsFoundByTheNameTheyChoseInTheirSettings() {
    String tag = tag();
    MemberId renamed = member("search-renamed", Role.MEMBER);
    WebSession other = signedIn("search-renamed");
    assertThat(other.get(q(tag)).body()).doesNotContain("data-kind=\"member\"");
    accounts.changeProfile(renamed, "Samira " + tag, "en", null);
    assertThat(other.get(q(tag)).body()).contains("data-kind=\"member\"").contains("<bdi>Samira " + tag + "</bdi>");
  }

  @Test
  void hostileQueriesGetAMessageNeverAFiveHundred() {
    WebSession visitor = visitor();
    for (String hostile : List.of("\"*:(", "title:(x OR y) AND NOT z*", "a~0.5 OR b^100", "\\", "[* TO *]",
        "\u202Egnirts\u202C", "%00", "<script>alert(1)</script>", "' OR 1=1 --", "?*?*?*?*", "x".repeat(150))) {
      WebSession.Page page = visitor.get(q(hostile));
      assertThat(page.status()).as(hostile).isIn(200, 400);
      assertThat(page.body()).as(hostile).doesNotContain("<script>alert(1)</script>");
    }
    WebSession.Page tooLong = visitor.get(q("word ".repeat(60)));
    assertThat(tooLong.status()).isEqualTo(400);
    assertThat(tooLong.body()).contains("Your search is too long: at most 200 characters.");
    WebSession.Page manyWords = visitor.get(q("a b c d e f g h i j k l m n"));
    assertThat(manyWords.status()).isEqualTo(400);
    assertThat(manyWords.body()).contains("too many words");
    WebSession.Page noWords = visitor.get(q("*** ??? !!!"));
    assertThat(noWords.status()).isEqualTo(400);
    assertThat(noWords.body()).contains("no words to look for");
    visitor.switchLanguage("ar");
    assertThat(visitor.get(q("word ".repeat(60))).body()).contains("بحثك طويل جدًا");
    WebSession.Page empty = visitor.get("/search");
    assertThat(empty.status()).isEqualTo(200);
    assertThat(empty.body()).contains("class=\"empty\"");
    assertThat(visitor.get("/search?q=%C3%28%FF%FE").status()).as("bytes that are not UTF-8").isLessThan(500);
  }
}
