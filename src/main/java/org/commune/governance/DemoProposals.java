package org.commune.governance;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.commune.members.MemberId;
import org.commune.members.MemberSummary;
import org.commune.members.Members;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/** Demo mode: a few bilingual proposals, one decided and two open, on top of the demo organisation. */
@Component
@Profile("demo")
@Order(20)
class DemoProposals implements ApplicationRunner {

  private final Proposals proposals;
  private final Members members;

  DemoProposals(Proposals proposals, Members members) {
    this.proposals = proposals;
    this.members = members;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (proposals.any()) {
      return;
    }
    Map<String, MemberId> ids = new java.util.HashMap<>();
    for (MemberSummary member : members.all()) {
      ids.put(member.username(), member.id());
    }
    if (!ids.containsKey("amina")) {
      return;
    }
    ProposalId fund = proposals.open(ids.get("amina"), new NewProposal(
        "Join the regional strike fund / الانضمام إلى صندوق الإضراب الإقليمي",
        "We pay 2% of dues into the regional strike fund. / ندفع 2% من الاشتراكات إلى صندوق الإضراب الإقليمي.",
        "majority", List.of(), 7, 25));
    for (String name : List.of("amina", "karim", "salma", "youssef", "hassan")) {
      proposals.cast(ids.get(name), fund, new BallotInput(name.equals("youssef") ? "no" : "yes", Set.of(), Map.of()));
    }
    proposals.close(fund);

    ProposalId campaign = proposals.open(ids.get("salma"), new NewProposal(
        "Next campaign / الحملة القادمة", "Rank the three campaigns. / رتّب الحملات الثلاث.", "schulze",
        List.of("Safe ports / موانئ آمنة", "Fair wages / أجور عادلة", "Housing / السكن"), 10, 0));
    proposals.cast(ids.get("karim"), campaign, new BallotInput("", Set.of(), Map.of(1, 1, 0, 2)));
    proposals.cast(ids.get("nour"), campaign, new BallotInput("", Set.of(), Map.of(0, 1, 2, 2, 1, 3)));

    proposals.open(ids.get("karim"), new NewProposal(
        "Meeting days / أيام الاجتماعات", "Approve every day that suits you. / وافق على كل يوم يناسبك.", "approval",
        List.of("Monday / الاثنين", "Wednesday / الأربعاء", "Saturday / السبت"), 5, 0));
  }
}
