package org.commune.governance;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a member submits to propose a decision.
 *
 * @param type a decision type of the constitution ("general", "election", "constitution")
 * @param group the group whose members decide, or null for the whole organisation
 * @param discussionDays days of discussion before voting opens (0: voting opens at once)
 * @param draft true to keep it a draft only its author sees until they start the discussion
 * @param payload for a "constitution" proposal, the proposed rules (JSON); otherwise null
 * @param maxApprovals for approval votes, the most options one ballot may approve (0: any number)
 */
public record NewProposal(String title, String body, String type, String method, List<String> options, int seats,
    int maxScore, boolean secret, @Nullable String group, int discussionDays, int votingDays, int quorumPercent,
    boolean draft, @Nullable String payload, int maxApprovals) {

  public NewProposal(String title, String body, String type, String method, List<String> options, int seats,
      int maxScore, boolean secret, @Nullable String group, int discussionDays, int votingDays, int quorumPercent,
      boolean draft, @Nullable String payload) {
    this(title, body, type, method, options, seats, maxScore, secret, group, discussionDays, votingDays, quorumPercent,
        draft, payload, 0);
  }

  /** A general decision whose vote opens at once (the demo data's votes, and tests'). */
  public NewProposal(String title, String body, String method, List<String> options, int days, int quorumPercent) {
    this(title, body, "general", method, options, 1, 5, false, null, 0, days, quorumPercent, false, null, 0);
  }
}
