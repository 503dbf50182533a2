package org.commune.governance;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.commune.governance.deliberation.Amendments;
import org.commune.governance.deliberation.Comments;
import org.commune.governance.deliberation.Deliberation;
import org.commune.members.MemberId;
import org.commune.members.MemberSummary;
import org.commune.members.Members;
import org.commune.members.Role;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Demo mode: bilingual proposals in every state on top of the demo organisation: a draft, one in
 * discussion (comments, an amendment), open votes (ranked, approval, consent with an objection), a
 * decided vote being implemented, and a secret STV election with its stages.
 */
@Component
@Profile("demo")
@Order(20)
class DemoProposals implements ApplicationRunner {

  private final Proposals proposals;
  private final Deliberation deliberation;
  private final Comments comments;
  private final Amendments amendments;
  private final Members members;

  DemoProposals(Proposals proposals, Deliberation deliberation, Comments comments, Amendments amendments,
      Members members) {
    this.proposals = proposals;
    this.deliberation = deliberation;
    this.comments = comments;
    this.amendments = amendments;
    this.members = members;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (proposals.any()) {
      return;
    }
    Map<String, MemberId> ids = new HashMap<>();
    for (MemberSummary member : members.all()) {
      ids.put(member.username(), member.id());
    }
    if (!ids.containsKey("amina")) {
      return;
    }
    ProposalId fund = proposals.create(ids.get("amina"), new NewProposal(
        "Join the regional strike fund / الانضمام إلى صندوق الإضراب الإقليمي",
        "We pay 2% of dues into the regional strike fund. / ندفع 2% من الاشتراكات إلى صندوق الإضراب الإقليمي.",
        "majority", List.of(), 7, 25));
    for (String name : List.of("amina", "karim", "salma", "youssef", "hassan")) {
      proposals.cast(ids.get(name), fund, new BallotInput(name.equals("youssef") ? "no" : "yes", Set.of(), Map.of()));
    }
    proposals.close(fund);

    deliberation.reportProgress(ids.get("amina"), Role.STEWARD, fund, "in_progress",
        "The first transfer went out this month. / خرج التحويل الأول هذا الشهر.");

    ProposalId campaign = proposals.create(ids.get("salma"), new NewProposal(
        "Next campaign / الحملة القادمة", "Rank the three campaigns. / رتّب الحملات الثلاث.", "schulze",
        List.of("Safe ports / موانئ آمنة", "Fair wages / أجور عادلة", "Housing / السكن"), 10, 0));
    proposals.cast(ids.get("karim"), campaign, new BallotInput("", Set.of(), Map.of(1, 1, 0, 2)));
    proposals.cast(ids.get("nour"), campaign, new BallotInput("", Set.of(), Map.of(0, 1, 2, 2, 1, 3)));

    proposals.create(ids.get("karim"), new NewProposal(
        "Meeting days / أيام الاجتماعات", "Approve every day that suits you. / وافق على كل يوم يناسبك.", "approval",
        List.of("Monday / الاثنين", "Wednesday / الأربعاء", "Saturday / السبت"), 5, 0));

    // An election, decided by Scottish STV, with every stage on its result page.
    ProposalId audit = proposals.create(ids.get("amina"), new NewProposal("Audit committee election / انتخاب لجنة الرقابة",
        "Two seats. / مقعدان.", "election", "scottish-stv", List.of("Karim / كريم", "Salma", "Youssef / يوسف", "Nour"),
        2, 5, true, null, 0, 3, 0, false, null));
    int[][] rankings = {{0, 1}, {1, 3}, {0, 2}, {2, 0, 1}, {3, 1}, {1, 0}};
    String[] voters = {"amina", "karim", "salma", "youssef", "nour", "hassan"};
    for (int v = 0; v < voters.length; v++) {
      Map<Integer, Integer> ranks = new HashMap<>();
      for (int r = 0; r < rankings[v].length; r++) {
        ranks.put(rankings[v][r], r + 1);
      }
      proposals.cast(ids.get(voters[v]), audit, new BallotInput("", Set.of(), ranks));
    }
    proposals.close(audit);

    // A consent decision still open, with one objection.
    ProposalId office = proposals.create(ids.get("hassan"), new NewProposal("Share an office with the teachers / مشاركة مقر مع المعلمين",
        "We move in with the teachers' union in March. / ننتقل إلى مقر نقابة المعلمين في مارس.", "consent", List.of(), 7, 0));
    deliberation.object(ids.get("nour"), office, "Only if the room is accessible. / بشرط أن تكون القاعة مهيأة لذوي الإعاقة.");

    // In discussion: comments for and against, a question with a reply (mentioning a member), an
    // amendment of the text and the title waiting for its author.
    ProposalId dues = proposals.create(ids.get("youssef"), new NewProposal("Lower dues for students / تخفيض الاشتراك للطلاب",
        "Students pay **half** dues. / يدفع الطلاب **نصف** الاشتراك.", "general", "supermajority", List.of(), 1, 5, false,
        null, 5, 7, 0, false, null));
    comments.comment(ids.get("salma"), dues, null, "for", "It brings young members in. / يجذب أعضاء شبابًا.");
    comments.comment(ids.get("karim"), dues, null, "question", "How do we check student status? / كيف نتحقق من صفة الطالب؟");
    comments.comment(ids.get("hassan"), dues, null, "against", "The strike fund needs every pound. / صندوق الإضراب يحتاج كل جنيه.");
    comments.thread(dues, null).stream().filter(c -> c.stance().equals("question")).findFirst().ifPresent(question ->
        comments.comment(ids.get("youssef"), dues, question.id(), "other",
            "A student card, as @amina suggested. / بطاقة الطالب، كما اقترحت @amina."));
    amendments.propose(ids.get("nour"), dues, "Lower dues for students and apprentices / تخفيض الاشتراك للطلاب والمتدربين",
        "Students and apprentices pay **half** dues. / يدفع الطلاب والمتدربون **نصف** الاشتراك.",
        "Apprentices earn as little. / المتدربون دخلهم ضئيل أيضًا.");

    // A draft only its author sees, in a group's scope.
    proposals.create(ids.get("karim"), new NewProposal("Alexandria port action / تحرك ميناء الإسكندرية",
        "Draft: a one-day action at the port. / مسودة: تحرك ليوم واحد في الميناء.", "general", "majority", List.of(), 1, 5,
        false, "alexandria", 3, 7, 0, true, null));
  }
}
