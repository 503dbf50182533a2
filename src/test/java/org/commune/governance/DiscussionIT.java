package org.commune.governance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;
import org.commune.governance.deliberation.Comments;
import org.commune.members.MemberId;
import org.commune.members.Role;
import org.commune.testing.RunningCommune;
import org.commune.testing.WebSession;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The discussion and amendments of a proposal from the side of a member who tries what they should
 * not, over real HTTP: another member's comment edited or withdrawn by a forged form, mentions of
 * non-members and of too many members, self-replies, markup in amendments; and what members should
 * see: the history of an edited comment, placeholders, threads, word diffs of an Arabic text and of a
 * title, notifications that say "amendment", "mentioned", "replied" and link to the place.
 */
class DiscussionIT extends RunningCommune {

  @Autowired Proposals proposals;
  @Autowired Comments comments;

  /** Only the author edits or withdraws a comment; every version stays readable; a withdrawal leaves a placeholder. */
  @Test
  void onlyTheAuthorEditsOrWithdrawsAndHistoryStaysVisible() throws Exception {
    MemberId author = member("disc-author", Role.MEMBER);
    member("disc-other", Role.MEMBER);
    member("disc-moderator", Role.MODERATOR);
    String path = "/proposals/" + inDiscussion(author, "Open the library on Sundays", "The library opens on Sundays.");
    WebSession a = signedIn("disc-author");
    a.get(path);
    assertThat(a.post(path + "/comments", Map.of("stance", "for", "comment", "First words.")).status()).isEqualTo(302);
    String comment = commentId(path, "First words.");

    // Another member forges the edit and withdrawal forms: refused with a message, nothing written.
    WebSession other = signedIn("disc-other");
    other.get(path);
    WebSession.Page forged = other.post(path + "/comments/" + comment + "/edit", Map.of("editStance", "against",
        "edit", "Forged words."));
    assertThat(forged.status()).isEqualTo(400);
    assertThat(forged.body()).contains("Only its author can change or withdraw a comment.");
    other.get(path);
    assertThat(other.post(path + "/comments/" + comment + "/withdraw", Map.of()).body())
        .contains("Only its author can change or withdraw a comment.");
    other.switchLanguage("ar");
    other.get(path);
    assertThat(other.post(path + "/comments/" + comment + "/withdraw", Map.of()).body())
        .contains("لا يعدّل التعليق أو يسحبه إلا كاتبه.");
    assertThat(body(comment)).isEqualTo("First words.");
    assertThat(versions(comment)).isZero();
    assertThat(jdbc.sql("SELECT withdrawn_at IS NULL FROM proposal_comment WHERE id = :c::uuid").param("c", comment)
        .query(Boolean.class).single()).isTrue();
    // A comment id that is no comment, or one from another proposal's page: refused the same way.
    other.get(path);
    assertThat(other.post(path + "/comments/" + UUID.randomUUID() + "/edit", Map.of("editStance", "for", "edit", "x"))
        .body()).contains("لا يوجد تعليق كهذا على هذا المقترح.");

    // The author's mistakes are explained, and nothing changes.
    a.get(path);
    assertThat(a.post(path + "/comments/" + comment + "/edit", Map.of("editStance", "for", "edit", "First words."))
        .body()).contains("Nothing changed: the comment is as it was.");
    a.get(path);
    assertThat(a.post(path + "/comments/" + comment + "/edit", Map.of("editStance", "for", "edit", "  ")).body())
        .contains("Please fill this in.");
    a.get(path);
    assertThat(a.post(path + "/comments/" + comment + "/edit", Map.of("editStance", "maybe", "edit", "Other"))
        .body()).contains("Mark your comment as for, against, a question or other.");
    assertThat(versions(comment)).isZero();

    // An edit keeps the first words as version 1, visible to everyone through the "edited" link.
    a.get(path);
    assertThat(a.post(path + "/comments/" + comment + "/edit", Map.of("editStance", "question", "edit",
        "Second words, <b>bold</b>?")).status()).isEqualTo(302);
    assertThat(versions(comment)).isEqualTo(1);
    // Two edits sent at the same moment (a double click, two tabs): both kept, each as its own version.
    a.get(path);
    List<Callable<Integer>> both = List.of(
        () -> a.post(path + "/comments/" + comment + "/edit", Map.of("editStance", "question", "edit", "Second words A")).status(),
        () -> a.post(path + "/comments/" + comment + "/edit", Map.of("editStance", "question", "edit", "Second words B")).status());
    try (var pool = Executors.newFixedThreadPool(2)) {
      for (Future<Integer> f : pool.invokeAll(both)) {
        assertThat(f.get()).isEqualTo(302);
      }
    }
    assertThat(versions(comment)).isEqualTo(3);
    assertThat(jdbc.sql("SELECT string_agg(version::text, ',' ORDER BY version) FROM comment_version WHERE comment_id = :c::uuid")
        .param("c", comment).query(String.class).single()).isEqualTo("1,2,3");
    String page = other.get(path).body();
    assertThat(page).contains("Second words").contains("data-edited")
        .contains(path + "/comments/" + comment + "/history");
    String history = other.get(path + "/comments/" + comment + "/history").body();
    assertThat(history).contains("First words.").contains("Second words").contains("data-version=\"1\"")
        .contains("data-version=\"2\"").contains("data-version=\"4\"").doesNotContain("<b>bold</b>")
        .contains("&lt;b&gt;bold");

    // A reply, then the author withdraws: a placeholder stays, the reply stays under it, the history goes.
    other.get(path);
    assertThat(other.post(path + "/comments", Map.of("stance", "against", "comment", "An answer.", "parent", comment))
        .status()).isEqualTo(302);
    a.get(path);
    assertThat(a.post(path + "/comments/" + comment + "/withdraw", Map.of()).status()).isEqualTo(302);
    a.switchLanguage("en");
    page = a.get(path).body();
    assertThat(page).contains("This comment was withdrawn by its author.").doesNotContain("Second words")
        .contains("An answer.").contains("class=\"thread\"").contains("depth-1 reply");
    assertThat(page).as("a withdrawal is not moderation").doesNotContain("data-hidden");
    assertThat(other.get(path + "/comments/" + comment + "/history").status()).isEqualTo(404);
    ProposalId proposal = ProposalId.parse(path.substring("/proposals/".length()));
    assertThat(comments.comments(proposal)).filteredOn(c -> c.id().equals(comment)).singleElement()
        .satisfies(c -> assertThat(c.shown() || !c.body().isEmpty()).as("nothing of it reaches an AI summary").isFalse());
    a.get(path);
    assertThat(a.post(path + "/comments/" + comment + "/edit", Map.of("editStance", "for", "edit", "Back again"))
        .body()).contains("This comment was withdrawn: it can no longer be changed.");
    other.get(path);
    WebSession.Page toGone = other.post(path + "/comments", Map.of("stance", "for", "comment", "Answer to nothing",
        "parent", comment));
    assertThat(toGone.body()).contains("التعليق الذي ترد عليه سُحب أو أُخفي");
    assertThat(commentCount(path, "Answer to nothing")).isZero();

    // A moderator's hiding reads differently, and the hidden comment's author can no longer edit it.
    String answer = commentId(path, "An answer.");
    WebSession moderator = signedIn("disc-moderator");
    moderator.get(path);
    moderator.post(path + "/comments/" + answer + "/hide", Map.of("reason", "Off topic"));
    page = a.get(path).body();
    assertThat(page).contains("data-hidden").contains("<bdi>Off topic</bdi>").doesNotContain("An answer.");
    other.switchLanguage("en");
    other.get(path);
    assertThat(other.post(path + "/comments/" + answer + "/edit", Map.of("editStance", "for", "edit", "Sneaky"))
        .body()).contains("A moderator hid this comment: it can no longer be edited.");

    // Once decided, the discussion stays as it was.
    other.get(path);
    other.post(path + "/comments", Map.of("stance", "for", "comment", "Late words."));
    String late = commentId(path, "Late words.");
    proposals.openVoting(proposal);
    proposals.close(proposal);
    other.get(path);
    assertThat(other.post(path + "/comments/" + late + "/edit", Map.of("editStance", "for", "edit", "Changed late"))
        .body()).contains("Comments are open during discussion and voting only.");
    assertThat(body(late)).isEqualTo("Late words.");
  }

