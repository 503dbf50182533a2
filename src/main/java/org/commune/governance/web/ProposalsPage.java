package org.commune.governance.web;

import java.util.List;
import org.commune.governance.ProposalView;
import org.commune.governance.VoteDurations;
import org.commune.governance.VotingRules;
import org.commune.web.Form;

/**
 * The list of proposals, and (when {@code showForm}) the form to propose one (its voting time within {@code voting}'s bounds), offering the methods the
 * constitution allows for general decisions and elections, and the groups the member belongs to.
 */
public record ProposalsPage(List<ProposalView> proposals, boolean showForm, List<String> generalMethods,
    List<String> electionMethods, List<GroupChoice> groups, Form form, VotingRules voting) {

  /** The units the voting time may be given in (message keys {@code vote.unit.<unit>}). */
  public List<String> units() {
    return VoteDurations.UNITS;
  }

  public record GroupChoice(String slug, String name) {}
}
