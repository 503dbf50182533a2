package org.commune.governance;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a member submits to propose a decision.
 *
 * @param type a decision type of the constitution ("general", "election", "constitution")
 * @param group the group whose members decide, or null for the whole organisation
 * @param discussionDays days of discussion before voting opens (0: voting opens at once)
 * @param votingDays days the vote runs; ignored when {@code voting} is given
 * @param draft true to keep it a draft only its author sees until they start the discussion
 * @param payload for a "constitution" proposal, the proposed rules (JSON); otherwise null
 * @param maxApprovals for approval votes, the most options one ballot may approve (0: any number)
 * @param voting how long the vote runs, to the minute (a meeting's 10-minute vote, or weeks); null:
 *     {@code votingDays} days. Either must lie within the constitution's {@link VotingRules}.
 */
public record NewProposal(String title, String body, String type, String method, List<String> options, int seats,
    int maxScore, boolean secret, @Nullable String group, int discussionDays, int votingDays, int quorumPercent,
    boolean draft, @Nullable String payload, int maxApprovals, @Nullable Duration voting) {

  public NewProposal(String title, String body, String type, String method, List<String> options, int seats,
      int maxScore, boolean secret, @Nullable String group, int discussionDays, int votingDays, int quorumPercent,
      boolean draft, @Nullable String payload, int maxApprovals) {
    this(title, body, type, method, options, seats, maxScore, secret, group, discussionDays, votingDays, quorumPercent,
        draft, payload, maxApprovals, null);
  }

  public NewProposal(String title, String body, String type, String method, List<String> options, int seats,
      int maxScore, boolean secret, @Nullable String group, int discussionDays, int votingDays, int quorumPercent,
      boolean draft, @Nullable String payload) {
    this(title, body, type, method, options, seats, maxScore, secret, group, discussionDays, votingDays, quorumPercent,
        draft, payload, 0, null);
  }

  /** A general decision whose vote opens at once (the demo data's votes, and tests'). */
  public NewProposal(String title, String body, String method, List<String> options, int days, int quorumPercent) {
    this(title, body, "general", method, options, 1, 5, false, null, 0, days, quorumPercent, false, null, 0, null);
  }

  /**
   * A general decision whose vote opens at once and runs for {@code voting} (minutes to weeks): an
   * assembly's quick vote is {@code NewProposal.votingFor("…", "", "majority", List.of(), Duration.ofMinutes(10), 0)}.
   */
  public static NewProposal votingFor(String title, String body, String method, List<String> options, Duration voting,
      int quorumPercent) {
    return new NewProposal(title, body, "general", method, options, 1, 5, false, null, 0, 0, quorumPercent, false, null,
        0, voting);
  }

  /** The same proposal with its vote running for {@code duration}. */
  public NewProposal withVoting(Duration duration) {
    return new NewProposal(title, body, type, method, options, seats, maxScore, secret, group, discussionDays,
        votingDays, quorumPercent, draft, payload, maxApprovals, duration);
  }

  /** The same proposal, decided by one group's members (its slug) and, if {@code secret}, by secret ballot. */
  public NewProposal in(@Nullable String groupSlug, boolean secretBallot) {
    return new NewProposal(title, body, type, method, options, seats, maxScore, secretBallot, groupSlug,
        discussionDays, votingDays, quorumPercent, draft, payload, maxApprovals, voting);
  }

  /** How long the vote runs: {@code voting}, or else {@code votingDays} days. */
  public Duration votingDuration() {
    return voting != null ? voting : Duration.ofDays(votingDays);
  }
}