  /** Mentions notify existing members only, at most ten a comment; replies notify the one answered, never oneself. */
  @Test
  void mentionsAndRepliesNotifyTheRightPeople() {
    MemberId author = member("ment-author", Role.MEMBER);
    member("ment-nour", Role.MEMBER);
    member("ment-salma", Role.MEMBER);
    String path = "/proposals/" + inDiscussion(author, "Paint the hall", "Green.");
    WebSession a = signedIn("ment-author");
    a.get(path);
    assertThat(a.post(path + "/comments", Map.of("stance", "question", "comment",
        "What do @ment-nour and @nobody-here and @ment-author think? Mail ment-salma@example.org.")).status())
        .isEqualTo(302);
    String question = commentId(path, "What do @ment-nour");
    assertThat(notified("ment-nour", "mention", question)).isEqualTo(1);
    assertThat(notified("ment-author", "mention", question)).as("no notice to oneself").isZero();
    assertThat(notified("ment-salma", "mention", question)).as("an address is no mention").isZero();
    WebSession nour = signedIn("ment-nour");
    String list = nour.get("/notifications").body();
    assertThat(list).contains("mentioned you in the discussion of").contains("<bdi>Paint the hall</bdi>")
        .contains(path + "#c-" + question);

    // A reply notifies the author answered; a reply to oneself notifies no one.
    nour.get(path);
    assertThat(nour.post(path + "/comments", Map.of("stance", "for", "comment", "Green is fine, @ment-author.",
        "parent", question)).status()).isEqualTo(302);
    String reply = commentId(path, "Green is fine");
    assertThat(notified("ment-author", "reply", reply)).isEqualTo(1);
    assertThat(notified("ment-author", "mention", reply)).as("told once, of the reply").isZero();
    a.get(path);
    a.post(path + "/comments", Map.of("stance", "other", "comment", "Answering myself.", "parent", question));
    String self = commentId(path, "Answering myself.");
    assertThat(jdbc.sql("SELECT count(*) FROM notification WHERE about = :c::uuid").param("c", self)
        .query(Long.class).single()).isZero();
    assertThat(signedIn("ment-author").get("/notifications").body()).contains("replied to your comment on");

    // Eleven members in one comment are refused, nothing stored; a hundred names that are no members are text.
    List<String> many = new ArrayList<>();
    for (int i = 0; i < Comments.MAX_MENTIONS + 1; i++) {
      member("ment-many-" + i, Role.MEMBER);
      many.add("@ment-many-" + i);
    }
    a.get(path);
    WebSession.Page spam = a.post(path + "/comments", Map.of("stance", "other", "comment", "Hey " + String.join(" ", many)));
    assertThat(spam.status()).isEqualTo(400);
    assertThat(spam.body()).contains("Mention at most 10 members in one comment.");
    assertThat(commentCount(path, "Hey @ment-many-0")).isZero();
    assertThat(jdbc.sql("SELECT count(*) FROM notification WHERE kind = 'mention' AND actor = :a")
        .param("a", author.value()).query(Long.class).single()).isEqualTo(1);
    StringBuilder hundred = new StringBuilder("Ghosts:");
    for (int i = 0; i < 100; i++) {
      hundred.append(" @ghost-").append(i);
    }
    a.get(path);
    assertThat(a.post(path + "/comments", Map.of("stance", "other", "comment", hundred.toString())).status())
        .isEqualTo(302);
    assertThat(jdbc.sql("SELECT count(*) FROM notification WHERE kind = 'mention' AND actor = :a")
        .param("a", author.value()).query(Long.class).single()).isEqualTo(1);

    // An edit notifies only members newly mentioned, once; a withdrawn comment's unread notices go.
    a.get(path);
    a.post(path + "/comments", Map.of("stance", "for", "comment", "Plain words."));
    String plain = commentId(path, "Plain words.");
    a.get(path);
    a.post(path + "/comments/" + plain + "/edit", Map.of("editStance", "for", "edit", "Plain words, @ment-salma."));
    a.get(path);
    a.post(path + "/comments/" + plain + "/edit", Map.of("editStance", "for", "edit", "Plain words, @ment-salma!"));
    assertThat(notified("ment-salma", "mention", plain)).isEqualTo(1);
    assertThat(signedIn("ment-salma").get("/notifications").body()).contains(path + "#c-" + plain);
    a.get(path);
    a.post(path + "/comments/" + plain + "/withdraw", Map.of());
    assertThat(notified("ment-salma", "mention", plain)).as("a withdrawn mention no longer calls anyone").isZero();
  }

