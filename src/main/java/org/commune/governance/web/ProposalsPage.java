package org.commune.governance.web;

import java.util.Arrays;
import java.util.List;
import org.commune.governance.ProposalPhase;
import org.commune.governance.ProposalView;
import org.commune.governance.VoteDurations;
import org.commune.governance.VotingRules;
import org.commune.members.GroupSummary;
import org.commune.web.Form;

/**
 * The list of proposals, narrowed by its filters, and (when {@code showForm}) the form to propose one (its
 * voting time within {@code voting}'s bounds), offering the methods the constitution allows for general
 * decisions and elections, and the groups the member belongs to.
 */
public record ProposalsPage(Filters filters, boolean showForm, List<String> generalMethods,
    List<String> electionMethods, List<GroupSummary> groups, Form form, VotingRules voting) {

  /** The units the voting time may be given in (message keys {@code vote.unit.<unit>}). */
  public List<String> units() {
    return VoteDurations.UNITS;
  }



  /**
   * The filters as chosen ("" = any), the message key of a value that names nothing ("" when none), the
   * proposals they leave, and every group to choose from.
   */
  public record Filters(String phase, String group, String voted, String problem, List<ProposalView> proposals,
      List<GroupSummary> groups) {

    public List<String> phases() {
      return Arrays.stream(ProposalPhase.values()).map(ProposalPhase::code).toList();
    }

    public boolean any() {
      return !phase.isEmpty() || !group.isEmpty() || !voted.isEmpty();
    }
  }

  public List<ProposalView> proposals() {
    return filters.proposals();
  }
}