  /** Amendments are numbered, shown as word diffs of the text (Arabic too) and of the title, escaped; the author is told. */
  @Test
  void amendmentsShowTheirChangeAndSayAmendment() {
    MemberId author = member("amd-author", Role.MEMBER);
    member("amd-member", Role.MEMBER);
    String title = "تخفيض الاشتراك للطلاب";
    String text = "يدفع الطلاب نصف الاشتراك.";
    ProposalId id = inDiscussion(author, title, text);
    String path = "/proposals/" + id;
    WebSession m = signedIn("amd-member");

    // Mistakes first: nothing stored, each explained.
    m.get(path);
    assertThat(m.post(path + "/amendments", Map.of("amendmentTitle", title, "amendment", text)).body())
        .contains("The amendment is the same as the current text.");
    m.get(path);
    assertThat(m.post(path + "/amendments", Map.of("amendmentTitle", "x".repeat(201), "amendment", text)).body())
        .contains("This is too long");
    m.get(path);
    assertThat(m.post(path + "/amendments", Map.of("amendmentTitle", title, "amendment", " ")).body())
        .contains("Please fill this in.");
    assertThat(amendments(id)).isZero();

    // The title and the text amended, with diacritics and with markup: shown as a diff, escaped.
    String newTitle = "تخفيض الاشتراك للطلاب والمتدربين";
    String newText = "يدفعُ الطلاب والمتدربون نصفَ الاشتراك. <img src=x onerror=alert(1)>";
    m.get(path);
    assertThat(m.post(path + "/amendments", Map.of("amendmentTitle", newTitle, "amendment", newText, "reason",
        "<script>alert(2)</script>")).status()).isEqualTo(302);
    m.get(path);
    assertThat(m.post(path + "/amendments", Map.of("amendmentTitle", "", "amendment", "يدفع الطلاب ربع الاشتراك."))
        .status()).isEqualTo(302);
    String page = m.get(path).body();
    assertThat(page).contains("Amendment <bdi>1</bdi> to <bdi>" + title + "</bdi>")
        .contains("Amendment <bdi>2</bdi> to <bdi>" + title + "</bdi>")
        .contains("class=\"diff\"").contains("Change to the title").contains("Change to the text")
        .contains("<ins><span class=\"visually-hidden\">inserted: </span> والمتدربين</ins>")
        .contains("نصفَ").contains("<del><span class=\"visually-hidden\">deleted: </span>")
        .contains("&lt;img src=x onerror=alert(1)&gt;").doesNotContain("<img src=x")
        .doesNotContain("<script>alert(2)</script>");
    assertThat(jdbc.sql("SELECT count(*) FROM amendment WHERE proposal_id = :p AND title IS NULL").param("p", id.value())
        .query(Long.class).single()).as("an empty title field leaves the title as it is").isEqualTo(1);

    // The proposal's author is told, in words that say "amendment", with a link to it.
    String first = amendmentId(id, 1);
    assertThat(notified("amd-author", "amendment", first)).isEqualTo(1);
    WebSession a = signedIn("amd-author");
    assertThat(a.get("/notifications").body()).contains("proposed an amendment to")
        .contains(path + "#amendment-" + first);
    a.switchLanguage("ar");
    assertThat(a.get("/notifications").body()).contains("تعديلًا على");

    // Accepting changes the title and the text; the title change is logged like a text change.
    a.get(path);
    assertThat(a.post(path + "/amendments/" + first + "/accept", Map.of()).status()).isEqualTo(302);
    ProposalView now = proposals.find(id).orElseThrow();
    assertThat(now.title()).isEqualTo(newTitle);
    assertThat(now.body()).isEqualTo(newText);
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.sql(
            "SELECT count(*) FROM log_entry WHERE entry_type = 'proposal.text-changed' AND leaf LIKE :p")
        .param("p", "%" + id + "%").query(Long.class).single() == 2);
    assertThat(a.get(path).body()).as("the second was written for the old text").contains("data-stale");

    // Declined and put to a vote: the vote's page is called what it is.
    String second = amendmentId(id, 2);
    a.get(path);
    a.post(path + "/amendments/" + second + "/decline", Map.of());
    m.get(path);
    assertThat(m.post(path + "/amendments/" + second + "/vote", Map.of()).status()).isEqualTo(302);
    String vote = jdbc.sql("SELECT vote_id::text FROM amendment WHERE id = :a::uuid").param("a", second)
        .query(String.class).single();
    String votePage = m.get("/proposals/" + vote).body();
    assertThat(votePage).contains("<title>Amendment 2 to " + newTitle).contains("data-amendment-vote")
        .contains("This vote decides amendment <bdi>2</bdi> to <bdi>" + newTitle + "</bdi>.").contains("ربع");
    assertThat(m.get("/notifications").body()).contains("Voting has opened on an amendment to");
  }

  /** Replies indent three levels; deeper ones follow at the third level (a phone has no room for more), saying whom they answer. */
  @Test
  void deepThreadsStopIndentingAtThreeLevels() {
    MemberId a = member("deep-a", Role.MEMBER);
    MemberId b = member("deep-b", Role.MEMBER);
    ProposalId id = inDiscussion(a, "Deep thread", "Text.");
    String path = "/proposals/" + id;
    comments.comment(a, id, null, "for", "Level 0");
    String parent = commentId(path, "Level 0");
    for (int level = 1; level <= 5; level++) {
      comments.comment(level % 2 == 0 ? a : b, id, parent, "other", "Level " + level);
      parent = commentId(path, "Level " + level);
    }
    List<Comments.CommentView> thread = comments.thread(id, a);
    assertThat(thread).hasSize(1);
    Comments.CommentView second = thread.get(0).replies().get(0).replies().get(0);
    assertThat(second.body()).isEqualTo("Level 2");
    assertThat(second.replies()).extracting(Comments.CommentView::body).containsExactly("Level 3", "Level 4", "Level 5");
    assertThat(second.replies()).allSatisfy(c -> {
      assertThat(c.depth()).isEqualTo(Comments.MAX_INDENT);
      assertThat(c.replies()).isEmpty();
    });
    assertThat(second.replies().get(1).inReplyTo()).isEqualTo("Name of deep-b");
    assertThat(comments.comments(id)).extracting(Comments.CommentView::body)
        .containsExactly("Level 0", "Level 1", "Level 2", "Level 3", "Level 4", "Level 5");
    String page = signedIn("deep-a").get(path).body();
    assertThat(page).contains("data-depth=\"3\"").doesNotContain("data-depth=\"4\"")
        .contains("in reply to <bdi>Name of deep-b</bdi>");
  }

  /** The failures a member meets are explained in Arabic too, and nothing is stored. */
  @Test
  void failuresAreExplainedInArabic() {
    MemberId author = member("ar-author", Role.MEMBER);
    ProposalId id = inDiscussion(author, "سياسة الإجازات", "إجازة سنوية ثلاثون يومًا.");
    String path = "/proposals/" + id;
    List<String> many = new ArrayList<>();
    for (int i = 0; i < Comments.MAX_MENTIONS + 1; i++) {
      member("ment-many-" + i, Role.MEMBER);
      many.add("@ment-many-" + i);
    }
    WebSession a = signedIn("ar-author");
    a.switchLanguage("ar");
    a.get(path);
    WebSession.Page spam = a.post(path + "/comments", Map.of("stance", "other", "comment", String.join(" ", many)));
    assertThat(spam.status()).isEqualTo(400);
    assertThat(spam.body()).contains("اذكر 10 أعضاء على الأكثر في التعليق الواحد.");
    a.get(path);
    assertThat(a.post(path + "/amendments", Map.of("amendmentTitle", "سياسة الإجازات", "amendment",
        "إجازة سنوية ثلاثون يومًا.")).body()).contains("التعديل مطابق للنص الحالي.");
    a.get(path);
    a.post(path + "/comments", Map.of("stance", "for", "comment", "رأيي."));
    String mine = commentId(path, "رأيي");
    a.get(path);
    assertThat(a.post(path + "/comments/" + mine + "/edit", Map.of("editStance", "for", "edit", "رأيي.")).body())
        .contains("لم يتغير شيء: التعليق كما كان.");
    assertThat(commentCount(path, "@ment-many")).isZero();
    assertThat(amendments(id)).isZero();
    assertThat(versions(mine)).isZero();
  }

  private ProposalId inDiscussion(MemberId author, String title, String body) {
    return proposals.create(author, new NewProposal(title, body, "general", "majority", List.of(), 1, 5, false, null, 2,
        3, 0, false, null));
  }

  private String commentId(String path, String start) {
    return jdbc.sql("SELECT id::text FROM proposal_comment WHERE proposal_id = :p::uuid AND body LIKE :b")
        .param("p", path.substring("/proposals/".length())).param("b", start + "%").query(String.class).single();
  }

  private long commentCount(String path, String start) {
    return jdbc.sql("SELECT count(*) FROM proposal_comment WHERE proposal_id = :p::uuid AND body LIKE :b")
        .param("p", path.substring("/proposals/".length())).param("b", start + "%").query(Long.class).single();
  }

  private String body(String comment) {
    return jdbc.sql("SELECT body FROM proposal_comment WHERE id = :c::uuid").param("c", comment).query(String.class)
        .single();
  }

  private long versions(String comment) {
    return jdbc.sql("SELECT count(*) FROM comment_version WHERE comment_id = :c::uuid").param("c", comment)
        .query(Long.class).single();
  }

  private long amendments(ProposalId id) {
    return jdbc.sql("SELECT count(*) FROM amendment WHERE proposal_id = :p").param("p", id.value()).query(Long.class)
        .single();
  }

  private String amendmentId(ProposalId id, int number) {
    return jdbc.sql("SELECT id::text FROM amendment WHERE proposal_id = :p ORDER BY created_at, id OFFSET :n LIMIT 1")
        .param("p", id.value()).param("n", number - 1).query(String.class).single();
  }

  private long notified(String username, String kind, String about) {
    return jdbc.sql("""
            SELECT count(*) FROM notification n JOIN member m ON m.id = n.member
            WHERE m.username = :u AND n.kind = :k AND n.about = :a::uuid
            """).param("u", username).param("k", kind).param("a", about).query(Long.class).single();
  }
}
